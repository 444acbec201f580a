/**
 * "A 5xx is a bug": hostile values in every body field, query parameter and
 * path segment of every route must be answered with a 4xx (or a success),
 * never a 500, and never change another user's data.
 */
import t from 'tap'
import { testDatabaseKinds } from '@proddash/db/testing'
import { setup } from './helper.js'

const NASTY: unknown[] = [
  null,
  true,
  -1,
  0,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  '',
  ' ',
  'x'.repeat(10_000),
  '\u0000',
  '%_\\',
  "'; drop table shop.products; --",
  '😀',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2026-02-30T00:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'NaN',
  [],
  [1, 2],
  {},
  { $gt: 0 },
]

const QUERY_NASTY = ['', ' ', '%00', '%25', '-1', '1e309', 'x'.repeat(1000), '0000-01-01T00:00:00Z', '2026-02-30T00:00:00Z', 'true', '[]', '😀']

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const ctx = await setup(t, kind)

    t.test('no hostile input yields a 5xx', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ name: 'Target', stock: 1000, barcode: 'T-1' })
      const sale = await alice.sell(product.id, 1)
      const bodies: [string, string, Record<string, unknown>][] = [
        ['POST', '/api/products', { name: 'Fuzz', priceCents: 1 }],
        ['PATCH', `/api/products/${product.id}`, { name: 'Fuzz' }],
        ['POST', '/api/sales', { productId: product.id, quantity: 1 }],
        ['PATCH', '/api/dashboard', { name: 'Fuzz' }],
      ]
      const fields: Record<string, string[]> = {
        '/api/products': ['name', 'priceCents', 'costCents', 'stock', 'barcode', 'imageUrl'],
        [`/api/products/${product.id}`]: ['name', 'priceCents', 'costCents', 'stock', 'barcode', 'imageUrl', 'archived'],
        '/api/sales': ['productId', 'quantity', 'unitPriceCents', 'soldAt', 'note'],
        '/api/dashboard': ['name', 'currency'],
      }
      let requests = 0
      for (const [method, url, base] of bodies) {
        for (const field of fields[url]!) {
          for (const value of NASTY) {
            const response = await alice.request(method as 'POST', url, { ...base, [field]: value })
            requests++
            if (response.statusCode >= 500) t.fail(`${method} ${url} ${field}=${JSON.stringify(value)?.slice(0, 40)} → ${response.statusCode} ${response.body}`)
          }
        }
        for (const raw of ['', 'null', '[]', '"x"', '1', '{"a":', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}']) {
          const response = await alice.request(method as 'POST', url, raw, { 'content-type': 'application/json' })
          requests++
          if (response.statusCode >= 500) t.fail(`${method} ${url} raw ${raw} → ${response.statusCode} ${response.body}`)
        }
      }
      const queries: [string, string[]][] = [
        ['/api/products', ['q', 'limit', 'cursor', 'archived']],
        ['/api/sales', ['from', 'to', 'productId', 'limit', 'cursor']],
        ['/api/stats/summary', ['from', 'to']],
        ['/api/stats/timeseries', ['from', 'to', 'bucket', 'tz']],
      ]
      for (const [path, names] of queries) {
        for (const name of names) {
          for (const value of QUERY_NASTY) {
            const response = await alice.get(`${path}?${name}=${value}`)
            requests++
            if (response.statusCode >= 500) t.fail(`GET ${path}?${name}=${value.slice(0, 40)} → ${response.statusCode} ${response.body}`)
          }
          const repeated = await alice.get(`${path}?${name}=a&${name}=b`)
          requests++
          if (repeated.statusCode >= 500) t.fail(`GET ${path} repeated ${name} → ${repeated.statusCode}`)
        }
      }
      for (const segment of ['x', '%00', '..', '%2e%2e', 'x'.repeat(300), '00000000-0000-0000-0000-00000000000g', '😀']) {
        for (const url of [`/api/products/${segment}`, `/api/sales/${segment}`, `/api/products/by-barcode/${segment}`]) {
          for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
            const response = await alice.request(method, url, method === 'PATCH' ? { name: 'x' } : undefined)
            requests++
            if (response.statusCode >= 500) t.fail(`${method} ${url.slice(0, 60)} → ${response.statusCode} ${response.body}`)
          }
        }
      }
      const headers: Record<string, string>[] = [{ 'if-match': 'x'.repeat(500) }, { 'if-match': '' }, { 'if-match': 'W/' }, { 'if-none-match': ',,,' }, { 'idempotency-key': '' }]
      for (const header of headers) {
        const response = await alice.patch(`/api/products/${product.id}`, { name: 'Target' }, header)
        requests++
        if (response.statusCode >= 500) t.fail(`header ${JSON.stringify(header).slice(0, 60)} → ${response.statusCode}`)
      }
      t.ok(requests > 700, `${requests} hostile requests, none answered 5xx`)
      t.equal((await alice.get(`/api/sales/${sale.id}`)).statusCode, 200, 'the data survived')
    })
  })
}
