/**
 * Fastify construction options chosen on purpose for an internet-facing
 * service behind Caddy: limits on bodies, params and time; request ids; which
 * proxies may set X-Forwarded-*; and validation that refuses unknown fields
 * instead of silently stripping them, and never coerces JSON bodies
 * (see validation.ts).
 */
import { randomUUID } from 'node:crypto'
import type { FastifyServerOptions } from 'fastify'
import { loggerOptions } from './logger.js'
import { buildValidator } from './validation.js'

export interface ServerOptionsInput {
  logLevel: string
  trustProxy: boolean | number | string
  bodyLimit?: number
  logStream?: NodeJS.WritableStream
}

export function serverOptions(input: ServerOptionsInput): FastifyServerOptions {
  return {
    logger: loggerOptions(input.logLevel, input.logStream),
    // Fastify accepts a hop count at run time though its types omit it.
    trustProxy: input.trustProxy as FastifyServerOptions['trustProxy'],
    bodyLimit: input.bodyLimit ?? 64 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 65_000, // longer than Caddy's idle upstream timeout
    return503OnClosing: true,
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    schemaController: { compilersFactory: { buildValidator } },
  }
}
