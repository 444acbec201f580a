/** The Postgres schema the api service owns; the auth service never reads it (and vice versa). */
import { pgSchema } from 'drizzle-orm/pg-core'

export const shop = pgSchema('shop')
