// The API client's session handling: CSRF header from the cookie, one shared
// refresh on 401 followed by one retry, sign-out when the refresh fails, and
// problem+json parsing. Browser globals are faked at the smallest surface the
// client touches (document.cookie, fetch, navigator.locks, localStorage).
import t from 'tap'

interface Call {
  url: string
  method: string
  headers: Record<string, string>
}

const g = globalThis as Record<string, unknown>
// No BroadcastChannel: a live channel would keep the test process running.
g.BroadcastChannel = undefined
g.document = { cookie: '' }
const storage = new Map<string, string>()
g.localStorage = {
  getItem: (k: string) => storage.get(k) ?? null,
  setItem: (k: string, v: string) => void storage.set(k, v),
}
let lockQueue: Promise<unknown> = Promise.resolve()
let lockRequests = 0
Object.defineProperty(globalThis, 'navigator', {
  configurable: true,
  value: {
    locks: {
      // Exclusive lock: callbacks run one after the other, like the Web Locks API.
      request: (_name: string, callback: () => Promise<unknown>) => {
        lockRequests++
        const run = lockQueue.then(() => callback())
        lockQueue = run.catch(() => undefined)
        return run
      },
    },
  },
})

let calls: Call[] = []
let handler: (call: Call) => Response | Promise<Response> = () => new Response(null, { status: 204 })
g.fetch = async (url: string, init: RequestInit = {}) => {
  const call: Call = { url, method: init.method ?? 'GET', headers: { ...(init.headers as Record<string, string>) } }
  calls.push(call)
  return handler(call)
}

const problem = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', status, ...body }), { status, headers: { 'content-type': 'application/problem+json', ...headers } })
const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })

const client = await import('../src/api/client.js')
const { ApiError } = await import('../src/api/errors.js')

t.beforeEach(() => {
  calls = []
  lockRequests = 0
  storage.clear()
  ;(g.document as { cookie: string }).cookie = ''
})

t.test('sends the CSRF cookie as X-CSRF-Token on unsafe methods only', async (t) => {
  ;(g.document as { cookie: string }).cookie = 'theme=light; pd_csrf=plain-token'
  handler = () => ok({})
  await client.api('/api/products', { method: 'POST', body: { name: 'x' } })
  await client.api('/api/products')
  await client.api('/api/products/1', { method: 'DELETE' })
  t.equal(calls[0]?.headers['x-csrf-token'], 'plain-token')
  t.equal(calls[0]?.headers['content-type'], 'application/json')
  t.equal(calls[1]?.headers['x-csrf-token'], undefined, 'GET carries no CSRF header')
  t.equal(calls[2]?.headers['x-csrf-token'], 'plain-token')

  // The cookie is read per request, so a rotated token is used right away;
  // the __Host- name wins over the plain-http one.
  ;(g.document as { cookie: string }).cookie = 'pd_csrf=old; __Host-pd_csrf=secure-token'
  await client.api('/api/sales', { method: 'POST', body: {} })
  t.equal(calls[3]?.headers['x-csrf-token'], 'secure-token')
  t.equal(client.readCsrfToken(), 'secure-token')
})

t.test('a 401 triggers one refresh shared by concurrent requests, then one retry each', async (t) => {
  let refreshed = false
  handler = (call) => {
    if (call.url === '/auth/refresh') {
      refreshed = true
      return ok({ user: {}, accessTokenExpiresAt: '' })
    }
    return refreshed ? ok({ url: call.url }) : problem(401, { code: 'invalid_token' })
  }
  const results = await Promise.all([client.api<{ url: string }>('/api/a'), client.api<{ url: string }>('/api/b'), client.api<{ url: string }>('/api/c')])
  t.same(results.map((r) => r.url), ['/api/a', '/api/b', '/api/c'])
  const refreshCalls = calls.filter((c) => c.url === '/auth/refresh')
  t.equal(refreshCalls.length, 1, 'exactly one refresh')
  t.equal(refreshCalls[0]?.method, 'POST')
  t.equal(lockRequests, 1, 'the refresh ran under the cross-tab lock')
  t.equal(calls.length, 7, '3 failures + 1 refresh + 3 retries')
  t.ok(Number(storage.get('proddash:last-refresh')) > 0, 'other tabs can see a refresh happened')
})

