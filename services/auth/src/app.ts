/**
 * The auth service as one Fastify instance: external plugins first (cookies,
 * security headers, problem handlers, rate limiting, the shared token
 * verifier), then the service's own pieces (key store, session service,
 * limiters), then the routes — all registered here, explicitly.
 *
 * `buildApp(config, deps)` takes an opened, migrated database; server.ts and
 * the tests own its life cycle. Closing the app stops the key store's timer
 * but leaves the database to its owner.
 */
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import underPressure from '@fastify/under-pressure'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import authPlugin, { cookieNames } from '@proddash/auth-plugin'
import { drainHandlersPlugin, healthRoutes, problemHandlersPlugin, securityHeadersPlugin, serverOptions } from '@proddash/http'
import type { AuthConfig } from './config.js'
import type { AuthContext } from './context.js'
import type { AuthDatabase } from './db/database.js'
import { TooManyAttemptsError } from './errors.js'
import { systemClock, type Clock } from './lib/clock.js'
import { csrfKey } from './lib/crypto.js'
import { FailureLimiter } from './lib/failure-limiter.js'
import { PasswordHasher } from './lib/passwords.js'
import accountRoutes from './routes/auth/account.js'
import credentialRoutes from './routes/auth/credentials.js'
import sessionTokenRoutes from './routes/auth/session-tokens.js'
import jwksRoutes from './routes/jwks.js'
import { KeyStore } from './services/key-store.js'
import { SessionService } from './services/session-service.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The signing keys (rotation, JWKS); exposed for operations tooling and tests. */
    keyStore: KeyStore
  }
}

export interface AppDependencies {
  database: AuthDatabase
  /** Injected in tests to move time forward. */
  clock?: Clock
  /** Where logs go (tests capture them); stdout when absent. */
  logStream?: NodeJS.WritableStream
}

export async function buildApp(config: AuthConfig, deps: AppDependencies): Promise<FastifyInstance> {
  const clock = deps.clock ?? systemClock
  const app = Fastify(
    serverOptions({ logLevel: config.LOG_LEVEL, trustProxy: config.TRUST_PROXY, bodyLimit: 16 * 1024, logStream: deps.logStream }),
  ).withTypeProvider<TypeBoxTypeProvider>()

  const db = deps.database.db
  const keyStore = new KeyStore({
    db,
    encryptionKey: config.AUTH_KEY_ENCRYPTION_KEY,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshSeconds: config.SIGNING_KEY_REFRESH_SECONDS,
    clock,
    log: app.log,
  })
  await keyStore.start()
  app.addHook('onClose', async () => keyStore.stop())
  app.decorate('keyStore', keyStore)

  const hasher = new PasswordHasher(
    { memoryKiB: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST, parallelism: config.ARGON2_PARALLELISM },
    config.ARGON2_MAX_CONCURRENT,
  )
  await hasher.warm()

  const ctx: AuthContext = {
    config,
    db,
    clock,
    keyStore,
    hasher,
    cookieNames: cookieNames(config.COOKIE_SECURE),
    sessions: new SessionService({
      db,
      keyStore,
      clock,
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      sessionIdleTtlSeconds: config.SESSION_IDLE_TTL,
      sessionAbsoluteTtlSeconds: config.SESSION_ABSOLUTE_TTL,
      refreshReuseGraceSeconds: config.REFRESH_REUSE_GRACE_SECONDS,
      csrfKey: csrfKey(config.AUTH_KEY_ENCRYPTION_KEY),
    }),
    loginLimiters: {
      ip: new FailureLimiter({ maxFailures: config.LOGIN_MAX_FAILURES_PER_IP, windowSeconds: config.LOGIN_FAILURE_WINDOW, now: () => clock.now().getTime() }),
      account: new FailureLimiter({
        maxFailures: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        windowSeconds: config.LOGIN_FAILURE_WINDOW,
        now: () => clock.now().getTime(),
      }),
    },
  }

  // External plugins.
  await app.register(problemHandlersPlugin)
  // Before any route: shutdown waits for every handler (see @proddash/http's drain.ts).
  await app.register(drainHandlersPlugin)
  await app.register(securityHeadersPlugin)
  if (config.MAX_EVENT_LOOP_DELAY_MS > 0) {
    // Argon2 runs off the event loop, so a lagging loop means real overload: answer 503 fast rather than slowly.
    await app.register(underPressure, { maxEventLoopDelay: config.MAX_EVENT_LOOP_DELAY_MS, retryAfter: 5, exposeStatusRoute: false })
  }
  await app.register(fastifyCookie)
  await app.register(rateLimit, {
    global: false,
    // In memory per instance (see README); keyed by the client IP Fastify derived under TRUST_PROXY.
    errorResponseBuilder: (_request, context) => new TooManyAttemptsError(Math.ceil(context.ttl / 1000)),
  })
  await app.register(authPlugin, {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    jwks: async () => keyStore.jwks(),
    secureCookies: config.COOKIE_SECURE,
    // The key source is this process's memory, so re-reading it on an unknown kid costs nothing.
    jwksMinRefetchIntervalMs: 0,
  })

  // Routes.
  await app.register(healthRoutes({ ping: deps.database.ping }))
  await app.register(jwksRoutes, { ctx })
  await app.register(credentialRoutes, { ctx, prefix: '/auth' })
  await app.register(sessionTokenRoutes, { ctx, prefix: '/auth' })
  await app.register(accountRoutes, { ctx, prefix: '/auth' })

  return app
}
