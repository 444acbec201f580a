/**
 * End to end, as deployed: the auth service and the api service run as their
 * own processes (their real server.ts, not inject) on one real PostgreSQL
 * database, each in its own schema. A user signs up and logs in through the
 * auth service, and the cookies it set are used against the api, which
 * verifies them through the JWKS fetched over HTTP. Then the auth service is
 * stopped and the api keeps verifying from its cached keys.
 */
import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createPostgresTestDatabase, testDatabaseKinds } from '@proddash/db/testing'

const servicesDir = fileURLToPath(new URL('../../', import.meta.url))

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

function startService(t: { teardown(fn: () => unknown): void; passing(): boolean; comment(message: string): void }, name: 'auth' | 'api', env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=proddash-source', '--import', 'tsx', 'src/server.ts'], {
    cwd: `${servicesDir}${name}`,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  t.teardown(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
    }
    if (t.passing() === false) t.comment(`${name} output:\n${output}`)
  })
  return child
}

async function waitUntilReady(url: string) {
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${url} never became ready`)
}

/** The cookie jar a browser would keep: name → value from Set-Cookie headers (deletions drop the cookie). */
function absorbCookies(jar: Map<string, string>, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';')
    const index = pair!.indexOf('=')
    const name = pair!.slice(0, index)
    const value = pair!.slice(index + 1)
    if (value === '' || /max-age=0/i.test(line)) jar.delete(name)
    else jar.set(name, value)
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ')

t.test('auth and api as processes: log in through auth, use the cookies against the api', { skip: !testDatabaseKinds().includes('postgres') && 'needs PostgreSQL' }, async (t) => {
  const databaseUrl = await createPostgresTestDatabase(t)
  const [authPort, apiPort] = [await freePort(), await freePort()]
  const authUrl = `http://127.0.0.1:${authPort}`
  const apiUrl = `http://127.0.0.1:${apiPort}`
  const shared = { DATABASE_URL: databaseUrl, AUTH_ISSUER: authUrl, AUTH_AUDIENCE: 'proddash-api', COOKIE_SECURE: 'true' }

  const auth = startService(t, 'auth', { ...shared, PORT: String(authPort), AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') })
  await waitUntilReady(`${authUrl}/readyz`)
  startService(t, 'api', { ...shared, PORT: String(apiPort), AUTH_JWKS_URL: `${authUrl}/.well-known/jwks.json` })
  await waitUntilReady(`${apiUrl}/readyz`)

  const jar = new Map<string, string>()
  const json = { 'content-type': 'application/json', origin: authUrl }
  const registered = await fetch(`${authUrl}/auth/register`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: 'owner@shop.example', username: 'owner', password: 'plum orchard at dawn 42' }),
  })
  t.equal(registered.status, 201)
  const loggedIn = await fetch(`${authUrl}/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ identifier: 'owner@shop.example', password: 'plum orchard at dawn 42' }),
  })
  t.equal(loggedIn.status, 200)
  absorbCookies(jar, loggedIn)
  t.same([...jar.keys()].sort(), ['__Host-pd_at', '__Host-pd_csrf', '__Secure-pd_rt'])
  t.notMatch(await loggedIn.text(), jar.get('__Host-pd_at')!, 'the token is not in the body')

  // The api only sees what a browser would send it: the access and CSRF cookies (the refresh cookie is Path=/auth).
  const apiCookies = () => `__Host-pd_at=${jar.get('__Host-pd_at')}; __Host-pd_csrf=${jar.get('__Host-pd_csrf')}`
  const dashboard = await fetch(`${apiUrl}/api/dashboard`, { headers: { cookie: apiCookies() } })
  t.equal(dashboard.status, 200)
  t.match(await dashboard.json(), { id: String, currency: String })

  const create = (headers: Record<string, string>) =>
    fetch(`${apiUrl}/api/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: apiCookies(), ...headers },
      body: JSON.stringify({ name: 'Espresso beans 1kg', priceCents: 2490, costCents: 1400, stock: 12 }),
    })
  t.equal((await create({})).status, 403, 'a cookie-authenticated write without the CSRF header is refused')
  const created = await create({ 'x-csrf-token': jar.get('__Host-pd_csrf')! })
  t.equal(created.status, 201)
  const product = (await created.json()) as { id: string }
  t.match(created.headers.get('location'), `/api/products/${product.id}`)

  // Refresh rotates the cookies; the new access token works at the api too.
  const refreshed = await fetch(`${authUrl}/auth/refresh`, {
    method: 'POST',
    headers: { cookie: cookieHeader(jar), 'x-csrf-token': jar.get('__Host-pd_csrf')!, origin: authUrl },
  })
  t.equal(refreshed.status, 200)
  const before = jar.get('__Host-pd_at')
  absorbCookies(jar, refreshed)
  t.not(jar.get('__Host-pd_at'), before, 'a new access token')
  t.equal((await fetch(`${apiUrl}/api/products/${product.id}`, { headers: { cookie: apiCookies() } })).status, 200)

  // The auth service goes away; the api keeps verifying with the keys it cached.
  auth.kill('SIGTERM')
  await new Promise((resolve) => auth.once('exit', resolve))
  const whileDown = await fetch(`${apiUrl}/api/products`, { headers: { cookie: apiCookies() } })
  t.equal(whileDown.status, 200)
  t.equal(((await whileDown.json()) as { items: unknown[] }).items.length, 1)
  const forged = await fetch(`${apiUrl}/api/products`, { headers: { authorization: 'Bearer e30.e30.' } })
  t.equal(forged.status, 401, 'and still refuses what it cannot verify')
})