t.test('the refresh request carries the CSRF header', async (t) => {
  ;(g.document as { cookie: string }).cookie = 'pd_csrf=csrf-for-refresh'
  let first = true
  handler = (call) => {
    if (call.url === '/auth/refresh') return ok({})
    if (first) {
      first = false
      return problem(401, { code: 'invalid_token' })
    }
    return ok({})
  }
  await client.api('/api/x')
  t.equal(calls.find((c) => c.url === '/auth/refresh')?.headers['x-csrf-token'], 'csrf-for-refresh')
})

t.test('skips its own refresh when another tab refreshed after the request started', async (t) => {
  let first = true
  handler = (call) => {
    if (call.url === '/auth/refresh') return ok({})
    if (first) {
      first = false
      // Another tab refreshes while this request is in flight.
      storage.set('proddash:last-refresh', String(Date.now() + 1000))
      return problem(401, { code: 'invalid_token' })
    }
    return ok({ fine: true })
  }
  t.same(await client.api('/api/x'), { fine: true })
  t.equal(calls.filter((c) => c.url === '/auth/refresh').length, 0)
  t.equal(calls.length, 2, 'failed call + retry')
})

t.test('a failed refresh ends the session and throws the original 401', async (t) => {
  const events: string[] = []
  const off = client.onSessionChange((e) => events.push(e))
  handler = (call) => (call.url === '/auth/refresh' ? problem(401, { code: 'invalid_refresh_token' }) : problem(401, { code: 'invalid_token', detail: 'expired' }))
  const error = await client.api('/auth/me').then(
    () => null,
    (e: unknown) => e,
  )
  off()
  t.ok(error instanceof ApiError)
  t.equal((error as InstanceType<typeof ApiError>).status, 401)
  t.equal((error as InstanceType<typeof ApiError>).code, 'invalid_token')
  t.same(events, ['signed-out'])
  t.equal(calls.filter((c) => c.url === '/api/x' || c.url === '/auth/me').length, 1, 'no retry without a refresh')
})

t.test('credential failures on login never trigger a refresh', async (t) => {
  handler = () => problem(401, { code: 'invalid_credentials', detail: 'Invalid credentials' })
  await t.rejects(client.api('/auth/login', { method: 'POST', body: { identifier: 'a', password: 'b' } }), { status: 401, code: 'invalid_credentials' })
  t.equal(calls.length, 1)
})

t.test('problem+json becomes a typed ApiError', async (t) => {
  handler = () =>
    problem(400, {
      title: 'Bad Request',
      code: 'validation_failed',
      detail: 'The request is invalid',
      errors: [
        { field: '/body/password', message: 'is too common: it appears in lists of leaked passwords' },
        { field: '/body/password', message: 'must not contain your username' },
        { field: 'email', message: 'must match format "email"' },
        { field: '/body/newPassword', message: 'is too short' },
        { field: '', message: 'Something is off' },
      ],
    })
  const e = (await client.api('/auth/register', { method: 'POST', body: {} }).catch((x: unknown) => x)) as InstanceType<typeof ApiError>
  t.equal(e.status, 400)
  t.equal(e.code, 'validation_failed')
  t.equal(e.detail, 'The request is invalid')
  // Server messages are fragments: the field's name goes in front, several reasons are joined.
  t.same(e.fieldErrors(), {
    password: 'Password is too common: it appears in lists of leaked passwords; must not contain your username',
    email: 'Email must match format "email"',
    newPassword: 'New password is too short',
    '': 'Something is off',
  })

  handler = () => problem(429, { code: 'too_many_attempts' }, { 'retry-after': '42' })
  const limited = (await client.api('/auth/login', { method: 'POST', body: {} }).catch((x: unknown) => x)) as InstanceType<typeof ApiError>
  t.equal(limited.status, 429)
  t.equal(limited.retryAfter, 42)

  handler = () => new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } })
  const gateway = (await client.api('/api/x').catch((x: unknown) => x)) as InstanceType<typeof ApiError>
  t.equal(gateway.status, 502)
  t.equal(gateway.code, 'server_error')

  handler = () => {
    throw new TypeError('Failed to fetch')
  }
  const offline = (await client.api('/api/x').catch((x: unknown) => x)) as InstanceType<typeof ApiError>
  t.equal(offline.status, 0)
  t.equal(offline.code, 'network_error')
})

