/** Authentication on every api route, cookie + CSRF, an issuer outage, the dashboard, OpenAPI and health. */
import t from 'tap'
import { sql } from 'drizzle-orm'
import { extractRows, testDatabaseKinds } from '@proddash/db/testing'
import { setup, TestUser } from './helper.js'

const MISSING = '00000000-0000-4000-8000-000000000000'
const ROUTES: [string, string, Record<string, unknown>?][] = [
  ['GET', '/api/dashboard'],
  ['PATCH', '/api/dashboard', { name: 'x' }],
  ['GET', '/api/products'],
  ['POST', '/api/products', { name: 'x', priceCents: 1 }],
  ['GET', `/api/products/${MISSING}`],
  ['PATCH', `/api/products/${MISSING}`, { name: 'x' }],
  ['DELETE', `/api/products/${MISSING}`],
  ['GET', '/api/products/by-barcode/123'],
  ['POST', '/api/sales', { productId: MISSING, quantity: 1 }],
  ['GET', '/api/sales'],
  ['GET', `/api/sales/${MISSING}`],
  ['DELETE', `/api/sales/${MISSING}`],
  ['GET', '/api/stats/summary'],
  ['GET', '/api/stats/timeseries'],
]

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const ctx = await setup(t, kind)
    t.beforeEach(() => ctx.database.reset())
    const dashboards = async () => extractRows<{ n: number }>(await ctx.database.db.execute(sql`select count(*)::int as n from shop.dashboards`))[0]!.n

    t.test('every api route refuses a missing, malformed, expired, foreign or mis-addressed token with 401', async (t) => {
      const expired = ctx.issuer.mint({ ttlSeconds: -120 })
      const wrongAudience = ctx.issuer.mint({ claims: { aud: 'someone-else' } })
      const wrongIssuer = ctx.issuer.mint({ claims: { iss: 'https://evil.example' } })
      const tokens: [string, Record<string, string>][] = [
        ['none', {}],
        ['garbage', { authorization: 'Bearer not.a.jwt' }],
        ['not bearer', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
        ['expired', { authorization: expired.bearer }],
        ['wrong audience', { authorization: wrongAudience.bearer }],
        ['wrong issuer', { authorization: wrongIssuer.bearer }],
      ]
      for (const [method, url, payload] of ROUTES) {
        for (const [name, headers] of tokens) {
          const response = await ctx.app.inject({ method: method as 'GET', url, payload, headers })
          t.equal(response.statusCode, 401, `${method} ${url}: ${name}`)
          t.match(response.headers['www-authenticate'], /^Bearer .*error="invalid_token"/)
          t.match(response.headers['content-type'], /^application\/problem\+json/)
        }
      }
      t.equal(await dashboards(), 0, 'refused requests create nothing')
    })

    t.test('cookie authentication: reads need the cookie, writes the CSRF header too', async (t) => {
      const session = ctx.issuer.mint()
      const cookie = session.cookie
      t.equal((await ctx.app.inject({ method: 'GET', url: '/api/products', headers: { cookie } })).statusCode, 200)
      const noCsrf = await ctx.app.inject({ method: 'POST', url: '/api/products', headers: { cookie }, payload: { name: 'x', priceCents: 1 } })
      t.equal(noCsrf.statusCode, 403)
      const wrongCsrf = await ctx.app.inject({
        method: 'POST',
        url: '/api/products',
        headers: { cookie, 'x-csrf-token': 'forged' },
        payload: { name: 'x', priceCents: 1 },
      })
      t.equal(wrongCsrf.statusCode, 403)
      t.same((await ctx.app.inject({ method: 'GET', url: '/api/products', headers: { cookie } })).json().items, [], 'refused writes changed nothing')
      const user = new TestUser(ctx.app, session, 'cookie')
      const created = await user.post('/api/products', { name: 'x', priceCents: 1, stock: 1 })
      t.equal(created.statusCode, 201)
      t.equal((await user.post('/api/sales', { productId: created.json().id, quantity: 1 })).statusCode, 201)
      t.equal(
        (await ctx.app.inject({ method: 'DELETE', url: `/api/products/${created.json().id}`, headers: { cookie } })).statusCode,
        403,
        'DELETE by cookie without CSRF',
      )
    })

    t.test('tokens keep verifying while the issuer is down (cached JWKS)', async (t) => {
      const alice = ctx.user()
      t.equal((await alice.get('/api/dashboard')).statusCode, 200)
      ctx.issuer.setDown(true)
      t.teardown(() => ctx.issuer.setDown(false))
      t.equal((await alice.get('/api/dashboard')).statusCode, 200)
      const later = new TestUser(ctx.app, ctx.issuer.mint())
      t.equal((await later.get('/api/products')).statusCode, 200, 'a new token signed by a known key')
      t.equal((await later.post('/api/products', { name: 'offline', priceCents: 1 })).statusCode, 201)
    })

    t.test('the dashboard is created on first access, once, even when first requests race', async (t) => {
      const alice = ctx.user()
      const responses = await Promise.all(Array.from({ length: 10 }, () => alice.get('/api/dashboard')))
      t.same(responses.map((response) => response.statusCode), Array(10).fill(200))
      t.equal(new Set(responses.map((response) => response.json().id)).size, 1)
      t.equal(await dashboards(), 1)
      const dashboard = responses[0]!.json()
      t.match(dashboard, { name: 'My shop', currency: 'USD' })
      t.same(Object.keys(dashboard).sort(), ['createdAt', 'currency', 'id', 'name'])

      const patched = await alice.patch('/api/dashboard', { name: ' Corner Café ', currency: 'EUR' })
      t.equal(patched.statusCode, 200)
      t.same(patched.json(), { ...dashboard, name: 'Corner Café', currency: 'EUR' })
      t.same((await alice.get('/api/dashboard')).json(), patched.json())
      for (const body of [{}, { name: 'tab\there' }, { currency: 'eur' }, { currency: 'EURO' }, { name: '' }, { name: 'x'.repeat(201) }, { id: MISSING }]) {
        t.equal((await alice.patch('/api/dashboard', body)).statusCode, 400, JSON.stringify(body))
      }
      // Several users racing their first request each get their own.
      await Promise.all(Array.from({ length: 5 }, () => ctx.user().get('/api/products')))
      t.equal(await dashboards(), 6)
    })

    t.test('an invalid request does not create a dashboard', async (t) => {
      const alice = ctx.user()
      t.equal((await alice.post('/api/products', { name: 'x' })).statusCode, 400)
      t.equal(await dashboards(), 0)
    })
  })
}

