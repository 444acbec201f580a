/**
 * Sessions and tokens: starting a session (first refresh token), refreshing
 * (rotation with reuse detection), minting access tokens, and revocation.
 *
 * Refresh rotation happens in ONE transaction that locks the session row and
 * then the token row (SELECT … FOR UPDATE, always in that order, so two
 * refreshes cannot deadlock). Two racing refreshes with one token therefore
 * run one after the other: the first rotates, the second finds the token
 * rotated a moment ago and gets the same successor — exactly one live chain.
 *
 * Handing out the same successor again needs its plaintext, which is never
 * stored. Instead the successor is sealed (AES-256-GCM) under a key derived
 * by HKDF from the *predecessor token's plaintext*. Only a caller presenting
 * the predecessor can open it; the database, which holds only SHA-256 hashes,
 * cannot, and neither can anyone holding AUTH_KEY_ENCRYPTION_KEY alone. After
 * the grace window the sealed value is useless: presenting the predecessor
 * then revokes the session.
 */
import { randomUUID } from 'node:crypto'
import { csrfTokenHash, type Role } from '@proddash/auth-plugin'
import type { AuthDb } from '../db/database.js'
import type { SessionRow, UserRow } from '../db/schema/index.js'
import { addSeconds, epochSeconds, type Clock } from '../lib/clock.js'
import { csrfTokenFor, deriveKey, openFromString, randomToken, sealToString, tokenHash } from '../lib/crypto.js'
import { recordSecurityEvent } from '../repositories/security-events-repository.js'
import {
  findRefreshTokenByHash,
  findRefreshTokenById,
  findSession,
  insertRefreshToken,
  insertSession,
  isSessionLive,
  lockRefreshToken,
  lockSession,
  markRefreshTokenRotated,
  revokeSession,
  touchSession,
} from '../repositories/sessions-repository.js'
import { findUserById } from '../repositories/users-repository.js'
import type { KeyStore } from './key-store.js'

export interface SessionServiceOptions {
  db: AuthDb
  keyStore: KeyStore
  clock: Clock
  issuer: string
  audience: string
  accessTokenTtlSeconds: number
  sessionIdleTtlSeconds: number
  sessionAbsoluteTtlSeconds: number
  refreshReuseGraceSeconds: number
  csrfKey: Buffer
}

export interface ClientInfo {
  ip: string | null
  userAgent: string | null
}

/** What a successful sign-in or refresh gives the client (as cookies). */
export interface IssuedTokens {
  user: UserRow
  session: SessionRow
  refreshToken: string
  accessToken: string
  accessTokenExpiresAt: Date
  csrfToken: string
}

export type RefreshOutcome =
  | { ok: true; tokens: IssuedTokens }
  | { ok: false; reason: 'unknown' | 'ended' | 'reuse_detected'; sessionId?: string; userId?: string }

const SUCCESSOR_KEY_INFO = 'proddash refresh successor'

export class SessionService {
  constructor(private readonly options: SessionServiceOptions) {}

  /** The session's CSRF token (stable for its whole life). */
  csrfToken(sessionId: string): string {
    return csrfTokenFor(this.options.csrfKey, sessionId)
  }

  /** Starts a session for a user who just proved who they are; returns its first tokens. */
  async startSession(user: UserRow, client: ClientInfo): Promise<IssuedTokens> {
    const now = this.options.clock.now()
    const refreshToken = randomToken()
    const session = await this.options.db.transaction(async (tx) => {
      const absoluteExpiresAt = addSeconds(now, this.options.sessionAbsoluteTtlSeconds)
      const created = await insertSession(tx, {
        userId: user.id,
        now,
        idleExpiresAt: minDate(addSeconds(now, this.options.sessionIdleTtlSeconds), absoluteExpiresAt),
        absoluteExpiresAt,
        userAgent: client.userAgent,
        ip: client.ip,
      })
      await insertRefreshToken(tx, { sessionId: created.id, tokenHash: tokenHash(refreshToken), now })
      return created
    })
    return this.issue(user, session, refreshToken, now)
  }

  /** The session a refresh token belongs to (any state), without changing anything: for the CSRF check and logout. */
  async sessionOfRefreshToken(refreshToken: string): Promise<SessionRow | undefined> {
    const row = await findRefreshTokenByHash(this.options.db, tokenHash(refreshToken))
    return row ? findSession(this.options.db, row.sessionId) : undefined
  }

