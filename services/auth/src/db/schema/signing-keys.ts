/**
 * Ed25519 signing keys. The private half is stored AES-256-GCM-encrypted
 * under AUTH_KEY_ENCRYPTION_KEY with the kid as additional authenticated data
 * (a ciphertext moved to another row does not decrypt). At most one key is
 * active (retired_at is null) — a partial unique index makes two instances
 * racing to create the first key, or two rotations, fail instead of leaving
 * two active keys.
 */
import { sql } from 'drizzle-orm'
import { jsonb, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import type { PublicJsonWebKey } from '@proddash/auth-plugin'
import { authSchema } from './auth-schema.js'

export const signingKeys = authSchema.table(
  'signing_keys',
  {
    kid: text('kid').primaryKey(),
    publicJwk: jsonb('public_jwk').$type<PublicJsonWebKey>().notNull(),
    privateKeyCiphertext: text('private_key_ciphertext').notNull(),
    privateKeyIv: text('private_key_iv').notNull(),
    privateKeyTag: text('private_key_tag').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    activatedAt: timestamp('activated_at', { withTimezone: true, mode: 'date' }).notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
    /** After this instant no unexpired token can carry this kid, so the JWKS stops listing it. */
    expiresFromJwksAt: timestamp('expires_from_jwks_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [uniqueIndex('signing_keys_one_active_key').on(sql`(true)`).where(sql`${table.retiredAt} is null`)],
)

export type SigningKeyRow = typeof signingKeys.$inferSelect
