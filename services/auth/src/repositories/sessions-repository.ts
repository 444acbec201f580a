/**
 * SQL for sessions and their refresh-token families. The functions take a
 * drizzle handle that may be a transaction: the session service composes
 * them into one transaction where rows must change together.
 */
import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm'
import type { AuthDb } from '../db/database.js'
import { refreshTokens, sessions, type RefreshTokenRow, type SessionRow } from '../db/schema/index.js'

export async function insertSession(
  db: AuthDb,
  values: { userId: string; now: Date; idleExpiresAt: Date; absoluteExpiresAt: Date; userAgent: string | null; ip: string | null },
): Promise<SessionRow> {
  const [row] = await db
    .insert(sessions)
    .values({
      userId: values.userId,
      createdAt: values.now,
      lastUsedAt: values.now,
      idleExpiresAt: values.idleExpiresAt,
      absoluteExpiresAt: values.absoluteExpiresAt,
      userAgent: values.userAgent,
      ip: values.ip,
    })
    .returning()
  return row!
}

export async function findSession(db: AuthDb, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id))
  return row
}

/** Locks the session row until the transaction ends: refreshes of one session run one at a time. */
export async function lockSession(db: AuthDb, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id)).for('update')
  return row
}

export async function touchSession(db: AuthDb, id: string, lastUsedAt: Date, idleExpiresAt: Date): Promise<void> {
  await db.update(sessions).set({ lastUsedAt, idleExpiresAt }).where(eq(sessions.id, id))
}

/** Revokes one session if it is still live; true when this call revoked it. */
export async function revokeSession(db: AuthDb, id: string, reason: string, now: Date, userId?: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokeReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), userId ? eq(sessions.userId, userId) : undefined))
    .returning({ id: sessions.id })
  return rows.length > 0
}

/** Revokes every session of a user, optionally keeping one; returns how many. */
export async function revokeUserSessions(db: AuthDb, userId: string, reason: string, now: Date, exceptSessionId?: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokeReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined))
    .returning({ id: sessions.id })
  return rows.length
}

/** Sessions that can still be used: not revoked, not past either lifetime. Most recently used first. */
export async function listLiveSessions(db: AuthDb, userId: string, now: Date): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.idleExpiresAt, now), gt(sessions.absoluteExpiresAt, now)))
    .orderBy(desc(sessions.lastUsedAt))
}

export function isSessionLive(session: SessionRow, now: Date): boolean {
  return !session.revokedAt && session.idleExpiresAt > now && session.absoluteExpiresAt > now
}

export async function insertRefreshToken(db: AuthDb, values: { sessionId: string; tokenHash: string; now: Date }): Promise<RefreshTokenRow> {
  const [row] = await db
    .insert(refreshTokens)
    .values({ sessionId: values.sessionId, tokenHash: values.tokenHash, createdAt: values.now })
    .returning()
  return row!
}

export async function findRefreshTokenByHash(db: AuthDb, hash: string): Promise<RefreshTokenRow | undefined> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash))
  return row
}

export async function lockRefreshToken(db: AuthDb, id: string): Promise<RefreshTokenRow | undefined> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.id, id)).for('update')
  return row
}

export async function findRefreshTokenById(db: AuthDb, id: string): Promise<RefreshTokenRow | undefined> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.id, id))
  return row
}

export async function markRefreshTokenRotated(
  db: AuthDb,
  id: string,
  values: { rotatedAt: Date; replacedBy: string; successorSealed: string },
): Promise<void> {
  await db.update(refreshTokens).set(values).where(eq(refreshTokens.id, id))
}
