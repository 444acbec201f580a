/** SQL for accounts. Emails are compared lower-cased, usernames through lower() (the unique index's expression). */
import { eq, sql } from 'drizzle-orm'
import { PG_UNIQUE_VIOLATION, postgresErrorCode, violatedConstraint } from '@proddash/db'
import type { AuthDb } from '../db/database.js'
import { users, type UserRow } from '../db/schema/index.js'

export interface NewUser {
  email: string
  username: string
  passwordHash: string
  firstName: string | null
  lastName: string | null
  role?: 'user' | 'admin'
}

export type TakenField = 'email' | 'username'

/** Inserts the user, or returns which unique field was already taken. */
export async function createUser(db: AuthDb, values: NewUser, now: Date): Promise<UserRow | { taken: TakenField }> {
  try {
    const [row] = await db
      .insert(users)
      .values({ ...values, email: values.email.toLowerCase(), createdAt: now, updatedAt: now, passwordChangedAt: now })
      .returning()
    return row!
  } catch (error) {
    if (postgresErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error
    return { taken: violatedConstraint(error) === 'users_username_lower_key' ? 'username' : 'email' }
  }
}

export async function findUserById(db: AuthDb, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id))
  return row
}

/** The account an identifier names: an email (it contains "@"; usernames cannot) or a username, case-insensitively. */
export async function findUserByIdentifier(db: AuthDb, identifier: string): Promise<UserRow | undefined> {
  const normalized = normalizeIdentifier(identifier)
  const condition = normalized.includes('@') ? eq(users.email, normalized) : sql`lower(${users.username}) = ${normalized}`
  const [row] = await db.select().from(users).where(condition)
  return row
}

/** The form an identifier is compared (and throttled) in. */
export function normalizeIdentifier(identifier: string): string {
  return identifier.normalize('NFKC').trim().toLowerCase()
}

export async function updateProfile(
  db: AuthDb,
  id: string,
  changes: { firstName?: string | null; lastName?: string | null },
  now: Date,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...changes, updatedAt: now })
    .where(eq(users.id, id))
    .returning()
  return row
}

/** Stores a new hash: after a password change (`changed`) or a parameter upgrade of the same password. */
export async function updatePasswordHash(db: AuthDb, id: string, passwordHash: string, now: Date, changed: boolean): Promise<void> {
  await db
    .update(users)
    .set(changed ? { passwordHash, passwordChangedAt: now, updatedAt: now } : { passwordHash })
    .where(eq(users.id, id))
}
