/**
 * POST /auth/refresh, /auth/logout, /auth/logout-all. Refresh and logout are
 * authenticated by the refresh cookie (so logout works after the access token
 * expired); their CSRF check binds the header to the session the cookie names.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { clientInfo, toUser, type RouteOptions } from '../../context.js'
import { InvalidRefreshTokenError } from '../../errors.js'
import { clearSessionCookies } from '../../lib/session-cookies.js'
import { recordSecurityEvent } from '../../repositories/security-events-repository.js'
import { revokeSession, revokeUserSessions } from '../../repositories/sessions-repository.js'
import { NoContentSchema, ProblemSchema, UserSchema } from '../../schemas/user.js'
import { sendSession } from './session-response.js'
import { assertCsrf, requireLiveSession } from './guards.js'

const RefreshResponse = Type.Object(
  { user: UserSchema, accessTokenExpiresAt: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
)

const sessionTokenRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const { sessions, db, clock, cookieNames, config } = ctx

  app.post(
    '/refresh',
    { schema: { response: { 200: RefreshResponse, 401: ProblemSchema, 403: ProblemSchema } } },
    async (request, reply) => {
      const refreshToken = request.cookies[cookieNames.refresh]
      const session = refreshToken ? await sessions.sessionOfRefreshToken(refreshToken) : undefined
      if (!refreshToken || !session) {
        clearSessionCookies(reply, cookieNames, config.COOKIE_SECURE)
        throw new InvalidRefreshTokenError()
      }
      assertCsrf(ctx, request, session.id)
      const outcome = await sessions.refresh(refreshToken, clientInfo(request))
      if (!outcome.ok) {
        if (outcome.reason === 'reuse_detected') {
          request.log.warn({ sessionId: outcome.sessionId, userId: outcome.userId }, 'refresh token reuse detected; session revoked')
        }
        clearSessionCookies(reply, cookieNames, config.COOKIE_SECURE)
        throw new InvalidRefreshTokenError()
      }
      sendSession(ctx, reply, outcome.tokens)
      return { user: toUser(outcome.tokens.user), accessTokenExpiresAt: outcome.tokens.accessTokenExpiresAt.toISOString() }
    },
  )

  app.post('/logout', { schema: { response: { 204: NoContentSchema, 403: ProblemSchema } } }, async (request, reply) => {
    const refreshToken = request.cookies[cookieNames.refresh]
    const session = refreshToken ? await sessions.sessionOfRefreshToken(refreshToken) : undefined
    if (session) {
      assertCsrf(ctx, request, session.id)
      if (await revokeSession(db, session.id, 'logout', clock.now())) {
        await recordSecurityEvent(
          db,
          { userId: session.userId, type: 'session_revoked', ...clientInfo(request), detail: { sessionId: session.id, reason: 'logout' } },
          clock.now(),
        )
      }
    }
    // Without a (known) session there is nothing to revoke; clearing the cookies is still right.
    clearSessionCookies(reply, cookieNames, config.COOKIE_SECURE)
    return reply.code(204).send(null)
  })

  app.post(
    '/logout-all',
    {
      schema: { response: { 204: NoContentSchema, 401: ProblemSchema, 403: ProblemSchema } },
      onRequest: [app.authenticate],
      preHandler: requireLiveSession(ctx),
    },
    async (request, reply) => {
      const now = clock.now()
      const count = await db.transaction(async (tx) => {
        const revoked = await revokeUserSessions(tx, request.user.id, 'logout_all', now)
        await recordSecurityEvent(tx, { userId: request.user.id, type: 'logout_all', ...clientInfo(request), detail: { sessions: revoked } }, now)
        return revoked
      })
      request.log.info({ userId: request.user.id, sessions: count }, 'signed out everywhere')
      clearSessionCookies(reply, cookieNames, config.COOKIE_SECURE)
      return reply.code(204).send(null)
    },
  )
}

export default sessionTokenRoutes
