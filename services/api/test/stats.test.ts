import t from 'tap'
import { sql } from 'drizzle-orm'
import { openDatabase } from '@proddash/db'
import { extractRows, testDatabaseKinds } from '@proddash/db/testing'
import { buildApp } from '../src/app.js'
import { randomUUID } from 'node:crypto'
import type { ShopDb } from '../src/db/database.js'
import { bucketCount, StatsRepository } from '../src/repositories/stats-repository.js'
import { setup, testConfig, TestUser, type ProductJson, type SaleJson } from './helper.js'

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

const DAY = 86_400_000

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const ctx = await setup(t, kind, { LOW_STOCK_THRESHOLD: '3' })
    t.beforeEach(() => ctx.database.reset())

    t.test('summary equals sums computed independently from random sales (voided and out-of-range excluded)', async (t) => {
      const alice = ctx.user()
      const next = random(42)
      const products: ProductJson[] = []
      for (let i = 0; i < 8; i++) {
        products.push(
          await alice.createProduct({
            name: `Product ${i}`,
            priceCents: 100 + Math.floor(next() * 5000),
            costCents: Math.floor(next() * 2000),
            stock: 10_000,
          }),
        )
      }
      const start = Date.UTC(2026, 2, 1)
      const sales: SaleJson[] = []
      for (let i = 0; i < 60; i++) {
        const product = products[Math.floor(next() * products.length)]!
        const fields: Record<string, unknown> = { soldAt: new Date(start + Math.floor(next() * 40 * DAY)).toISOString() }
        if (next() < 0.3) fields.unitPriceCents = Math.floor(next() * 9000)
        sales.push(await alice.sell(product.id, 1 + Math.floor(next() * 7), fields))
      }
      const voided = new Set<string>()
      for (const sale of sales.filter(() => next() < 0.25)) {
        t.equal((await alice.delete(`/api/sales/${sale.id}`)).statusCode, 204)
        voided.add(sale.id)
      }
      // A product archived after selling still counts in the totals and top products.
      await alice.delete(`/api/products/${products[0]!.id}`)
      // Another user's sales never count.
      const bob = ctx.user()
      const bobs = await bob.createProduct({ stock: 100, priceCents: 77_777 })
      await bob.sell(bobs.id, 50, { soldAt: new Date(start + 5 * DAY).toISOString() })

      const from = new Date(start + 7 * DAY + 3_600_000)
      const to = new Date(start + 31 * DAY)
      const counted = sales.filter((sale) => !voided.has(sale.id) && sale.soldAt >= from.toISOString() && sale.soldAt < to.toISOString())
      t.ok(counted.length > 20 && counted.length < sales.length, 'the window cuts some sales off')
      const revenueCents = counted.reduce((sum, sale) => sum + sale.quantity * sale.unitPriceCents, 0)
      const costCents = counted.reduce((sum, sale) => sum + sale.quantity * sale.unitCostCents, 0)
      const perProduct = new Map<string, { unitsSold: number; revenueCents: number }>()
      for (const sale of counted) {
        const entry = perProduct.get(sale.productId) ?? { unitsSold: 0, revenueCents: 0 }
        entry.unitsSold += sale.quantity
        entry.revenueCents += sale.quantity * sale.unitPriceCents
        perProduct.set(sale.productId, entry)
      }
      const top = [...perProduct.entries()]
        .map(([productId, entry]) => ({ productId, name: products.find((product) => product.id === productId)!.name, ...entry }))
        .sort((a, b) => b.revenueCents - a.revenueCents || b.unitsSold - a.unitsSold || (a.productId < b.productId ? -1 : 1))
        .slice(0, 5)

      const response = await alice.get(`/api/stats/summary?from=${from.toISOString()}&to=${to.toISOString()}`)
      t.equal(response.statusCode, 200)
      t.same(response.json(), {
        from: from.toISOString(),
        to: to.toISOString(),
        revenueCents,
        costCents,
        profitCents: revenueCents - costCents,
        marginPct: Math.round(((revenueCents - costCents) / revenueCents) * 10_000) / 100,
        unitsSold: counted.reduce((sum, sale) => sum + sale.quantity, 0),
        salesCount: counted.length,
        topProducts: top,
        lowStock: [],
      })
    })

    t.test('summary: empty range, default range, low stock list, big amounts stay exact', async (t) => {
      const alice = ctx.user()
      const empty = await alice.get('/api/stats/summary')
      t.equal(empty.statusCode, 200)
      const body = empty.json()
      t.match(body, { revenueCents: 0, costCents: 0, profitCents: 0, marginPct: null, unitsSold: 0, salesCount: 0, topProducts: [], lowStock: [] })
      t.equal(Date.parse(body.to) - Date.parse(body.from), 30 * DAY, 'defaults to the last 30 days')

      const zero = await alice.createProduct({ name: 'zeta', stock: 0 })
      const three = await alice.createProduct({ name: 'Alpha', stock: 3 })
      await alice.createProduct({ name: 'Plenty', stock: 4 })
      const archived = await alice.createProduct({ name: 'Archived', stock: 0 })
      await alice.delete(`/api/products/${archived.id}`)
      const big = await alice.createProduct({ name: 'Gold', priceCents: 100_000_000_000, costCents: 99_000_000_000, stock: 200_000 })
      await alice.sell(big.id, 100_000)
      const summary = (await alice.get('/api/stats/summary')).json()
      t.same(summary.lowStock, [
        { productId: zero.id, name: 'zeta', stock: 0 },
        { productId: three.id, name: 'Alpha', stock: 3 },
      ], 'active products at or under LOW_STOCK_THRESHOLD (3), emptiest first')
      t.equal(summary.revenueCents, 1e16, "1e11 cents × 100 000 units, summed as numeric in SQL")
      t.equal(summary.profitCents, 100_000_000_000_000)
      t.equal(summary.marginPct, 1)
      t.equal(summary.unitsSold, 100_000)
    })

    t.test('timeseries by day: one point per bucket including empty ones, [from, to) honoured', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ priceCents: 1000, costCents: 300, stock: 1000 })
      const at = (iso: string, quantity: number, extra: Record<string, unknown> = {}) => alice.sell(product.id, quantity, { soldAt: iso, ...extra })
      await at('2026-03-10T14:59:59.999Z', 100) // before `from`, same bucket: excluded
      await at('2026-03-10T15:00:00.000Z', 1)
      await at('2026-03-10T23:59:59.999Z', 2)
      await at('2026-03-11T00:00:00.000Z', 4)
      await at('2026-03-14T12:00:00.000Z', 3, { unitPriceCents: 500 })
      const voided = await at('2026-03-14T13:00:00.000Z', 50)
      await alice.delete(`/api/sales/${voided.id}`)
      await at('2026-03-19T23:59:59.999Z', 5)
      await at('2026-03-20T00:00:00.000Z', 100) // `to` is exclusive
      const response = await alice.get('/api/stats/timeseries?from=2026-03-10T15:00:00Z&to=2026-03-20T00:00:00Z&bucket=day')
      t.equal(response.statusCode, 200)
      const { bucket, points } = response.json()
      t.equal(bucket, 'day')
      t.equal(points.length, 10)
      const byDay = Object.fromEntries(points.map((point: { start: string }) => [point.start.slice(0, 10), point]))
      t.same(Object.keys(byDay), ['10', '11', '12', '13', '14', '15', '16', '17', '18', '19'].map((day) => `2026-03-${day}`))
      t.same(byDay['2026-03-10'], { start: '2026-03-10T00:00:00.000Z', revenueCents: 3000, profitCents: 2100, unitsSold: 3 })
      t.same(byDay['2026-03-11'], { start: '2026-03-11T00:00:00.000Z', revenueCents: 4000, profitCents: 2800, unitsSold: 4 })
      t.same(byDay['2026-03-12'], { start: '2026-03-12T00:00:00.000Z', revenueCents: 0, profitCents: 0, unitsSold: 0 })
      t.same(byDay['2026-03-14'], { start: '2026-03-14T00:00:00.000Z', revenueCents: 1500, profitCents: 600, unitsSold: 3 })
      t.same(byDay['2026-03-19'], { start: '2026-03-19T00:00:00.000Z', revenueCents: 5000, profitCents: 3500, unitsSold: 5 })
      t.equal(points.reduce((sum: number, point: { unitsSold: number }) => sum + point.unitsSold, 0), 15)
    })

    t.test('timeseries by week (Monday) and month; empty dashboard; bad ranges', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ priceCents: 100, costCents: 0, stock: 1000 })
      await alice.sell(product.id, 1, { soldAt: '2025-12-31T23:00:00Z' })
      await alice.sell(product.id, 2, { soldAt: '2026-01-04T23:59:59Z' }) // Sunday
      await alice.sell(product.id, 4, { soldAt: '2026-01-05T00:00:00Z' }) // Monday
      await alice.sell(product.id, 8, { soldAt: '2026-02-28T12:00:00Z' })

      const weeks = (await alice.get('/api/stats/timeseries?from=2025-12-30T00:00:00Z&to=2026-01-19T00:00:00Z&bucket=week')).json()
      t.same(
        weeks.points.map((point: { start: string; unitsSold: number }) => [point.start, point.unitsSold]),
        [
          ['2025-12-29T00:00:00.000Z', 3],
          ['2026-01-05T00:00:00.000Z', 4],
          ['2026-01-12T00:00:00.000Z', 0],
        ],
      )
      const months = (await alice.get('/api/stats/timeseries?from=2025-11-15T00:00:00Z&to=2026-03-01T00:00:00Z&bucket=month')).json()
      t.equal(months.bucket, 'month')
      t.same(
        months.points.map((point: { start: string; revenueCents: number }) => [point.start, point.revenueCents]),
        [
          ['2025-11-01T00:00:00.000Z', 0],
          ['2025-12-01T00:00:00.000Z', 100],
          ['2026-01-01T00:00:00.000Z', 600],
          ['2026-02-01T00:00:00.000Z', 800],
        ],
      )

      const fresh = ctx.user()
      const defaults = (await fresh.get('/api/stats/timeseries')).json()
      t.equal(defaults.bucket, 'day')
      t.ok(defaults.points.length === 30 || defaults.points.length === 31, 'last 30 days, partial first day included')
      t.ok(defaults.points.every((point: { revenueCents: number }) => point.revenueCents === 0))

      const tooLarge = await alice.get('/api/stats/timeseries?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=day')
      t.equal(tooLarge.statusCode, 400)
      t.equal(tooLarge.json().code, 'range_too_large')
      t.equal((await alice.get('/api/stats/timeseries?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=month')).json().points.length, 72)
      const reversed = await alice.get('/api/stats/timeseries?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')
      t.equal(reversed.json().code, 'invalid_range')
      t.equal((await alice.get('/api/stats/summary?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z')).json().code, 'invalid_range')
      t.equal((await alice.get('/api/stats/timeseries?bucket=year')).statusCode, 400)
      t.equal((await alice.get('/api/stats/timeseries?from=soon')).statusCode, 400)
      t.equal((await alice.get('/api/stats/summary?from=0000-01-01T00:00:00Z')).statusCode, 400)
      t.equal((await alice.get('/api/stats/summary?from=1900-01-01T00:00:00Z&to=9999-12-31T23:59:59Z')).statusCode, 200, 'the widest range works')
      t.equal((await alice.get('/api/stats/summary?bucket=day')).statusCode, 400, 'unknown query fields are refused')
    })

    t.test('timeseries with tz: buckets are local days, weeks and months, started at local midnight', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ priceCents: 100, costCents: 40, stock: 1000 })
      const at = (iso: string, quantity: number) => alice.sell(product.id, quantity, { soldAt: iso })
      type Point = { start: string; unitsSold: number; revenueCents: number; profitCents: number }
      const series = async (query: string) => {
        const response = await alice.get(`/api/stats/timeseries?${query}`)
        t.equal(response.statusCode, 200, query)
        return response.json() as { bucket: string; tz: string; points: Point[] }
      }
      const pairs = (body: { points: Point[] }) => body.points.map((point) => [point.start, point.unitsSold])

      // New York, after the spring change (EDT, UTC−4): three local days from local midnight to local midnight.
      await at('2026-03-10T03:59:59.999Z', 64) // 9 March 23:59 local: before `from`
      await at('2026-03-10T04:00:00.000Z', 1) // 10 March 00:00 local
      await at('2026-03-11T00:00:00.000Z', 2) // 10 March 20:00 local, 11 March in UTC
      await at('2026-03-13T03:59:59.999Z', 4) // 12 March 23:59 local, 13 March in UTC
      await at('2026-03-13T04:00:00.000Z', 64) // 13 March 00:00 local: `to` is exclusive
      const ny = await series('from=2026-03-10T04:00:00Z&to=2026-03-13T04:00:00Z&bucket=day&tz=America/New_York')
      t.equal(ny.bucket, 'day')
      t.equal(ny.tz, 'America/New_York')
      t.same(pairs(ny), [
        ['2026-03-10T04:00:00.000Z', 3],
        ['2026-03-11T04:00:00.000Z', 0],
        ['2026-03-12T04:00:00.000Z', 4],
      ], 'the 20:00 sale counts on its local day; the empty day is there')
      t.same(ny.points[0], { start: '2026-03-10T04:00:00.000Z', revenueCents: 300, profitCents: 180, unitsSold: 3 })
      // The same instants cut in UTC: four buckets, the evening sale on the next day.
      const utc = await series('from=2026-03-10T04:00:00Z&to=2026-03-13T04:00:00Z&bucket=day')
      t.equal(utc.tz, 'UTC', 'tz defaults to UTC')
      t.same(pairs(utc), [
        ['2026-03-10T00:00:00.000Z', 1],
        ['2026-03-11T00:00:00.000Z', 2],
        ['2026-03-12T00:00:00.000Z', 0],
        ['2026-03-13T00:00:00.000Z', 4],
      ])
      t.same(await series('from=2026-03-10T04:00:00Z&to=2026-03-13T04:00:00Z&bucket=day&tz=UTC'), utc, 'tz=UTC is the default')

      // A 30-day period of local days is 30 points (it was 31 in UTC, the first one partial).
      const thirty = await series('from=2026-02-01T05:00:00Z&to=2026-03-03T05:00:00Z&tz=America/New_York')
      t.equal(thirty.points.length, 30)
      t.equal(thirty.points[0]!.start, '2026-02-01T05:00:00.000Z')
      t.equal(thirty.points[29]!.start, '2026-03-02T05:00:00.000Z')
      t.equal((await series('from=2026-02-01T05:00:00Z&to=2026-03-03T05:00:00Z')).points.length, 31)

      // Kolkata (UTC+5:30, no DST).
      await at('2026-04-10T18:29:59.999Z', 8) // 10 April 23:59 local
      await at('2026-04-10T18:30:00.000Z', 16) // 11 April 00:00 local
      const kolkata = await series('from=2026-04-09T18:30:00Z&to=2026-04-11T18:30:00Z&tz=Asia/Kolkata')
      t.same(pairs(kolkata), [
        ['2026-04-09T18:30:00.000Z', 8],
        ['2026-04-10T18:30:00.000Z', 16],
      ])

      // Berlin months across the spring change: January–March start at 23:00Z, April at 22:00Z.
      await at('2026-03-31T21:59:59.999Z', 32) // 31 March 23:59 CEST
      await at('2026-03-31T22:00:00.000Z', 128) // 1 April 00:00 CEST
      const berlin = await series('from=2025-12-31T23:00:00Z&to=2026-04-30T22:00:00Z&bucket=month&tz=Europe/Berlin')
      t.same(pairs(berlin), [
        ['2025-12-31T23:00:00.000Z', 0],
        ['2026-01-31T23:00:00.000Z', 0],
        ['2026-02-28T23:00:00.000Z', 1 + 2 + 4 + 64 + 64 + 32],
        ['2026-03-31T22:00:00.000Z', 8 + 16 + 128],
      ])

      // Weeks start on the local Monday: 9 March is already EDT.
      const weeks = await series('from=2026-03-02T05:00:00Z&to=2026-03-16T04:00:00Z&bucket=week&tz=America/New_York')
      t.same(weeks.points.map((point) => point.start), ['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z'])
    })

    t.test('timeseries with tz across DST changes: 23 and 25 hour days, none skipped or doubled', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ priceCents: 100, stock: 1000 })
      const at = (iso: string, quantity: number) => alice.sell(product.id, quantity, { soldAt: iso })
      type Point = { start: string; unitsSold: number }
      const pairs = async (query: string) => {
        const response = await alice.get(`/api/stats/timeseries?${query}&tz=America/New_York`)
        t.equal(response.statusCode, 200)
        return (response.json().points as Point[]).map((point) => [point.start, point.unitsSold])
      }
      // Spring: 8 March 2026 has 23 hours (02:00 EST → 03:00 EDT).
      await at('2026-03-08T05:00:00.000Z', 1) // 8 March 00:00 EST
      await at('2026-03-08T07:30:00.000Z', 2) // 03:30 EDT, just after the jump
      await at('2026-03-09T03:59:59.999Z', 4) // 23:59 EDT, the 23rd hour
      await at('2026-03-09T04:00:00.000Z', 8) // 9 March 00:00 EDT
      t.same(await pairs('from=2026-03-07T05:00:00Z&to=2026-03-10T04:00:00Z'), [
        ['2026-03-07T05:00:00.000Z', 0],
        ['2026-03-08T05:00:00.000Z', 1 + 2 + 4],
        ['2026-03-09T04:00:00.000Z', 8],
      ])
      // Autumn: 1 November 2026 has 25 hours (01:00–02:00 happens twice).
      await at('2026-11-01T05:30:00.000Z', 16) // 01:30 EDT
      await at('2026-11-01T06:30:00.000Z', 32) // 01:30 EST, the repeated hour
      await at('2026-11-02T04:30:00.000Z', 64) // 23:30 EST, the 25th hour
      await at('2026-11-02T05:00:00.000Z', 128) // 2 November 00:00 EST
      t.same(await pairs('from=2026-10-31T04:00:00Z&to=2026-11-03T05:00:00Z'), [
        ['2026-10-31T04:00:00.000Z', 0],
        ['2026-11-01T04:00:00.000Z', 16 + 32 + 64],
        ['2026-11-02T05:00:00.000Z', 128],
      ])
      // A week and a month holding both changes are still one bucket each.
      t.same(await pairs('from=2026-03-02T05:00:00Z&to=2026-03-09T04:00:00Z&bucket=week'), [['2026-03-02T05:00:00.000Z', 1 + 2 + 4]])
      t.same(await pairs('from=2026-11-01T04:00:00Z&to=2026-12-01T05:00:00Z&bucket=month'), [['2026-11-01T04:00:00.000Z', 16 + 32 + 64 + 128]])
    })

    t.test('timeseries tz: unknown or malformed zones are a 400 naming the field; the bucket cap still applies', async (t) => {
      const alice = ctx.user()
      for (const tz of ['Mars/Olympus_Mons', 'Europe/Atlantis', 'EST', 'UTC+5', '+05:00', 'Europe/Berlin;drop', '', 'a/'.repeat(40) + 'b']) {
        const response = await alice.get(`/api/stats/timeseries?tz=${encodeURIComponent(tz)}`)
        t.equal(response.statusCode, 400, `tz=${tz}`)
        t.match(response.headers['content-type'], /^application\/problem\+json/)
        const body = response.json()
        t.equal(body.code, 'validation_failed', `tz=${tz}`)
        t.same([...new Set(body.errors.map((error: { field: string }) => error.field))], ['/querystring/tz'], `tz=${tz}`)
      }
      const tooLarge = await alice.get('/api/stats/timeseries?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=day&tz=Asia/Kolkata')
      t.equal(tooLarge.json().code, 'range_too_large')
      t.equal((await alice.get('/api/stats/timeseries?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=month&tz=Asia/Kolkata')).json().points.length, 73,
        'Kolkata midnight of 1 January 2020 is still 2019 in UTC: 72 months plus the one holding `from`')
      t.equal((await alice.get('/api/stats/summary?tz=UTC')).statusCode, 400, 'the summary takes instants, no tz')
      // A zone ICU knows but the database's tzdata does not becomes null (→ the same 400), not a 500.
      const repository = new StatsRepository(ctx.database.db as ShopDb)
      const range = [new Date('2026-01-01T00:00:00Z'), new Date('2026-01-03T00:00:00Z')] as const
      t.equal(await repository.timeseries(randomUUID(), ...range, 'day', 'Etc/Unknown'), null)
      t.equal((await repository.timeseries(randomUUID(), ...range, 'day', 'Asia/Kolkata'))?.length, 3)
    })

    t.test('buckets stay UTC whatever time zone the database sessions use', { skip: kind !== 'postgres' }, async (t) => {
      const url = ctx.database.url!
      await ctx.database.db.execute(sql.raw(`alter database "${new URL(url).pathname.slice(1)}" set timezone to 'America/New_York'`))
      const probe = await openDatabase({ url, maxConnections: 1 })
      t.teardown(() => probe.close())
      t.equal(extractRows<{ tz: string }>(await probe.db.execute(sql`select current_setting('TimeZone') as tz`))[0]!.tz, 'America/New_York')
      // A new app opens new sessions, which now default to New York time.
      const app = await buildApp(testConfig(ctx.issuer, { DATABASE_URL: url }))
      t.teardown(() => app.close())
      const alice = new TestUser(app, ctx.issuer.mint())
      const product = await alice.createProduct({ priceCents: 100, stock: 100 })
      await alice.sell(product.id, 1, { soldAt: '2026-03-01T02:00:00Z' }) // still February in New York
      await alice.sell(product.id, 2, { soldAt: '2026-11-01T04:30:00Z' }) // New York's DST change day
      const months = (await alice.get('/api/stats/timeseries?from=2026-02-01T00:00:00Z&to=2026-04-01T00:00:00Z&bucket=month')).json()
      t.same(
        months.points.map((point: { start: string; unitsSold: number }) => [point.start, point.unitsSold]),
        [
          ['2026-02-01T00:00:00.000Z', 0],
          ['2026-03-01T00:00:00.000Z', 1],
        ],
      )
      const days = (await alice.get('/api/stats/timeseries?from=2026-10-31T00:00:00Z&to=2026-11-03T00:00:00Z&bucket=day')).json()
      t.same(
        days.points.map((point: { start: string; unitsSold: number }) => [point.start, point.unitsSold]),
        [
          ['2026-10-31T00:00:00.000Z', 0],
          ['2026-11-01T00:00:00.000Z', 2],
          ['2026-11-02T00:00:00.000Z', 0],
        ],
      )
    })
  })
}

