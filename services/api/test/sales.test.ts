import t from 'tap'
import { sql } from 'drizzle-orm'
import { extractRows, testDatabaseKinds } from '@proddash/db/testing'
import { setup, type SaleJson } from './helper.js'

const MISSING_ID = '00000000-0000-4000-8000-000000000000'

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const ctx = await setup(t, kind)
    t.beforeEach(() => ctx.database.reset())
    const count = async (table: 'sales' | 'idempotency_keys') =>
      extractRows<{ n: number }>(await ctx.database.db.execute(sql.raw(`select count(*)::int as n from shop.${table}`)))[0]!.n
    const stockOf = async (user: ReturnType<typeof ctx.user>, id: string) => (await user.get(`/api/products/${id}`)).json().stock as number

    t.test('a sale lowers stock and snapshots price and cost; later price changes do not touch it', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ name: 'Latte', priceCents: 400, costCents: 120, stock: 10 })
      const response = await alice.post('/api/sales', { productId: product.id, quantity: 3, note: 'table 4\nno sugar' })
      t.equal(response.statusCode, 201)
      const sale = response.json()
      t.equal(response.headers.location, `/api/sales/${sale.id}`)
      t.notOk(response.headers['idempotent-replayed'])
      t.match(sale, { productId: product.id, quantity: 3, unitPriceCents: 400, unitCostCents: 120, note: 'table 4\nno sugar', voidedAt: null })
      t.same(Object.keys(sale).sort(), ['id', 'note', 'productId', 'quantity', 'soldAt', 'unitCostCents', 'unitPriceCents', 'voidedAt'])
      t.equal(await stockOf(alice, product.id), 7)

      await alice.patch(`/api/products/${product.id}`, { priceCents: 999, costCents: 500 })
      t.match((await alice.get(`/api/sales/${sale.id}`)).json(), { unitPriceCents: 400, unitCostCents: 120 })

      const discounted = await alice.sell(product.id, 1, { unitPriceCents: 0, soldAt: '2026-01-15T10:00:00+02:00' })
      t.match(discounted, { unitPriceCents: 0, unitCostCents: 500, soldAt: '2026-01-15T08:00:00.000Z', note: null })
    })

    t.test('selling more than the stock is 409 insufficient_stock and changes nothing', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ stock: 2 })
      const response = await alice.post('/api/sales', { productId: product.id, quantity: 3 })
      t.equal(response.statusCode, 409)
      t.match(response.json(), { code: 'insufficient_stock', status: 409 })
      t.equal(await stockOf(alice, product.id), 2)
      t.equal(await count('sales'), 0)
      await alice.sell(product.id, 2)
      t.equal(await stockOf(alice, product.id), 0)
      t.equal((await alice.post('/api/sales', { productId: product.id, quantity: 1 })).json().code, 'insufficient_stock')
    })

    t.test('50 parallel sales of the last unit: exactly one 201, 49 × 409, stock 0', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ name: 'Last one', stock: 1 })
      const responses = await Promise.all(Array.from({ length: 50 }, () => alice.post('/api/sales', { productId: product.id, quantity: 1 })))
      const statuses = responses.map((response) => response.statusCode)
      t.equal(statuses.filter((status) => status === 201).length, 1)
      t.equal(statuses.filter((status) => status === 409).length, 49)
      t.ok(responses.filter((response) => response.statusCode === 409).every((response) => response.json().code === 'insufficient_stock'))
      t.equal(await stockOf(alice, product.id), 0)
      t.equal(await count('sales'), 1)
    })

    t.test('parallel sales of several units never oversell', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ name: 'Ten', stock: 10 })
      const responses = await Promise.all(Array.from({ length: 12 }, () => alice.post('/api/sales', { productId: product.id, quantity: 3 })))
      t.equal(responses.filter((response) => response.statusCode === 201).length, 3)
      t.equal(await stockOf(alice, product.id), 1)
    })

    t.test('unknown and malformed products; archived products are unsellable', async (t) => {
      const alice = ctx.user()
      const unknown = await alice.post('/api/sales', { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 })
      t.equal(unknown.statusCode, 404)
      t.equal(unknown.json().code, 'product_not_found')
      t.equal((await alice.post('/api/sales', { productId: 'nope', quantity: 1 })).statusCode, 400)

      const product = await alice.createProduct({ stock: 5 })
      await alice.delete(`/api/products/${product.id}`)
      const archived = await alice.post('/api/sales', { productId: product.id, quantity: 1 })
      t.equal(archived.statusCode, 409)
      t.equal(archived.json().code, 'product_archived')
      t.equal(await stockOf(alice, product.id), 5)
      t.equal(await count('sales'), 0)
    })

    t.test('validation of the sale body', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ stock: 5 })
      const cases: [Record<string, unknown>, string][] = [
        [{ productId: product.id }, '/body/quantity'],
        [{ productId: product.id, quantity: 0 }, '/body/quantity'],
        [{ productId: product.id, quantity: -2 }, '/body/quantity'],
        [{ productId: product.id, quantity: 100_001 }, '/body/quantity'],
        [{ productId: product.id, quantity: 1.5 }, '/body/quantity'],
        [{ productId: product.id, quantity: '1' }, '/body/quantity'],
        [{ productId: product.id, quantity: 1, unitPriceCents: -1 }, '/body/unitPriceCents'],
        [{ productId: product.id, quantity: 1, unitPriceCents: 100_000_000_001 }, '/body/unitPriceCents'],
        [{ productId: product.id, quantity: 1, soldAt: 'yesterday' }, '/body/soldAt'],
        [{ productId: product.id, quantity: 1, soldAt: '2026-01-01T10:00:00' }, '/body/soldAt'],
        [{ productId: product.id, quantity: 1, soldAt: new Date(Date.now() + 86_400_000).toISOString() }, '/body/soldAt'],
        [{ productId: product.id, quantity: 1, note: 'x'.repeat(501) }, '/body/note'],
        [{ productId: product.id, quantity: 1, note: 'nul\u0000' }, '/body/note'],
        [{ productId: product.id, quantity: 1, soldAt: '0000-01-01T00:00:00Z' }, '/body/soldAt'],
        [{ productId: product.id, quantity: 1, soldAt: '1899-12-31T23:59:59Z' }, '/body/soldAt'],
        [{ productId: product.id, quantity: 1, unitCostCents: 1 }, '/body/unitCostCents'],
      ]
      for (const [body, field] of cases) {
        const response = await alice.post('/api/sales', body)
        t.equal(response.statusCode, 400, JSON.stringify(body))
        t.equal(response.json().code, 'validation_failed')
        t.ok(response.json().errors.some((error: { field: string }) => error.field === field), `${field}: ${response.body}`)
      }
      t.equal(await stockOf(alice, product.id), 5)
      t.equal((await alice.post('/api/sales', { productId: product.id, quantity: 1 }, { 'idempotency-key': 'x'.repeat(256) })).statusCode, 400)
      t.equal((await alice.post('/api/sales', { productId: product.id, quantity: 1 }, { 'idempotency-key': 'with space' })).statusCode, 400)
    })

    t.test('Idempotency-Key: the same request twice records one sale and replays the first answer', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ stock: 10 })
      const body = { productId: product.id, quantity: 2, note: 'once' }
      const first = await alice.post('/api/sales', body, { 'idempotency-key': 'order-1' })
      t.equal(first.statusCode, 201)
      t.notOk(first.headers['idempotent-replayed'])
      // Key order does not matter: the same request, serialised differently.
      const second = await alice.post('/api/sales', { note: 'once', quantity: 2, productId: product.id }, { 'idempotency-key': 'order-1' })
      t.equal(second.statusCode, 201)
      t.equal(second.headers['idempotent-replayed'], 'true')
      t.same(second.json(), first.json())
      t.equal(second.headers.location, first.headers.location)
      t.equal(await stockOf(alice, product.id), 8)
      t.equal(await count('sales'), 1)

      const reused = await alice.post('/api/sales', { ...body, quantity: 3 }, { 'idempotency-key': 'order-1' })
      t.equal(reused.statusCode, 422)
      t.equal(reused.json().code, 'idempotency_key_reused')
      t.equal(await stockOf(alice, product.id), 8)

      // Keys are per dashboard: another user may use the same key for their own sale.
      const bob = ctx.user()
      const bobs = await bob.createProduct({ stock: 1 })
      const bobSale = await bob.post('/api/sales', { productId: bobs.id, quantity: 1 }, { 'idempotency-key': 'order-1' })
      t.equal(bobSale.statusCode, 201)
      t.notOk(bobSale.headers['idempotent-replayed'])
      t.not(bobSale.json().id, first.json().id)

      // A failed attempt stores nothing: the same key can succeed after restocking.
      const short = await alice.post('/api/sales', { productId: product.id, quantity: 9 }, { 'idempotency-key': 'order-2' })
      t.equal(short.statusCode, 409)
      await alice.patch(`/api/products/${product.id}`, { stock: 20 })
      const retried = await alice.post('/api/sales', { productId: product.id, quantity: 9 }, { 'idempotency-key': 'order-2' })
      t.equal(retried.statusCode, 201)
      t.notOk(retried.headers['idempotent-replayed'])
    })

    t.test('Idempotency-Key sent concurrently: one sale, every answer the same', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ stock: 100 })
      const body = { productId: product.id, quantity: 1 }
      const responses = await Promise.all(Array.from({ length: 20 }, () => alice.post('/api/sales', body, { 'idempotency-key': 'tap-tap-tap' })))
      t.same(
        responses.map((response) => response.statusCode),
        Array(20).fill(201),
      )
      const ids = new Set(responses.map((response) => (response.json() as SaleJson).id))
      t.equal(ids.size, 1, 'every answer names the same sale')
      t.equal(responses.filter((response) => response.headers['idempotent-replayed'] === 'true').length, 19)
      t.equal(await count('sales'), 1)
      t.equal(await count('idempotency_keys'), 1)
      t.equal(await stockOf(alice, product.id), 99)

      // The same key concurrently with a different body: one wins, the others are refused.
      const mixed = await Promise.all([
        alice.post('/api/sales', { productId: product.id, quantity: 1 }, { 'idempotency-key': 'mixed' }),
        alice.post('/api/sales', { productId: product.id, quantity: 2 }, { 'idempotency-key': 'mixed' }),
      ])
      t.same(mixed.map((response) => response.statusCode).sort(), [201, 422])
      t.equal(await count('sales'), 2)
    })

    t.test('voiding restocks atomically; voiding again is a no-op 204', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ stock: 5 })
      const sale = await alice.sell(product.id, 3)
      t.equal(await stockOf(alice, product.id), 2)
      const voided = await alice.delete(`/api/sales/${sale.id}`)
      t.equal(voided.statusCode, 204)
      t.equal(voided.body, '')
      t.equal(await stockOf(alice, product.id), 5)
      const read = (await alice.get(`/api/sales/${sale.id}`)).json()
      t.ok(read.voidedAt, 'the sale stays, marked voided')
      t.equal((await alice.delete(`/api/sales/${sale.id}`)).statusCode, 204)
      t.equal(await stockOf(alice, product.id), 5, 'not restocked twice')
      t.equal((await alice.delete('/api/sales/00000000-0000-4000-8000-000000000000')).statusCode, 404)
      t.equal((await alice.delete('/api/sales/nope')).statusCode, 400)

      // Concurrent voids of one sale restock once.
      const again = await alice.sell(product.id, 4)
      const results = await Promise.all(Array.from({ length: 5 }, () => alice.delete(`/api/sales/${again.id}`)))
      t.same(results.map((result) => result.statusCode), Array(5).fill(204))
      t.equal(await stockOf(alice, product.id), 5)

      // A sale of a product archived since is still voidable, and restocks it.
      const late = await alice.sell(product.id, 2)
      await alice.delete(`/api/products/${product.id}`)
      t.equal((await alice.delete(`/api/sales/${late.id}`)).statusCode, 204)
      t.equal(await stockOf(alice, product.id), 5)
    })

    t.test('listing: newest first, filters by product and [from, to), keyset pages without duplicates', async (t) => {
      const alice = ctx.user()
      const tea = await alice.createProduct({ name: 'Tea', stock: 1000 })
      const cake = await alice.createProduct({ name: 'Cake', stock: 1000 })
      const base = Date.UTC(2026, 5, 1)
      const made: SaleJson[] = []
      for (let i = 0; i < 30; i++) {
        // Pairs share a timestamp so the id tiebreak is exercised.
        const soldAt = new Date(base + Math.floor(i / 2) * 3_600_000).toISOString()
        made.push(await alice.sell(i % 3 === 0 ? cake.id : tea.id, 1, { soldAt }))
      }
      const walk = async (query: string) => {
        const ids: string[] = []
        let cursor: string | null = null
        for (let pages = 0; pages < 50; pages++) {
          const response = await alice.get(`/api/sales?limit=4${query}${cursor ? `&cursor=${cursor}` : ''}`)
          t.equal(response.statusCode, 200)
          const page: { items: SaleJson[]; nextCursor: string | null } = response.json()
          ids.push(...page.items.map((item) => item.id))
          cursor = page.nextCursor
          if (!cursor) break
        }
        return ids
      }
      const order = (sales: SaleJson[]) =>
        [...sales].sort((a, b) => (a.soldAt === b.soldAt ? (a.id < b.id ? 1 : -1) : a.soldAt < b.soldAt ? 1 : -1)).map((sale) => sale.id)

      t.same(await walk(''), order(made), 'all sales, (soldAt desc, id desc), no duplicates')
      t.same(await walk(`&productId=${cake.id}`), order(made.filter((sale) => sale.productId === cake.id)))
      const from = new Date(base + 3 * 3_600_000).toISOString()
      const to = new Date(base + 8 * 3_600_000).toISOString()
      const inRange = made.filter((sale) => sale.soldAt >= from && sale.soldAt < to)
      t.equal(inRange.length, 10)
      t.same(await walk(`&from=${from}&to=${to}`), order(inRange), 'from inclusive, to exclusive')
      const bad = await alice.get(`/api/sales?from=${to}&to=${from}`)
      t.equal(bad.statusCode, 400)
      t.equal(bad.json().code, 'invalid_range')
      t.equal((await alice.get('/api/sales?from=2026-13-01T00:00:00Z')).statusCode, 400)
      const yearZero = await alice.get('/api/sales?from=0000-01-01T00:00:00Z')
      t.equal(yearZero.statusCode, 400, 'a year PostgreSQL cannot store is a 400, not a 500')
      t.same(yearZero.json().errors, [{ field: '/querystring/from', message: 'must be between 1900-01-01 and 9999-12-31' }])
      const forged = Buffer.from(JSON.stringify([-62198755200000, MISSING_ID])).toString('base64url')
      t.equal((await alice.get(`/api/sales?cursor=${forged}`)).json().code, 'invalid_cursor')
      t.equal((await alice.get('/api/sales?productId=x')).statusCode, 400)
      t.equal((await alice.get('/api/sales?voided=true')).statusCode, 400)
      t.equal((await alice.get('/api/sales/00000000-0000-4000-8000-000000000000')).statusCode, 404)
    })
  })
}
