/**
 * The signed-in user's own account: GET/PATCH /auth/me (profile names only),
 * POST /auth/password, GET/DELETE /auth/sessions, GET /auth/events. Every
 * route authenticates through @proddash/auth-plugin and then checks that the
 * token's session is still live.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { clientInfo, toUser, type RouteOptions } from '../../context.js'
import {
  CurrentPasswordWrongError,
  SessionNotFoundError,
  SessionEndedError,
  TooManyAttemptsError,
  WeakPasswordError,
} from '../../errors.js'
import { withFieldErrors, withHeaders } from '@proddash/http'
import { passwordProblems } from '../../lib/passwords.js'
import { clearSessionCookies } from '../../lib/session-cookies.js'
import { listUserSecurityEvents, recordSecurityEvent } from '../../repositories/security-events-repository.js'
import { listLiveSessions, revokeSession, revokeUserSessions } from '../../repositories/sessions-repository.js'
import { findUserById, updatePasswordHash, updateProfile } from '../../repositories/users-repository.js'
import { NameSchema, NoContentSchema, ProblemSchema, UserResponseSchema, UuidSchema } from '../../schemas/user.js'
import { requireLiveSession } from './guards.js'

const ProfilePatch = Type.Object(
  { firstName: Type.Optional(NameSchema), lastName: Type.Optional(NameSchema) },
  { additionalProperties: false, minProperties: 1 },
)

const PasswordChange = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
)

const SessionSchema = Type.Object(
  {
    id: UuidSchema,
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.String({ format: 'date-time' }),
    userAgent: Type.Union([Type.String(), Type.Null()]),
    current: Type.Boolean(),
  },
  { additionalProperties: false },
)

const EventSchema = Type.Object(
  {
    id: UuidSchema,
    type: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    ip: Type.Union([Type.String(), Type.Null()]),
    userAgent: Type.Union([Type.String(), Type.Null()]),
    detail: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
)

const EVENTS_SHOWN = 50

const accountRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const { db, clock, hasher, cookieNames, config, loginLimiters } = ctx
  const guarded = { onRequest: [app.authenticate], preHandler: requireLiveSession(ctx) }
  const authProblems = { 401: ProblemSchema, 403: ProblemSchema }

  async function currentUser(id: string) {
    const user = await findUserById(db, id)
    // A live session of a deleted user cannot happen (cascade), but be strict.
    if (!user) throw new SessionEndedError()
    return user
  }

  app.get('/me', { ...guarded, schema: { response: { 200: UserResponseSchema, ...authProblems } } }, async (request) => ({
    user: toUser(await currentUser(request.user.id)),
  }))

  app.patch(
    '/me',
    { ...guarded, schema: { body: ProfilePatch, response: { 200: UserResponseSchema, 400: ProblemSchema, ...authProblems } } },
    async (request) => {
      const updated = await updateProfile(db, request.user.id, request.body, clock.now())
      if (!updated) throw new SessionEndedError()
      return { user: toUser(updated) }
    },
  )

  app.post(
    '/password',
    { ...guarded, schema: { body: PasswordChange, response: { 204: NoContentSchema, 400: ProblemSchema, 429: ProblemSchema, ...authProblems } } },
    async (request, reply) => {
      const user = await currentUser(request.user.id)
      // Guessing the current password through a stolen session is throttled like guessing it at login.
      const throttleKey = `password-change:${user.id}`
      const wait = loginLimiters.account.retryAfterSeconds(throttleKey)
      if (wait > 0) throw withHeaders(new TooManyAttemptsError(wait), { 'retry-after': String(wait) })
      if (!(await hasher.verify(user.passwordHash, request.body.currentPassword))) {
        loginLimiters.account.recordFailure(throttleKey)
        throw withFieldErrors(new CurrentPasswordWrongError(), [{ field: '/body/currentPassword', message: 'is not correct' }])
      }
      loginLimiters.account.reset(throttleKey)
      const problems = passwordProblems(request.body.newPassword, { username: user.username, email: user.email })
      if (problems.length > 0) {
        throw withFieldErrors(new WeakPasswordError(), problems.map((message) => ({ field: '/body/newPassword', message })))
      }
      const passwordHash = await hasher.hash(request.body.newPassword)
      const now = clock.now()
      const revoked = await db.transaction(async (tx) => {
        await updatePasswordHash(tx, user.id, passwordHash, now, true)
        // Whoever else holds a session may be the reason for the change: they go; this session stays.
        const count = await revokeUserSessions(tx, user.id, 'password_changed', now, request.user.sessionId)
        await recordSecurityEvent(tx, { userId: user.id, type: 'password_changed', ...clientInfo(request), detail: { sessionsRevoked: count } }, now)
        return count
      })
      request.log.info({ userId: user.id, sessionsRevoked: revoked }, 'password changed')
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/sessions',
    { ...guarded, schema: { response: { 200: Type.Object({ items: Type.Array(SessionSchema) }, { additionalProperties: false }), ...authProblems } } },
    async (request) => {
      const rows = await listLiveSessions(db, request.user.id, clock.now())
      return {
        items: rows.map((row) => ({
          id: row.id,
          createdAt: row.createdAt.toISOString(),
          lastUsedAt: row.lastUsedAt.toISOString(),
          userAgent: row.userAgent,
          current: row.id === request.user.sessionId,
        })),
      }
    },
  )

  app.delete(
    '/sessions/:id',
    {
      ...guarded,
      schema: {
        params: Type.Object({ id: UuidSchema }, { additionalProperties: false }),
        response: { 204: NoContentSchema, 404: ProblemSchema, ...authProblems },
      },
    },
    async (request, reply) => {
      const now = clock.now()
      // Scoped to the caller: another user's session id is indistinguishable from a made-up one (404).
      const revoked = await revokeSession(db, request.params.id, 'revoked_by_user', now, request.user.id)
      if (!revoked) throw new SessionNotFoundError()
      await recordSecurityEvent(
        db,
        { userId: request.user.id, type: 'session_revoked', ...clientInfo(request), detail: { sessionId: request.params.id, reason: 'revoked_by_user' } },
        now,
      )
      if (request.params.id === request.user.sessionId) clearSessionCookies(reply, cookieNames, config.COOKIE_SECURE)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/events',
    { ...guarded, schema: { response: { 200: Type.Object({ items: Type.Array(EventSchema) }, { additionalProperties: false }), ...authProblems } } },
    async (request) => {
      const rows = await listUserSecurityEvents(db, request.user.id, EVENTS_SHOWN)
      return {
        items: rows.map((row) => ({
          id: row.id,
          type: row.type,
          createdAt: row.createdAt.toISOString(),
          ip: row.ip,
          userAgent: row.userAgent,
          detail: row.detail,
        })),
      }
    },
  )
}

export default accountRoutes
