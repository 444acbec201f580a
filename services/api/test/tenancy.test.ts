/**
 * Two users, every api route: nothing of one is visible to or changeable by
 * the other. Another user's id answers 404 exactly like a missing one, and
 * the owner's data is byte-for-byte the same afterwards.
 */
import t from 'tap'
import { testDatabaseKinds } from '@proddash/db/testing'
import { setup, type TestUser } from './helper.js'

const MISSING = '00000000-0000-4000-8000-000000000000'

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const ctx = await setup(t, kind)

    t.test('no cross-tenant read or write on any route', async (t) => {
      const alice = ctx.user()
      const bob = ctx.user()
      const product = await alice.createProduct({ name: 'Alice only', barcode: 'ALICE-1', priceCents: 500, costCents: 100, stock: 10 })
      const archived = await alice.createProduct({ name: 'Alice archived', stock: 1 })
      await alice.delete(`/api/products/${archived.id}`)
      const sale = await alice.sell(product.id, 2, { soldAt: '2026-06-01T12:00:00Z' })
      await alice.post('/api/sales', { productId: product.id, quantity: 1 }, { 'idempotency-key': 'shared-key' })
      await bob.createProduct({ name: 'Bob own', stock: 5 })

      const snapshot = async (user: TestUser) => ({
        dashboard: (await user.get('/api/dashboard')).body,
        product: (await user.get(`/api/products/${product.id}`)).body,
        archived: (await user.get(`/api/products/${archived.id}`)).body,
        products: (await user.get('/api/products')).body,
        archivedList: (await user.get('/api/products?archived=true')).body,
        sale: (await user.get(`/api/sales/${sale.id}`)).body,
        sales: (await user.get('/api/sales')).body,
        summary: (await user.get('/api/stats/summary?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z')).body,
        timeseries: (await user.get('/api/stats/timeseries?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&bucket=month')).body,
      })
      const before = await snapshot(alice)

      const attempts: [string, string, () => Promise<{ statusCode: number; body: string }>, number][] = [
        ['GET', '/api/products/:id', () => bob.get(`/api/products/${product.id}`), 404],
        ['GET', '/api/products/:id', () => bob.get(`/api/products/${archived.id}`), 404],
        ['PATCH', '/api/products/:id', () => bob.patch(`/api/products/${product.id}`, { name: 'pwned', stock: 0 }), 404],
        ['PATCH', '/api/products/:id', () => bob.patch(`/api/products/${product.id}`, { priceCents: 1 }, { 'if-match': '*' }), 404],
        ['PATCH', '/api/products/:id', () => bob.patch(`/api/products/${archived.id}`, { archived: false }), 404],
        ['DELETE', '/api/products/:id', () => bob.delete(`/api/products/${product.id}`), 404],
        ['GET', '/api/products/by-barcode/:barcode', () => bob.get('/api/products/by-barcode/ALICE-1'), 404],
        ['POST', '/api/sales', () => bob.post('/api/sales', { productId: product.id, quantity: 1 }), 404],
        ['POST', '/api/sales', () => bob.post('/api/sales', { productId: product.id, quantity: 1 }, { 'idempotency-key': 'shared-key' }), 404],
        ['GET', '/api/sales/:id', () => bob.get(`/api/sales/${sale.id}`), 404],
        ['DELETE', '/api/sales/:id', () => bob.delete(`/api/sales/${sale.id}`), 404],
        // The same routes by cookie, as a browser would send them.
        ['PATCH', '/api/products/:id', () => bob.viaCookie().patch(`/api/products/${product.id}`, { stock: 0 }), 404],
        ['DELETE', '/api/sales/:id', () => bob.viaCookie().delete(`/api/sales/${sale.id}`), 404],
      ]
      for (const [method, route, attempt, status] of attempts) {
        const response = await attempt()
        t.equal(response.statusCode, status, `${method} ${route}`)
        t.notMatch(response.body, /Alice/, `${method} ${route} leaks nothing`)
      }
      // The 404 for someone else's id is indistinguishable from the one for a missing id.
      t.same(JSON.parse((await bob.get(`/api/products/${product.id}`)).body), JSON.parse((await bob.get(`/api/products/${MISSING}`)).body))
      t.same(JSON.parse((await bob.get(`/api/sales/${sale.id}`)).body), JSON.parse((await bob.get(`/api/sales/${MISSING}`)).body))

      // Lists, searches and stats show only the caller's own data.
      const bobProducts = (await bob.get('/api/products')).json()
      t.same(bobProducts.items.map((item: { name: string }) => item.name), ['Bob own'])
      t.same((await bob.get('/api/products?q=alice')).json().items, [])
      t.same((await bob.get('/api/products?archived=true')).json().items, [])
      t.same((await bob.get('/api/sales')).json().items, [])
      t.same((await bob.get(`/api/sales?productId=${product.id}`)).json().items, [])
      const bobSummary = (await bob.get('/api/stats/summary?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z')).json()
      t.match(bobSummary, { revenueCents: 0, salesCount: 0, topProducts: [] })
      t.same(bobSummary.lowStock.map((entry: { name: string }) => entry.name), ['Bob own'])
      const bobSeries = (await bob.get('/api/stats/timeseries?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&bucket=month')).json()
      t.ok(bobSeries.points.every((point: { unitsSold: number }) => point.unitsSold === 0))
      // A cursor minted from Alice's data only positions Bob's own list; it reveals nothing of hers.
      const aliceCursor = (await alice.get('/api/products?limit=1&archived=false')).json().nextCursor
      if (aliceCursor) t.notMatch((await bob.get(`/api/products?cursor=${aliceCursor}`)).body, /Alice/)

      // Dashboards are per user; changing one leaves the other alone.
      const bobDashboard = (await bob.patch('/api/dashboard', { name: 'Bob shop', currency: 'EUR' })).json()
      t.not(bobDashboard.id, JSON.parse(before.dashboard).id)

      t.same(await snapshot(alice), before, "Alice's data is unchanged")
      t.equal(JSON.parse(before.product).stock, 7, 'and it is what Alice made it')
    })

    t.test('the matrix above covers every documented api route', async (t) => {
      const document = (await ctx.app.inject('/api/openapi.json')).json()
      const routes = Object.entries(document.paths as Record<string, Record<string, unknown>>)
        .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
        .sort()
      t.same(routes, [
        'DELETE /api/products/{id}',
        'DELETE /api/sales/{id}',
        'GET /api/dashboard',
        'GET /api/products',
        'GET /api/products/by-barcode/{barcode}',
        'GET /api/products/{id}',
        'GET /api/sales',
        'GET /api/sales/{id}',
        'GET /api/stats/summary',
        'GET /api/stats/timeseries',
        'PATCH /api/dashboard',
        'PATCH /api/products/{id}',
        'POST /api/products',
        'POST /api/sales',
      ], 'a new route must be added to the tenancy matrix')
    })
  })
}
