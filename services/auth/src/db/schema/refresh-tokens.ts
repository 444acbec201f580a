/**
 * Refresh tokens: one row per token ever issued in a session (the session is
 * the token family). Only the SHA-256 of a token is stored. When a token is
 * rotated, `rotated_at` and `replaced_by` are set and its successor's
 * plaintext is kept sealed under a key derived from the *rotated token
 * itself* (see services/refresh-seal.ts), so that within the reuse grace
 * window the same successor can be handed out again — yet the database alone
 * (which holds only hashes) cannot open it.
 */
import { index, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { authSchema } from './auth-schema.js'
import { sessions } from './sessions.js'

export const refreshTokens = authSchema.table(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true, mode: 'date' }),
    replacedBy: uuid('replaced_by').references((): AnyPgColumn => refreshTokens.id, { onDelete: 'set null' }),
    successorSealed: text('successor_sealed'),
  },
  (table) => [uniqueIndex('refresh_tokens_token_hash_key').on(table.tokenHash), index('refresh_tokens_session_id_idx').on(table.sessionId)],
)

export type RefreshTokenRow = typeof refreshTokens.$inferSelect
