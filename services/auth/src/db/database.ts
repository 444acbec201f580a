/** The auth service's database handle type and where its migrations live. */
import { fileURLToPath } from 'node:url'
import type { Database, AppDatabase } from '@proddash/db'
import type * as schema from './schema/index.js'
import { AUTH_SCHEMA_NAME } from './schema/index.js'

export type AuthSchema = typeof schema
export type AuthDatabase = Database<AuthSchema>
export type AuthDb = AppDatabase<AuthSchema>

/** services/auth/drizzle, from src/db (dev, tests) and dist/db (built) alike. */
export const MIGRATIONS = {
  migrationsFolder: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemaName: AUTH_SCHEMA_NAME,
}
