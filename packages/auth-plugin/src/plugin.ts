/**
 * @proddash/auth-plugin: the one place ProdDash verifies access tokens.
 *
 * A thin layer over @fastify/jwt (fast-jwt underneath) that pins what the
 * token may not choose for itself: the algorithm (EdDSA only), the key (from
 * the pinned JWKS, by kid), the type (`at+jwt`), issuer, audience and expiry
 * with a bounded clock tolerance. It reads the token from `Authorization:
 * Bearer` or the access cookie, checks CSRF for cookie-authenticated unsafe
 * requests, and gives routes `request.user` and two guards.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import fastifyCookie from '@fastify/cookie'
import fastifyJwt from '@fastify/jwt'
import { cookieNames, csrfTokenHash, safeEqual, CSRF_HEADER, UNSAFE_METHODS, type CookieNames } from './cookies.js'
import { CsrfError, ForbiddenRoleError, InvalidTokenError } from './errors.js'
import { JwksKeyStore, remoteJwks, type JwksSource } from './jwks-key-store.js'
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, ROLES, type AccessTokenClaims, type AuthenticatedUser, type Role } from './types.js'

export interface AuthPluginOptions {
  /** Expected `iss`. */
  issuer: string
  /** Expected `aud` (this service's audience). */
  audience: string
  /** Where the auth service publishes its keys. Give this or `jwks`. */
  jwksUrl?: string
  /** An in-process key source (the auth service verifying its own tokens). */
  jwks?: JwksSource
  /** Secure cookies with __Host-/__Secure- names (default true). */
  secureCookies?: boolean
  /** Override individual cookie names. */
  cookieNames?: Partial<CookieNames>
  /** Allowed clock skew for exp/nbf/iat, at most 30 s (default 30 s). */
  clockToleranceSeconds?: number
  /** Longest token accepted, in characters (default 4096). */
  maxTokenLength?: number
  /** Floor between two JWKS fetches (default 10 s). */
  jwksMinRefetchIntervalMs?: number
  /** Age after which the JWKS is refreshed in the background (default 5 min). */
  jwksMaxAgeMs?: number
  /** How many verified tokens to remember until their exp (default 10 000). */
  verifiedTokenCacheSize?: number
}

export type TokenSource = 'bearer' | 'cookie'

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessTokenClaims
    user: AuthenticatedUser
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest guard: a valid access token (and CSRF for cookie-authenticated unsafe requests). */
    authenticate: onRequestAsyncHookHandler
    /** onRequest guard to put after `authenticate`: the caller has this role. */
    requireRole(role: Role): onRequestAsyncHookHandler
  }
  interface FastifyRequest {
    /** Where the verified token came from, once `authenticate` ran. */
    accessTokenSource: TokenSource | null
  }
}

// A JWS compact serialisation: three base64url segments (the signature may be empty only in forgeries, refused later).
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MAX_CLOCK_TOLERANCE_SECONDS = 30
const kToken = Symbol('proddash.accessToken')

type RequestWithToken = FastifyRequest & { [kToken]?: string }

