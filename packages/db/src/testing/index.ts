/**
 * Test databases. Each test file gets its own isolated database on both
 * engines ProdDash supports: a freshly created database on the real
 * PostgreSQL server, and an in-memory PGlite. Opening is the slow part
 * (PGlite takes seconds), so a file opens once and calls `reset()` between
 * tests instead of reopening.
 */
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { sql } from 'drizzle-orm'
import { openDatabase, type Database, type DatabaseKind } from '../open-database.js'
import { migrateDatabase, type MigrateOptions } from '../migrate.js'

/** Engines to test against: `TEST_DB=pglite` or `TEST_DB=postgres` narrows the default of both. */
export function testDatabaseKinds(): DatabaseKind[] {
  const only = process.env.TEST_DB
  if (only === 'pglite' || only === 'postgres') return [only]
  return ['pglite', 'postgres']
}

/** The server the postgres tests create their databases on. */
export const testPostgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface TestDatabase<TSchema extends Record<string, unknown>> extends Database<TSchema> {
  /** Empties every table of the migrated schemas (journal excepted). */
  reset(): Promise<void>
  /** Connection URL of the created database (postgres only), for child processes. */
  url: string | undefined
}

interface Teardown {
  teardown(fn: () => unknown): void
}

/** Creates an empty database on the test server and returns its URL; dropped at teardown. */
export async function createPostgresTestDatabase(t: Teardown): Promise<string> {
  const name = `pd_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = postgres(testPostgresAdminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  await admin.end()
  t.teardown(async () => {
    const cleanup = postgres(testPostgresAdminUrl, { max: 1, onnotice: () => {} })
    await cleanup.unsafe(`drop database if exists "${name}" with (force)`)
    await cleanup.end()
  })
  const url = new URL(testPostgresAdminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

export async function openTestDatabase<TSchema extends Record<string, unknown>>(
  t: Teardown,
  kind: DatabaseKind,
  options: { schema?: TSchema; migrations: MigrateOptions[] },
): Promise<TestDatabase<TSchema>> {
  const url = kind === 'postgres' ? await createPostgresTestDatabase(t) : undefined
  const database = await openDatabase<TSchema>({ url, schema: options.schema, maxConnections: 20 })
  t.teardown(() => database.close())
  for (const migration of options.migrations) {
    await migrateDatabase(database, migration)
  }
  const schemaNames = options.migrations.map((migration) => migration.schemaName)
  return {
    ...database,
    url,
    reset: async () => {
      const rows = (await database.db.execute(sql`
        select format('%I.%I', schemaname, tablename) as name from pg_tables
        where schemaname in (${sql.join(schemaNames.map((name) => sql`${name}`), sql`, `)})
          and tablename <> '__drizzle_migrations'`)) as unknown
      const names = extractRows<{ name: string }>(rows).map((row) => row.name)
      if (names.length > 0) await database.db.execute(sql.raw(`truncate ${names.join(', ')} restart identity cascade`))
    },
  }
}

/** postgres.js returns an array of rows, PGlite `{ rows }`; tests want the rows. */
export function extractRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[]
  return ((result as { rows?: T[] }).rows ?? []) as T[]
}
