/**
 * Everything the routes share, built once in app.ts and handed to each route
 * plugin as its options (explicit wiring instead of decorators: the reader of
 * a route file sees what it uses).
 */
import type { FastifyRequest } from 'fastify'
import type { CookieNames } from '@proddash/auth-plugin'
import type { AuthConfig } from './config.js'
import type { AuthDb } from './db/database.js'
import type { UserRow } from './db/schema/index.js'
import type { Clock } from './lib/clock.js'
import type { FailureLimiter } from './lib/failure-limiter.js'
import type { PasswordHasher } from './lib/passwords.js'
import type { User } from './schemas/user.js'
import type { KeyStore } from './services/key-store.js'
import type { ClientInfo, SessionService } from './services/session-service.js'

export interface AuthContext {
  config: AuthConfig
  db: AuthDb
  clock: Clock
  keyStore: KeyStore
  sessions: SessionService
  hasher: PasswordHasher
  cookieNames: CookieNames
  loginLimiters: { ip: FailureLimiter; account: FailureLimiter }
}

export interface RouteOptions {
  ctx: AuthContext
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
  }
}

export function clientInfo(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent']
  return { ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null }
}