  /** Rotates a refresh token; see the module comment for the concurrency and reuse rules. */
  async refresh(refreshToken: string, client: ClientInfo): Promise<RefreshOutcome> {
    const { db, clock } = this.options
    const hash = tokenHash(refreshToken)
    const found = await findRefreshTokenByHash(db, hash)
    if (!found) return { ok: false, reason: 'unknown' }

    const outcome = await db.transaction(async (tx) => {
      const session = await lockSession(tx, found.sessionId)
      const token = await lockRefreshToken(tx, found.id)
      // Read the time once the locks are held: a refresh that waited behind another must judge the grace
      // window against that one's rotation, not against when it started waiting.
      const now = clock.now()
      if (!session || !token) return { ok: false as const, reason: 'unknown' as const }
      if (!isSessionLive(session, now)) {
        return { ok: false as const, reason: 'ended' as const, sessionId: session.id, userId: session.userId }
      }
      const user = await findUserById(tx, session.userId)
      if (!user) return { ok: false as const, reason: 'unknown' as const }

      let successor: string
      if (token.rotatedAt === null) {
        successor = randomToken()
        const next = await insertRefreshToken(tx, { sessionId: session.id, tokenHash: tokenHash(successor), now })
        await markRefreshTokenRotated(tx, token.id, {
          rotatedAt: now,
          replacedBy: next.id,
          successorSealed: sealToString(this.successorKey(refreshToken), successor, token.id),
        })
      } else {
        const withinGrace = now.getTime() - token.rotatedAt.getTime() <= this.options.refreshReuseGraceSeconds * 1000
        const replacement = withinGrace && token.replacedBy && token.successorSealed ? await findRefreshTokenById(tx, token.replacedBy) : undefined
        if (!replacement || !token.successorSealed) {
          // A rotated token came back after the grace window: it was copied. Whoever holds it and whoever holds
          // the newest token cannot be told apart, so the whole family (the session) dies.
          await revokeSession(tx, session.id, 'refresh_reuse_detected', now)
          await recordSecurityEvent(
            tx,
            {
              userId: session.userId,
              type: 'refresh_reuse_detected',
              ip: client.ip,
              userAgent: client.userAgent,
              detail: { sessionId: session.id, rotatedAt: token.rotatedAt.toISOString() },
            },
            now,
          )
          return { ok: false as const, reason: 'reuse_detected' as const, sessionId: session.id, userId: session.userId }
        }
        successor = openFromString(this.successorKey(refreshToken), token.successorSealed, token.id)
        if (tokenHash(successor) !== replacement.tokenHash) return { ok: false as const, reason: 'unknown' as const }
      }
      const idleExpiresAt = minDate(addSeconds(now, this.options.sessionIdleTtlSeconds), session.absoluteExpiresAt)
      await touchSession(tx, session.id, now, idleExpiresAt)
      return { ok: true as const, user, session: { ...session, lastUsedAt: now, idleExpiresAt }, successor, now }
    })
    if (!outcome.ok) return outcome
    return { ok: true, tokens: this.issue(outcome.user, outcome.session, outcome.successor, outcome.now) }
  }

  /** The session behind an access token, if it is still live (the auth service can check what resource services cannot). */
  async liveSession(sessionId: string, userId: string): Promise<SessionRow | undefined> {
    const session = await findSession(this.options.db, sessionId)
    if (!session || session.userId !== userId || !isSessionLive(session, this.options.clock.now())) return undefined
    return session
  }

  /** Mints an access token for a live session (claims per the contract; csrf binds the session's CSRF token). */
  accessToken(user: { id: string; role: Role }, sessionId: string, now: Date): { accessToken: string; expiresAt: Date; csrfToken: string } {
    const csrfToken = this.csrfToken(sessionId)
    const iat = epochSeconds(now)
    const exp = iat + this.options.accessTokenTtlSeconds
    const accessToken = this.options.keyStore.sign({
      iss: this.options.issuer,
      aud: this.options.audience,
      sub: user.id,
      sid: sessionId,
      role: user.role,
      iat,
      exp,
      jti: randomUUID(),
      csrf: csrfTokenHash(csrfToken),
    })
    return { accessToken, expiresAt: new Date(exp * 1000), csrfToken }
  }

  private issue(user: UserRow, session: SessionRow, refreshToken: string, now: Date): IssuedTokens {
    const { accessToken, expiresAt, csrfToken } = this.accessToken(user, session.id, now)
    return { user, session, refreshToken, accessToken, accessTokenExpiresAt: expiresAt, csrfToken }
  }

  private successorKey(refreshToken: string): Buffer {
    return deriveKey(Buffer.from(refreshToken, 'base64url'), SUCCESSOR_KEY_INFO)
  }
}

function minDate(a: Date, b: Date): Date {
  return a < b ? a : b
}
