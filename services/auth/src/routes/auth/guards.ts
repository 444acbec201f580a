/**
 * Route guards of the auth service (onRequest/preHandler hooks), in one file:
 * refusing cross-site credential posts, checking the CSRF token of
 * refresh-cookie routes, and making sure an access token's session is still
 * live (the auth service holds the session table, so it can refuse a token
 * whose session was revoked even before the token expires).
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { CSRF_HEADER, safeEqual } from '@proddash/auth-plugin'
import type { AuthContext } from '../../context.js'
import { CrossSiteRefusedError, CsrfRefusedError, SessionEndedError } from '../../errors.js'
import { isCrossSiteRequest } from '../../lib/origin.js'

export function refuseCrossSite(ctx: AuthContext) {
  return async function refuseCrossSiteRequest(request: FastifyRequest) {
    if (isCrossSiteRequest(request, ctx.config.allowedOrigins, ctx.config.allowLocalhostOrigins)) {
      request.log.warn({ origin: request.headers.origin, secFetchSite: request.headers['sec-fetch-site'] }, 'cross-site credential request refused')
      throw new CrossSiteRefusedError()
    }
  }
}

/** Double submit (header == cookie) plus binding: the value must be the session's derived CSRF token. */
export function assertCsrf(ctx: AuthContext, request: FastifyRequest, sessionId: string): void {
  const header = request.headers[CSRF_HEADER]
  const cookie = request.cookies[ctx.cookieNames.csrf]
  if (
    typeof header !== 'string' ||
    typeof cookie !== 'string' ||
    !safeEqual(header, cookie) ||
    !safeEqual(header, ctx.sessions.csrfToken(sessionId))
  ) {
    throw new CsrfRefusedError()
  }
}

/** After app.authenticate: the token's session must not be revoked or expired. */
export function requireLiveSession(ctx: AuthContext) {
  return async function requireLiveSessionHook(request: FastifyRequest, reply: FastifyReply) {
    const session = await ctx.sessions.liveSession(request.user.sessionId, request.user.id)
    if (!session) {
      reply.header('www-authenticate', 'Bearer realm="proddash", error="invalid_token", error_description="session ended"')
      throw new SessionEndedError()
    }
  }
}
