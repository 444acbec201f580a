/** Hands a freshly issued session to the browser: the three cookies, never a token in the body. */
import type { FastifyReply } from 'fastify'
import type { AuthContext } from '../../context.js'
import { setSessionCookies } from '../../lib/session-cookies.js'
import type { IssuedTokens } from '../../services/session-service.js'

export function sendSession(ctx: AuthContext, reply: FastifyReply, tokens: IssuedTokens): void {
  setSessionCookies(reply, ctx.cookieNames, ctx.config.COOKIE_SECURE, {
    accessToken: tokens.accessToken,
    accessTtlSeconds: ctx.config.ACCESS_TOKEN_TTL_SECONDS,
    refreshToken: tokens.refreshToken,
    csrfToken: tokens.csrfToken,
    sessionMaxAgeSeconds: (tokens.session.absoluteExpiresAt.getTime() - ctx.clock.now().getTime()) / 1000,
  })
}