t.test('bucketCount agrees with calendar arithmetic', async (t) => {
  const d = (iso: string) => new Date(iso)
  t.equal(bucketCount(d('2026-03-10T15:00:00Z'), d('2026-03-20T00:00:00Z'), 'day'), 10)
  t.equal(bucketCount(d('2026-03-10T00:00:00Z'), d('2026-03-10T00:00:00.001Z'), 'day'), 1)
  t.equal(bucketCount(d('2025-12-30T00:00:00Z'), d('2026-01-19T00:00:00Z'), 'week'), 3)
  t.equal(bucketCount(d('2026-01-05T00:00:00Z'), d('2026-01-05T00:00:01Z'), 'week'), 1, 'a Monday starts its own week')
  t.equal(bucketCount(d('2026-01-04T23:00:00Z'), d('2026-01-05T01:00:00Z'), 'week'), 2, 'Sunday and Monday are different weeks')
  t.equal(bucketCount(d('2025-11-15T00:00:00Z'), d('2026-03-01T00:00:00Z'), 'month'), 4)
  t.equal(bucketCount(d('2020-01-01T00:00:00Z'), d('2026-01-01T00:00:00Z'), 'month'), 72)
  // In a time zone: the same arithmetic on local wall-clock times.
  t.equal(bucketCount(d('2026-02-01T05:00:00Z'), d('2026-03-03T05:00:00Z'), 'day', 'America/New_York'), 30)
  t.equal(bucketCount(d('2026-02-01T05:00:00Z'), d('2026-03-03T05:00:00Z'), 'day'), 31)
  t.equal(bucketCount(d('2026-03-07T05:00:00Z'), d('2026-03-10T04:00:00Z'), 'day', 'America/New_York'), 3, 'a 23-hour day is one bucket')
  t.equal(bucketCount(d('2026-10-31T04:00:00Z'), d('2026-11-03T05:00:00Z'), 'day', 'America/New_York'), 3, 'a 25-hour day is one bucket')
  t.equal(bucketCount(d('2026-03-02T05:00:00Z'), d('2026-03-16T04:00:00Z'), 'week', 'America/New_York'), 2)
  t.equal(bucketCount(d('2025-12-31T23:00:00Z'), d('2026-04-30T22:00:00Z'), 'month', 'Europe/Berlin'), 4)
  t.equal(bucketCount(d('2020-01-01T00:00:00Z'), d('2026-01-01T00:00:00Z'), 'month', 'Asia/Kolkata'), 73)
})