t.test('reads headers such as ETag and sends If-Match / Idempotency-Key as given', async (t) => {
  handler = () => new Response(JSON.stringify({ id: 'p1' }), { status: 200, headers: { 'content-type': 'application/json', etag: '"v7"' } })
  const shop = await import('../src/api/shop.js')
  const { etag } = await shop.getProduct('p1')
  t.equal(etag, '"v7"')
  await shop.updateProduct('p1', { name: 'n' }, etag)
  t.equal(calls[1]?.headers['if-match'], '"v7"')
  t.equal(calls[1]?.method, 'PATCH')
  await shop.createSale({ productId: 'p1', quantity: 1 }, 'key-1')
  t.equal(calls[2]?.headers['idempotency-key'], 'key-1')
  t.match(client.newIdempotencyKey(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
})

t.test('the timeseries request names the browser time zone, so buckets are local days', async (t) => {
  handler = () => ok({ bucket: 'day', tz: 'UTC', points: [] })
  const shop = await import('../src/api/shop.js')
  const { localTimeZone } = await import('../src/lib/dates.js')
  await shop.getTimeseries('2026-03-01T05:00:00.000Z', '2026-03-31T04:00:00.000Z', 'day')
  const url = new URL(calls[0]!.url, 'http://x.test')
  t.equal(url.pathname, '/api/stats/timeseries')
  t.equal(url.searchParams.get('tz'), localTimeZone())
  t.equal(url.searchParams.get('bucket'), 'day')
  await shop.getTimeseries('2026-03-01T05:00:00.000Z', '2026-03-31T04:00:00.000Z', 'week', undefined, 'Asia/Kolkata')
  t.equal(new URL(calls[1]!.url, 'http://x.test').searchParams.get('tz'), 'Asia/Kolkata')
})

t.test('withQuery drops empty values and encodes the rest', async (t) => {
  t.equal(client.withQuery('/api/products', { q: 'tea & cake', cursor: null, limit: 25, archived: undefined }), '/api/products?q=tea+%26+cake&limit=25')
  t.equal(client.withQuery('/api/x', {}), '/api/x')
})

t.test('logout-all (access-token authenticated) may refresh; logout (refresh-cookie authenticated) does not', async (t) => {
  let refreshed = false
  handler = (call) => {
    if (call.url === '/auth/refresh') {
      refreshed = true
      return ok({})
    }
    if (call.url === '/auth/logout') return problem(401, { code: 'invalid_token' })
    return refreshed ? new Response(null, { status: 204 }) : problem(401, { code: 'invalid_token' })
  }
  await client.api('/auth/logout-all', { method: 'POST' })
  t.equal(calls.filter((c) => c.url === '/auth/refresh').length, 1)
  calls = []
  const failed = (await client.api('/auth/logout', { method: 'POST' }).catch((e: unknown) => e)) as InstanceType<typeof ApiError>
  t.equal(failed.status, 401)
  t.equal(calls.length, 1, 'no refresh for /auth/logout')
})

t.test('waits are told in words people use', async (t) => {
  const { formatWait, describeError } = await import('../src/api/errors.js')
  t.equal(formatWait(1), '1 second')
  t.equal(formatWait(42), '42 seconds')
  t.equal(formatWait(900), '15 minutes')
  t.equal(formatWait(7200), '2 hours')
  t.equal(describeError(new ApiError({ status: 429, code: 'too_many_attempts', retryAfter: 900 })), 'Too many attempts. Try again in 15 minutes.')
})

t.test('an outage during refresh is reported, not treated as signed out', async (t) => {
  const events: string[] = []
  const off = client.onSessionChange((e) => events.push(e))
  handler = (call) => (call.url === '/auth/refresh' ? problem(503, { code: 'service_unavailable' }, { 'retry-after': '5' }) : problem(401, { code: 'invalid_token' }))
  const error = (await client.api('/api/x').catch((e: unknown) => e)) as InstanceType<typeof ApiError>
  off()
  t.equal(error.status, 503)
  t.same(events, [], 'no sign-out')
})
