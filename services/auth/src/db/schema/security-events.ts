/** An audit trail of what happened to accounts, shown to their owners at GET /auth/events. */
import { index, jsonb, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { authSchema } from './auth-schema.js'
import { users } from './users.js'

export const SECURITY_EVENT_TYPES = [
  'login_succeeded',
  'login_failed',
  'refresh_reuse_detected',
  'logout_all',
  'password_changed',
  'key_rotated',
  'session_revoked',
  'registered',
] as const
export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number]

export const securityEvents = authSchema.table(
  'security_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').$type<SecurityEventType>().notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('security_events_user_created_idx').on(table.userId, table.createdAt)],
)

export type SecurityEventRow = typeof securityEvents.$inferSelect