async function authPlugin(app: FastifyInstance, options: AuthPluginOptions) {
  if (!options.issuer || !options.audience) throw new Error('@proddash/auth-plugin needs issuer and audience')
  if (!options.jwksUrl === !options.jwks) throw new Error('@proddash/auth-plugin needs exactly one of jwksUrl or jwks')
  const names = { ...cookieNames(options.secureCookies ?? true), ...options.cookieNames }
  const clockToleranceSeconds = Math.min(options.clockToleranceSeconds ?? MAX_CLOCK_TOLERANCE_SECONDS, MAX_CLOCK_TOLERANCE_SECONDS)
  const maxTokenLength = options.maxTokenLength ?? 4096

  const keyStore = new JwksKeyStore({
    source: options.jwks ?? remoteJwks(options.jwksUrl!),
    minRefetchIntervalMs: options.jwksMinRefetchIntervalMs ?? 10_000,
    maxAgeMs: options.jwksMaxAgeMs ?? 5 * 60_000,
    log: app.log,
  })

  if (!app.hasRequestDecorator('cookies')) await app.register(fastifyCookie)

  await app.register(fastifyJwt, {
    // Verify-only: a resource service holds public keys and can sign nothing.
    secret: {
      public: async (_request: FastifyRequest, token: { header: { kid?: unknown } }) => {
        const pem = await keyStore.publicKeyPem(token.header.kid)
        if (!pem) throw new InvalidTokenError('unknown signing key')
        return pem
      },
    },
    decode: { complete: true },
    verify: {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      allowedIss: options.issuer,
      allowedAud: options.audience,
      checkTyp: ACCESS_TOKEN_TYPE,
      requiredClaims: ['iss', 'aud', 'sub', 'sid', 'exp', 'iat', 'jti'],
      clockTolerance: clockToleranceSeconds * 1000,
      // Asymmetric verification is ~10x dearer than HMAC: remember good tokens until they expire.
      cache: options.verifiedTokenCacheSize ?? 10_000,
      // Remember refusals briefly too, so replaying one forged token costs nothing.
      errorCacheTTL: 60_000,
      extractToken: (request: FastifyRequest) => (request as RequestWithToken)[kToken],
    },
  } as never)

  app.decorateRequest('accessTokenSource', null)

  // Fetch keys at start so the first request does not wait; failure is not fatal.
  app.addHook('onReady', async () => {
    await keyStore.refresh()
  })

  async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const found = findToken(request, names.access)
    if (!found) return refuse(reply, 'no access token')
    if (found.token.length > maxTokenLength || !COMPACT_JWS.test(found.token)) return refuse(reply, 'malformed token')

    let claims: AccessTokenClaims
    try {
      ;(request as RequestWithToken)[kToken] = found.token
      claims = await request.jwtVerify<AccessTokenClaims>()
    } catch (error) {
      request.log.debug({ err: error }, 'access token refused')
      return refuse(reply, 'invalid or expired token')
    }
    if (!isWellFormed(claims)) return refuse(reply, 'invalid token claims')

    if (found.source === 'cookie' && UNSAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER]
      const cookie = request.cookies[names.csrf]
      if (
        typeof header !== 'string' ||
        typeof cookie !== 'string' ||
        !safeEqual(header, cookie) ||
        !safeEqual(csrfTokenHash(header), claims.csrf)
      ) {
        throw new CsrfError()
      }
    }

    request.accessTokenSource = found.source
    request.user = { id: claims.sub, sessionId: claims.sid, role: claims.role }
  }

  app.decorate('authenticate', authenticate)
  app.decorate('requireRole', (role: Role) => {
    return async function requireRole(request: FastifyRequest, reply: FastifyReply) {
      if (!request.user) return refuse(reply, 'no access token')
      if (request.user.role !== role) throw new ForbiddenRoleError(role)
    }
  })
}

function findToken(request: FastifyRequest, accessCookie: string): { token: string; source: TokenSource } | undefined {
  const authorization = request.headers.authorization
  if (authorization !== undefined) {
    // A malformed Authorization header is refused rather than silently falling back to the cookie.
    const match = /^Bearer ([^\s]+)$/i.exec(authorization)
    return match ? { token: match[1]!, source: 'bearer' } : { token: '', source: 'bearer' }
  }
  const cookie = request.cookies?.[accessCookie]
  return cookie ? { token: cookie, source: 'cookie' } : undefined
}

function isWellFormed(claims: AccessTokenClaims): boolean {
  return (
    typeof claims.sub === 'string' &&
    UUID.test(claims.sub) &&
    typeof claims.sid === 'string' &&
    UUID.test(claims.sid) &&
    ROLES.includes(claims.role) &&
    typeof claims.csrf === 'string'
  )
}

function refuse(reply: FastifyReply, reason: string): never {
  reply.header('www-authenticate', `Bearer realm="proddash", error="invalid_token", error_description="${reason}"`)
  throw new InvalidTokenError(reason)
}

export default fp(authPlugin, { name: '@proddash/auth-plugin', fastify: '5.x' })