t.test('OpenAPI, health and headers', async (t) => {
  const ctx = await setup(t, 'pglite')
  const response = await ctx.app.inject('/api/openapi.json')
  t.equal(response.statusCode, 200, 'public: no token needed to read the document')
  const document = response.json()
  t.match(document, { openapi: /^3\./, info: { title: 'ProdDash api' } })
  t.ok(document.components.securitySchemes.bearerAuth)
  for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown; parameters?: unknown[] }>>)) {
    for (const [method, operation] of Object.entries(methods)) {
      const statuses = Object.keys(operation.responses)
      t.ok(statuses.includes('400') && statuses.includes('401'), `${method} ${path} declares 400 and 401`)
      t.ok(statuses.some((status) => /^2\d\d$/.test(status)), `${method} ${path} declares its success`)
      const problem = operation.responses['401'] as { content: Record<string, unknown> }
      t.ok(problem.content['application/problem+json'], `${method} ${path}: errors are problem+json`)
    }
  }
  t.ok(document.paths['/api/sales'].post.responses['409'], 'POST /api/sales declares 409')
  t.ok(document.paths['/api/sales'].post.responses['422'], 'POST /api/sales declares 422')
  t.ok(document.paths['/api/products/{id}'].patch.responses['412'], 'PATCH product declares 412')
  t.ok(document.paths['/api/products/{id}'].get.responses['304'], 'GET product declares 304')
  t.notMatch(JSON.stringify(document), /~kind|~optional/, 'no TypeBox internals leak')

  t.equal((await ctx.app.inject('/healthz')).statusCode, 200)
  t.equal((await ctx.app.inject('/readyz')).statusCode, 200)
  const api = await ctx.user().get('/api/dashboard')
  t.equal(api.headers['cache-control'], 'no-store')
  t.equal(api.headers['x-content-type-options'], 'nosniff')
  const unknown = await ctx.user().get('/api/nothing-here')
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json().code, 'not_found')
})

t.test('bodies: wrong content type is 415, oversized is 413, malformed JSON is 400 — all problems', async (t) => {
  const ctx = await setup(t, 'pglite')
  const alice = ctx.user()
  const wrongType = await alice.request('POST', '/api/products', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' })
  t.equal(wrongType.statusCode, 415)
  t.match(wrongType.headers['content-type'], /^application\/problem\+json/)
  const huge = await alice.request('POST', '/api/products', JSON.stringify({ name: 'x', priceCents: 1, pad: 'x'.repeat(100_000) }), {
    'content-type': 'application/json',
  })
  t.equal(huge.statusCode, 413)
  t.match(huge.headers['content-type'], /^application\/problem\+json/)
  const malformed = await alice.request('POST', '/api/sales', '{"productId":', { 'content-type': 'application/json' })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.headers['content-type'], /^application\/problem\+json/)
  t.same((await alice.get('/api/products')).json().items, [])
})
