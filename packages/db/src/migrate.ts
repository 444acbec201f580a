/**
 * Runs a service's committed drizzle-kit migrations. Each service keeps its
 * tables and its migration journal in its own Postgres schema, so two
 * services can share one server (or not) without touching each other's data.
 */
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import type { Database } from './open-database.js'

export interface MigrateOptions {
  /** Folder with drizzle-kit's SQL files and meta/_journal.json. */
  migrationsFolder: string
  /** The service's Postgres schema; the journal table lives there too. */
  schemaName: string
}

export async function migrateDatabase(database: Pick<Database, 'db' | 'driver'>, options: MigrateOptions): Promise<void> {
  const config = {
    migrationsFolder: options.migrationsFolder,
    migrationsSchema: options.schemaName,
    migrationsTable: '__drizzle_migrations',
  }
  if (database.driver.kind === 'pglite') {
    // PGlite is single-connection and single-process: nothing can race us.
    await migratePglite(database.db as never, config)
    return
  }
  // Several instances may start at once against one server. A session-level
  // advisory lock makes them migrate one at a time (the later ones find the
  // journal up to date); it needs one dedicated connection for lock, migration
  // and unlock alike.
  const connection = postgres(database.driver.url, { max: 1, onnotice: () => {} })
  const lockKey = `proddash:migrate:${options.schemaName}`
  try {
    await connection`select pg_advisory_lock(hashtext(${lockKey}))`
    await migratePostgres(drizzlePostgres({ client: connection }), config)
  } finally {
    await connection.end({ timeout: 5 })
  }
}
