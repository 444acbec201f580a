/**
 * Stored answers to requests sent with an `Idempotency-Key` header. The row is
 * inserted in the same transaction as the sale it answers, so the unique key
 * both deduplicates concurrent retries (the second insert waits for the first
 * transaction) and can never exist without its sale.
 */
import { sql } from 'drizzle-orm'
import { index, integer, jsonb, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { dashboards } from './dashboards.js'
import { shop } from './shop.js'

export const idempotencyKeys = shop.table(
  'idempotency_keys',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    dashboardId: uuid('dashboard_id')
      .notNull()
      .references(() => dashboards.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    // sha256 of the method, route and canonical body: the same key with another request is refused.
    requestHash: text('request_hash').notNull(),
    // Filled in before the transaction commits; other transactions never see them null.
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('idempotency_keys_dashboard_key_key').on(table.dashboardId, table.key),
    index('idempotency_keys_created_at_idx').on(table.createdAt),
  ],
)

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect
