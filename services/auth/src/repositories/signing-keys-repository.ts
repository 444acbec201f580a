/** SQL for signing keys. */
import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import type { AuthDb } from '../db/database.js'
import { signingKeys, type SigningKeyRow } from '../db/schema/index.js'

export type NewSigningKey = typeof signingKeys.$inferInsert

/** Keys still listed in the JWKS at `now`: the active one and retired ones whose tokens may not have expired yet. */
export async function listPublishedKeys(db: AuthDb, now: Date): Promise<SigningKeyRow[]> {
  return db
    .select()
    .from(signingKeys)
    .where(or(isNull(signingKeys.expiresFromJwksAt), gt(signingKeys.expiresFromJwksAt, now)))
    .orderBy(asc(signingKeys.activatedAt))
}

export async function findActiveKey(db: AuthDb): Promise<SigningKeyRow | undefined> {
  const [row] = await db.select().from(signingKeys).where(isNull(signingKeys.retiredAt))
  return row
}

export async function insertSigningKey(db: AuthDb, key: NewSigningKey): Promise<void> {
  await db.insert(signingKeys).values(key)
}

export async function retireKey(db: AuthDb, kid: string, retiredAt: Date, expiresFromJwksAt: Date): Promise<void> {
  await db
    .update(signingKeys)
    .set({ retiredAt, expiresFromJwksAt })
    .where(and(eq(signingKeys.kid, kid), isNull(signingKeys.retiredAt)))
}

/**
 * Serialises key creation and rotation across instances for the rest of the
 * transaction (the partial unique index would also refuse a second active
 * key, but the lock lets the loser simply see the winner's key).
 */
export async function lockSigningKeys(db: AuthDb): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('proddash:auth:signing-keys'))`)
}
