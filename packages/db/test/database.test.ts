import t from 'tap'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { openDatabase, migrateDatabase, isDatabaseUnavailableError, postgresErrorCode, type Database } from '../src/index.js'
import { openTestDatabase, testDatabaseKinds, extractRows, createPostgresTestDatabase } from '../src/testing/index.js'

const migrations = { migrationsFolder: fileURLToPath(new URL('./fixtures/migrations', import.meta.url)), schemaName: 'fixture' }
const count = async (database: Database) =>
  extractRows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from fixture.notes`))[0]!.n

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const database = await openTestDatabase(t, kind, { migrations: [migrations] })

    t.test('migrates into the service schema, journal included', async (t) => {
      const tables = extractRows<{ t: string }>(
        await database.db.execute(sql`select schemaname || '.' || tablename as t from pg_tables where schemaname = 'fixture' order by 1`),
      ).map((row) => row.t)
      t.same(tables, ['fixture.__drizzle_migrations', 'fixture.notes'])
    })

    t.test('migrating again is a no-op', async (t) => {
      await database.db.execute(sql`insert into fixture.notes (body) values ('kept')`)
      await migrateDatabase(database, migrations)
      t.equal(await count(database), 1)
    })

    t.test('reset empties the tables but keeps the journal', async (t) => {
      await database.reset()
      t.equal(await count(database), 0)
      const journal = extractRows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from fixture.__drizzle_migrations`))
      t.equal(journal[0]!.n, 1)
    })

    t.test('ping answers while open', async (t) => {
      await t.resolves(database.ping())
    })

    t.test('a failed transaction leaves nothing behind', async (t) => {
      await t.rejects(
        database.db.transaction(async (tx) => {
          await tx.execute(sql`insert into fixture.notes (body) values ('half')`)
          await tx.execute(sql`insert into fixture.notes (missing) values ('boom')`)
        }),
      )
      t.equal(await count(database), 0)
    })
  })
}

t.test('pglite persists under its data directory', async (t) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'pd-db-')), 'auth')
  const first = await openDatabase({ dataDir })
  await migrateDatabase(first, migrations)
  await first.db.execute(sql`insert into fixture.notes (body) values ('persisted')`)
  await first.close()
  const second = await openDatabase({ dataDir })
  t.teardown(() => second.close())
  t.equal(await count(second), 1)
})

t.test('postgres: concurrent migrations from several instances serialise', { skip: !testDatabaseKinds().includes('postgres') }, async (t) => {
  const url = await createPostgresTestDatabase(t)
  const instances = await Promise.all([1, 2, 3].map(() => openDatabase({ url })))
  t.teardown(() => Promise.all(instances.map((instance) => instance.close())))
  await Promise.all(instances.map((instance) => migrateDatabase(instance, migrations)))
  t.equal(await count(instances[0]!), 0)
})

t.test('postgres: an unreachable server is recognised as unavailable, not a bug', async (t) => {
  const database = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none' })
  t.teardown(() => database.close())
  const error = await database.ping().catch((caught: unknown) => caught)
  t.ok(isDatabaseUnavailableError(error), String(error))
  t.notOk(isDatabaseUnavailableError(new Error('bug')))
  t.equal(postgresErrorCode({ cause: { code: '23505' } }), '23505')
})
