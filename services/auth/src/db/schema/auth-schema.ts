/** The Postgres schema the auth service owns; no other service reads it. */
import { pgSchema } from 'drizzle-orm/pg-core'

export const AUTH_SCHEMA_NAME = 'auth'
export const authSchema = pgSchema(AUTH_SCHEMA_NAME)
