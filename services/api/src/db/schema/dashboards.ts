/** One dashboard per user: the tenant every product and sale belongs to. */
import { sql } from 'drizzle-orm'
import { char, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { shop } from './shop.js'

export const dashboards = shop.table('dashboards', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  // The auth service's user id; unique so "created on first access" is race-safe (INSERT … ON CONFLICT).
  ownerUserId: uuid('owner_user_id').notNull().unique('dashboards_owner_user_id_key'),
  name: text('name').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  // Millisecond precision everywhere: timestamps round-trip through JS Dates exactly, which keyset cursors rely on.
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
})

export type DashboardRow = typeof dashboards.$inferSelect
