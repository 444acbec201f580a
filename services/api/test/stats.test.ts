import t from 'tap'
import { sql } from 'drizzle-orm'
import { openDatabase } from '@proddash/db'
import { extractRows, testDatabaseKinds } from '@proddash/db/testing'
import { buildApp } from '../src/app.js'
import { bucketCount } from '../src/repositories/stats-repository.js'
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
})
