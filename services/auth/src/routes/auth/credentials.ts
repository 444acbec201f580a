/**
 * POST /auth/register and POST /auth/login: the two ways to start a session.
 * Both refuse cross-site posts and are rate limited per client IP; login
 * also throttles failures per account (see lib/failure-limiter.ts) and
 * answers an unknown user exactly like a wrong password, after the same work.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { clientInfo, toUser, type RouteOptions } from '../../context.js'
import {
  AccountTakenError,
  InvalidCredentialsError,
  TooManyAttemptsError,
  WeakPasswordError,
} from '../../errors.js'
import { withFieldErrors, withHeaders } from '@proddash/http'
import { passwordProblems } from '../../lib/passwords.js'
import { recordSecurityEvent } from '../../repositories/security-events-repository.js'
import { createUser, findUserByIdentifier, normalizeIdentifier, updatePasswordHash } from '../../repositories/users-repository.js'
import { NameSchema, ProblemSchema, UserResponseSchema } from '../../schemas/user.js'
import { refuseCrossSite } from './guards.js'
import { sendSession } from './session-response.js'

// Long enough for any real password; bounds the work spent normalising and hashing hostile input.
const PasswordInput = Type.String({ minLength: 1, maxLength: 1024 })

const RegisterBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    username: Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' }),
    password: PasswordInput,
    firstName: Type.Optional(NameSchema),
    lastName: Type.Optional(NameSchema),
  },
  { additionalProperties: false },
)

const LoginBody = Type.Object(
  { identifier: Type.String({ minLength: 1, maxLength: 254 }), password: PasswordInput },
  { additionalProperties: false },
)

const credentialRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const { config, hasher, sessions, db, clock, loginLimiters } = ctx

  app.post(
    '/register',
    {
      schema: {
        body: RegisterBody,
        response: { 201: UserResponseSchema, 400: ProblemSchema, 403: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema },
      },
      config: { rateLimit: { max: config.REGISTER_MAX_PER_IP, timeWindow: config.REGISTER_WINDOW * 1000 } },
      preHandler: refuseCrossSite(ctx),
    },
    async (request, reply) => {
      const { email, username, password } = request.body
      const problems = passwordProblems(password, { username, email })
      if (problems.length > 0) {
        throw withFieldErrors(new WeakPasswordError(), problems.map((message) => ({ field: '/body/password', message })))
      }
      const passwordHash = await hasher.hash(password)
      const created = await createUser(
        db,
        { email, username, passwordHash, firstName: request.body.firstName ?? null, lastName: request.body.lastName ?? null },
        clock.now(),
      )
      if ('taken' in created) {
        throw withFieldErrors(new AccountTakenError(created.taken), [{ field: `/body/${created.taken}`, message: 'is already taken' }])
      }
      const client = clientInfo(request)
      const tokens = await sessions.startSession(created, client)
      await recordSecurityEvent(db, { userId: created.id, type: 'registered', ...client, detail: { sessionId: tokens.session.id } }, clock.now())
      sendSession(ctx, reply, tokens)
      return reply.code(201).send({ user: toUser(created) })
    },
  )

  app.post(
    '/login',
    {
      schema: {
        body: LoginBody,
        response: { 200: UserResponseSchema, 401: ProblemSchema, 403: ProblemSchema, 429: ProblemSchema },
      },
      // A coarse ceiling on all attempts per IP (each one costs an argon2 verification), below the failure throttles.
      config: { rateLimit: { max: config.LOGIN_MAX_ATTEMPTS_PER_IP_PER_MINUTE, timeWindow: 60_000 } },
      preHandler: refuseCrossSite(ctx),
    },
    async (request, reply) => {
      const client = clientInfo(request)
      const ipKey = request.ip
      // Unknown identifiers are throttled too, so a 429 reveals nothing about which accounts exist.
      const accountKey = normalizeIdentifier(request.body.identifier)
      const wait = Math.max(loginLimiters.ip.retryAfterSeconds(ipKey), loginLimiters.account.retryAfterSeconds(accountKey))
      if (wait > 0) throw withHeaders(new TooManyAttemptsError(wait), { 'retry-after': String(wait) })

      const user = await findUserByIdentifier(db, request.body.identifier)
      const ok = user ? await hasher.verify(user.passwordHash, request.body.password) : await hasher.verifyDummy(request.body.password)
      if (!user || !ok) {
        loginLimiters.ip.recordFailure(ipKey)
        loginLimiters.account.recordFailure(accountKey)
        if (user) await recordSecurityEvent(db, { userId: user.id, type: 'login_failed', ...client }, clock.now())
        throw new InvalidCredentialsError()
      }
      loginLimiters.account.reset(accountKey)
      if (hasher.needsRehash(user.passwordHash)) {
        // The parameters went up since this hash was made; the plaintext is at hand only now.
        await updatePasswordHash(db, user.id, await hasher.hash(request.body.password), clock.now(), false)
        request.log.info({ userId: user.id }, 'password hash upgraded to current parameters')
      }
      const tokens = await sessions.startSession(user, client)
      await recordSecurityEvent(db, { userId: user.id, type: 'login_succeeded', ...client, detail: { sessionId: tokens.session.id } }, clock.now())
      sendSession(ctx, reply, tokens)
      return { user: toUser(user) }
    },
  )
}

export default credentialRoutes
