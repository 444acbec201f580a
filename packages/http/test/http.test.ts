import t from 'tap'
import { Writable } from 'node:stream'
import Fastify from 'fastify'
import createError from '@fastify/error'
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { problemHandlersPlugin, serverOptions, healthRoutes, securityHeadersPlugin } from '../src/index.js'

const InsufficientStock = createError('PD_API_INSUFFICIENT_STOCK', 'Only %d left in stock', 409)

async function build(t: { teardown(fn: () => unknown): void }, options: { ping?: () => Promise<void>; logs?: string[] } = {}) {
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      options.logs?.push(String(chunk))
      done()
    },
  })
  const app = Fastify(serverOptions({ logLevel: 'info', trustProxy: false, bodyLimit: 1024, logStream })).withTypeProvider<TypeBoxTypeProvider>()
  await app.register(problemHandlersPlugin)
  await app.register(securityHeadersPlugin)
  await app.register(healthRoutes({ ping: options.ping ?? (async () => {}) }))
  app.post(
    '/things',
    { schema: { body: Type.Object({ name: Type.String({ minLength: 1 }), priceCents: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }) } },
    async (request) => request.body,
  )
  app.get('/stock', async () => {
    throw new InsufficientStock(2)
  })
  app.get('/boom', async () => {
    throw new Error('secret internal detail')
  })
  app.get('/db-down', async () => {
    throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
  })
  t.teardown(() => app.close())
  return app
}

t.test('validation errors are problem+json listing every field', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/things', payload: { priceCents: -1, extra: true } })
  t.equal(response.statusCode, 400)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  const body = response.json()
  t.match(body, { type: 'urn:proddash:problem:validation_failed', title: 'Bad Request', status: 400, code: 'validation_failed' })
  const fields = body.errors.map((error: { field: string }) => error.field).sort()
  t.same(fields, ['/body/extra', '/body/name', '/body/priceCents'])
})

t.test('bodies are not coerced; querystrings are', async (t) => {
  const app = await build(t)
  app.get('/page', { schema: { querystring: Type.Object({ limit: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }) } }, async (request) => request.query)
  const numberForString = await app.inject({ method: 'POST', url: '/things', payload: { name: 42, priceCents: 1 } })
  t.equal(numberForString.statusCode, 400)
  t.same(numberForString.json().errors, [{ field: '/body/name', message: 'must be string' }])
  const stringForNumber = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a', priceCents: '5' } })
  t.equal(stringForNumber.statusCode, 400)
  const empty = await app.inject({ method: 'POST', url: '/things', payload: { name: '', priceCents: 1 } })
  t.equal(empty.statusCode, 400, 'an empty string is not turned into something else')
  const query = await app.inject('/page?limit=10')
  t.same(query.json(), { limit: 10 })
  t.equal((await app.inject('/page?limit=ten')).statusCode, 400)
  t.equal((await app.inject('/page?limit=1&other=2')).statusCode, 400, 'unknown query parameters are refused')
})

t.test('coded errors keep their status and a snake_case public code', async (t) => {
  const app = await build(t)
  const response = await app.inject('/stock')
  t.equal(response.statusCode, 409)
  t.match(response.json(), { code: 'insufficient_stock', detail: 'Only 2 left in stock', status: 409 })
})

t.test('a 5xx hides its internals but is logged', async (t) => {
  const logs: string[] = []
  const app = await build(t, { logs })
  const response = await app.inject('/boom')
  t.equal(response.statusCode, 500)
  t.notMatch(response.body, /secret internal detail/)
  t.notMatch(response.body, /stack/)
  t.match(logs.join(''), /secret internal detail/)
})

t.test('an unreachable database is a 503 with Retry-After, not a 500', async (t) => {
  const app = await build(t)
  const response = await app.inject('/db-down')
  t.equal(response.statusCode, 503)
  t.equal(response.headers['retry-after'], '5')
  t.equal(response.json().code, 'service_unavailable')
})

t.test('unknown routes, bad JSON and oversized bodies are 4xx problems', async (t) => {
  const app = await build(t)
  const missing = await app.inject('/nope?token=abc')
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'not_found')
  t.notMatch(missing.body, /abc/, 'query strings are not echoed')
  const badJson = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"name":' })
  t.equal(badJson.statusCode, 400)
  t.match(badJson.headers['content-type'], /problem\+json/)
  const huge = await app.inject({ method: 'POST', url: '/things', payload: { name: 'x'.repeat(5000), priceCents: 1 } })
  t.equal(huge.statusCode, 413)
  t.equal(huge.json().code, 'payload_too_large')
  const wrongType = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'text/xml' }, payload: '<a/>' })
  t.equal(wrongType.statusCode, 415)
})

t.test('secrets in headers never reach the logs', async (t) => {
  const logs: string[] = []
  const app = await build(t, { logs })
  await app.inject({ url: '/boom', headers: { authorization: 'Bearer sekrit-token', cookie: '__Host-pd_at=sekrit-cookie', 'x-csrf-token': 'sekrit-csrf' } })
  const text = logs.join('')
  t.notMatch(text, /sekrit/)
  t.match(text, /reqId/)
})

t.test('health and readiness', async (t) => {
  let up = true
  const app = await build(t, { ping: async () => { if (!up) throw new Error('down') } })
  t.equal((await app.inject('/healthz')).statusCode, 200)
  t.equal((await app.inject('/readyz')).statusCode, 200)
  up = false
  const notReady = await app.inject('/readyz')
  t.equal(notReady.statusCode, 503)
  t.equal((await app.inject('/healthz')).statusCode, 200, 'liveness does not depend on the database')
  up = true
  t.equal((await app.inject('/readyz')).statusCode, 200, 'recovers by itself')
})

t.test('security headers are set', async (t) => {
  const app = await build(t)
  const response = await app.inject('/healthz')
  t.equal(response.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'")
  t.equal(response.headers['x-frame-options'], 'DENY')
  t.equal(response.headers['x-content-type-options'], 'nosniff')
  t.equal(response.headers['referrer-policy'], 'no-referrer')
  t.equal(response.headers['cache-control'], 'no-store')
  t.match(response.headers['strict-transport-security'], /max-age=31536000/)
})
