/**
 * One factory for both databases ProdDash runs on: real PostgreSQL through
 * postgres.js when a URL is given, or embedded PGlite (Postgres compiled to
 * WASM) persisted under a directory, so a fresh clone needs no server.
 * Callers get the same drizzle `PgDatabase` type either way.
 */
import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'

export type DatabaseKind = 'postgres' | 'pglite'

/** The drizzle handle every repository takes, whatever the driver underneath. */
export type AppDatabase<TSchema extends Record<string, unknown> = Record<string, unknown>> = PgDatabase<
  PgQueryResultHKT,
  TSchema
>

export interface DatabaseOptions<TSchema extends Record<string, unknown>> {
  /** postgres:// URL; when absent the embedded database is used. */
  url?: string | undefined
  /** PGlite's directory; absent (with no url) means in memory, which only tests want. */
  dataDir?: string | undefined
  /** drizzle schema (tables and relations) for the relational query API. */
  schema?: TSchema
  /** Largest number of pooled connections to PostgreSQL. */
  maxConnections?: number
}

export interface Database<TSchema extends Record<string, unknown> = Record<string, unknown>> {
  kind: DatabaseKind
  db: AppDatabase<TSchema>
  /** Resolves when the database answers a trivial query (readiness probes). */
  ping(): Promise<void>
  close(): Promise<void>
  /** The driver underneath, for the migrator and tests. */
  driver: { kind: 'postgres'; client: postgres.Sql; url: string } | { kind: 'pglite'; client: PGlite }
}

export async function openDatabase<TSchema extends Record<string, unknown> = Record<string, unknown>>(
  options: DatabaseOptions<TSchema>,
): Promise<Database<TSchema>> {
  const schema = options.schema ?? ({} as TSchema)
  if (options.url) {
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      connect_timeout: 5,
      idle_timeout: 30,
      // "schema already exists, skipping" and friends are not worth a log line.
      onnotice: () => {},
      connection: { application_name: 'proddash' },
    })
    const db = drizzlePostgres({ client, schema }) as unknown as AppDatabase<TSchema>
    return {
      kind: 'postgres',
      db,
      driver: { kind: 'postgres', client, url: options.url },
      ping: async () => {
        await client`select 1`
      },
      close: () => client.end({ timeout: 5 }),
    }
  }

  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
  const client = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {})
  const db = drizzlePglite({ client, schema }) as unknown as AppDatabase<TSchema>
  return {
    kind: 'pglite',
    db,
    driver: { kind: 'pglite', client },
    ping: async () => {
      await db.execute(sql`select 1`)
    },
    close: async () => {
      if (!client.closed) await client.close()
    },
  }
}
