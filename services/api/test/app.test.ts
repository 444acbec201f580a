/** The app on its own database: migrated at start (PGlite under DATA_DIR, or PostgreSQL), the migrate CLI, key retention. */
import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { startTestIssuer } from '@proddash/auth-plugin/testing'
import { openDatabase } from '@proddash/db'
import { createPostgresTestDatabase, extractRows, openTestDatabase, testDatabaseKinds } from '@proddash/db/testing'
import { buildApp, IDEMPOTENCY_KEY_RETENTION_MS } from '../src/app.js'
import { schema, shopMigrations } from '../src/db/database.js'
import { SalesRepository } from '../src/repositories/sales-repository.js'
import { TestUser, testConfig } from './helper.js'

const run = promisify(execFile)
const packageDir = fileURLToPath(new URL('..', import.meta.url))

t.test('without a DATABASE_URL the app keeps PGlite under DATA_DIR, migrated at start, across restarts', async (t) => {
  const issuer = await startTestIssuer()
  t.teardown(() => issuer.close())
  const dataDir = join(mkdtempSync(join(tmpdir(), 'pd-api-')), 'api')
  const config = testConfig(issuer, { DATA_DIR: dataDir })
  const session = issuer.mint()

  const first = await buildApp(config)
  t.equal((await first.inject('/readyz')).statusCode, 200)
  const created = await new TestUser(first, session).post('/api/products', { name: 'Persisted', priceCents: 1 })
  t.equal(created.statusCode, 201)
  await first.close()

  const second = await buildApp(config)
  t.teardown(() => second.close())
  const read = await new TestUser(second, session).get(`/api/products/${created.json().id}`)
  t.equal(read.statusCode, 200)
  t.equal(read.json().name, 'Persisted')
})

t.test('with a DATABASE_URL the app migrates PostgreSQL at start; the migrate CLI is idempotent', { skip: !testDatabaseKinds().includes('postgres') }, async (t) => {
  const url = await createPostgresTestDatabase(t)
  const { stdout } = await run(process.execPath, ['--conditions=proddash-source', '--import', 'tsx', 'src/cli/migrate.ts'], {
    cwd: packageDir,
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'test' },
  })
  t.match(stdout, /shop schema migrated \(postgres\)/)
  const issuer = await startTestIssuer()
  t.teardown(() => issuer.close())
  const app = await buildApp(testConfig(issuer, { DATABASE_URL: url }))
  t.teardown(() => app.close())
  t.equal((await app.inject('/readyz')).statusCode, 200)
  t.equal((await new TestUser(app, issuer.mint()).get('/api/products')).statusCode, 200)

  const database = await openDatabase({ url, maxConnections: 1 })
  t.teardown(() => database.close())
  const tables = extractRows<{ tablename: string }>(
    await database.db.execute(sql`select tablename from pg_tables where schemaname = 'shop' order by 1`),
  )
  t.same(
    tables.map((row) => row.tablename),
    ['__drizzle_migrations', 'dashboards', 'idempotency_keys', 'products', 'sales'],
  )
})

t.test('the migrate CLI names a bad variable and fails', async (t) => {
  const result = await run(process.execPath, ['--conditions=proddash-source', '--import', 'tsx', 'src/cli/migrate.ts'], {
    cwd: packageDir,
    env: { ...process.env, DATABASE_URL: 'mysql://nope', NODE_ENV: 'test' },
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => error,
  )
  t.equal(result.code, 1)
  t.match(result.stderr, /DATABASE_URL/)
})

for (const kind of testDatabaseKinds()) {
  t.test(`${kind}: idempotency keys older than the retention window are purged`, async (t) => {
    const database = await openTestDatabase(t, kind, { schema, migrations: [shopMigrations] })
    await database.db.execute(sql`insert into shop.dashboards (id, owner_user_id, name, currency)
      values ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', 'd', 'USD')`)
    await database.db.execute(sql`insert into shop.idempotency_keys (dashboard_id, key, request_hash, response_status, response_body, created_at) values
      ('00000000-0000-4000-8000-000000000001', 'old', 'h', 201, '{}', now() - interval '25 hours'),
      ('00000000-0000-4000-8000-000000000001', 'new', 'h', 201, '{}', now() - interval '23 hours')`)
    t.equal(await new SalesRepository(database.db).purgeIdempotencyKeys(IDEMPOTENCY_KEY_RETENTION_MS), 1)
    const keys = extractRows<{ key: string }>(await database.db.execute(sql`select key from shop.idempotency_keys`))
    t.same(keys.map((row) => row.key), ['new'])
  })
}

t.test('benchmarkFixedUser (bench only) runs the same routes without token verification', async (t) => {
  const database = await openTestDatabase(t, 'pglite', { schema, migrations: [shopMigrations] })
  const issuer = await startTestIssuer()
  t.teardown(() => issuer.close())
  const session = issuer.mint()
  const app = await buildApp(testConfig(issuer), { database, benchmarkFixedUser: { id: session.userId, sessionId: session.sessionId, role: 'user' } })
  t.teardown(() => app.close())
  const created = await app.inject({ method: 'POST', url: '/api/products', payload: { name: 'No token', priceCents: 1 } })
  t.equal(created.statusCode, 201)
  // The real app sees the same dashboard for that user's token.
  const real = await buildApp(testConfig(issuer), { database })
  t.teardown(() => real.close())
  const listed = await new TestUser(real, session).get('/api/products')
  t.same(listed.json().items.map((item: { name: string }) => item.name), ['No token'])
  t.equal((await real.inject('/api/products')).statusCode, 401, 'the real app still refuses a missing token')
})

t.test('an unreachable database is a 503 with Retry-After on api routes and /readyz, not a 500', async (t) => {
  const issuer = await startTestIssuer()
  t.teardown(() => issuer.close())
  // Nothing listens on port 1: every connection attempt is refused at once.
  const unreachable = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/nowhere', schema })
  t.teardown(() => unreachable.close())
  const app = await buildApp(testConfig(issuer), { database: unreachable })
  t.teardown(() => app.close())
  const user = new TestUser(app, issuer.mint())
  for (const response of [await user.get('/api/products'), await user.post('/api/sales', { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 })]) {
    t.equal(response.statusCode, 503)
    t.equal(response.headers['retry-after'], '5')
    t.equal(response.json().code, 'service_unavailable')
  }
  t.equal((await app.inject('/readyz')).statusCode, 503)
  t.equal((await app.inject('/healthz')).statusCode, 200, 'liveness does not depend on the database')
})
