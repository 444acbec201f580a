/**
 * Accounts. Email is stored lower-cased (so its unique index is
 * case-insensitive by construction); the username keeps the case its owner
 * chose for display, and uniqueness ignores case through an index on lower().
 */
import { sql } from 'drizzle-orm'
import { text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { authSchema } from './auth-schema.js'

export const userRole = authSchema.enum('user_role', ['user', 'admin'])

export const users = authSchema.table(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    role: userRole('role').notNull().default('user'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('users_email_key').on(table.email),
    uniqueIndex('users_username_lower_key').on(sql`lower(${table.username})`),
  ],
)

export type UserRow = typeof users.$inferSelect
