/**
 * pino options for every service: JSON lines with request ids, and every
 * place a secret can travel redacted — cookies both ways, authorization, the
 * CSRF header, and password/token fields should a body ever be logged.
 */
import type { FastifyServerOptions } from 'fastify'

export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
  '*.privateKey',
  'password',
  'token',
]

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(stream ? { stream } : {}),
    serializers: {
      req(request: { method: string; url: string; headers: Record<string, unknown>; ip?: string; id?: string }) {
        // Only the path: query strings may carry things users did not mean to log.
        return {
          method: request.method,
          url: request.url.split('?')[0],
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        }
      },
    },
  }
}
