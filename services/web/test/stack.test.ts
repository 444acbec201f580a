/**
 * Tests for the local stack runner (scripts/stack.mjs) and the Caddyfile,
 * against stub services: routing, security headers, caching, the HTTP→HTTPS
 * redirect, the client address Caddy passes on, Caddy's own problem+json
 * errors, the environment the services get, and how the runner stops. The
 * real services are not needed (their own tests and browser.test.ts cover
 * them), so this runs in seconds. The Caddy tests are skipped when caddy is
 * not installed.
 */
import { Buffer } from 'node:buffer'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { ROOT, caddySpkiList, onPath, readEnvFile, startStack, staleBuilds, type Stack } from '../../../scripts/stack.mjs'
import { freePorts, portIsFree, request, type RequestOptions } from './helpers/stack-http.js'

const PAGE_CSP =
  "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"

// A stand-in for both services: answers readiness and echoes what it saw.
const STUB_SERVER = `
import http from 'node:http'
const name = process.cwd().split('/').pop()
const seen = ['NODE_ENV', 'HOST', 'PORT', 'DATA_DIR', 'DATABASE_URL', 'AUTH_ISSUER', 'AUTH_JWKS_URL', 'TRUST_PROXY', 'COOKIE_SECURE', 'AUTH_KEY_ENCRYPTION_KEY']
const server = http.createServer(async (request, response) => {
  let bytes = 0
  try { for await (const chunk of request) bytes += chunk.length } catch {}
  if (request.url.endsWith('/__close-listener')) {
    // Stop accepting connections but stay alive: an upstream that is gone
    // without the runner noticing.
    server.close()
    setInterval(() => {}, 60_000) // stay alive with no listener
    response.setHeader('connection', 'close')
    response.on('finish', () => server.closeAllConnections())
  }
  response.setHeader('content-type', 'application/json')
  response.setHeader('x-powered-by', 'stub')
  response.end(JSON.stringify({
    name, pid: process.pid, url: request.url, bytes,
    xff: request.headers['x-forwarded-for'] ?? null,
    proto: request.headers['x-forwarded-proto'] ?? null,
    env: Object.fromEntries(seen.map((key) => [key, process.env[key] ?? null])),
  }))
})
server.listen(Number(process.env.PORT), process.env.HOST)
process.on('SIGTERM', () => server.close(() => process.exit(0)))
`

// A throw-away "repository": the real Caddyfile and vite config, stub services and a stub page.
const root = mkdtempSync(join(tmpdir(), 'proddash-stack-test-'))
t.teardown(() => rmSync(root, { recursive: true, force: true }))
{
  copyFileSync(join(ROOT, 'Caddyfile'), join(root, 'Caddyfile'))
  for (const service of ['auth', 'api']) {
    mkdirSync(join(root, 'services', service, 'dist'), { recursive: true })
    writeFileSync(join(root, 'services', service, 'dist', 'server.js'), STUB_SERVER)
  }
  const web = join(root, 'services', 'web')
  mkdirSync(join(web, 'dist', 'assets'), { recursive: true })
  writeFileSync(join(web, 'dist', 'index.html'), '<!doctype html><title>stub page</title>')
  writeFileSync(join(web, 'dist', 'assets', 'app-0123abcd.js'), 'console.log("stub")')
  // vite preview needs the real config and Vite itself.
  copyFileSync(join(ROOT, 'services', 'web', 'vite.config.ts'), join(web, 'vite.config.ts'))
  symlinkSync(join(ROOT, 'services', 'web', 'node_modules'), join(web, 'node_modules'))
}

const quiet = () => {}

t.test('Caddy in front of stub services', { skip: !onPath('caddy') && 'caddy is not installed' }, async (t) => {
  const ports = await freePorts()
  const dataDir = join(root, 'data-caddy')
  // A DATABASE_URL in the caller's environment must not reach the services.
  const savedDatabaseUrl = process.env.DATABASE_URL
  process.env.DATABASE_URL = 'postgres://leak@127.0.0.1:1/leak'
  let stack: Stack
  try {
    stack = await startStack({ root, caddy: true, build: false, dataDir, ports, log: quiet })
  } finally {
    if (savedDatabaseUrl === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = savedDatabaseUrl
  }
  t.teardown(() => stack.stop())
  const caCertPath = stack.caCertPath
  if (!caCertPath) throw new Error('startStack with caddy: true returned no CA path')
  const ca = readFileSync(caCertPath)
  const get = (path: string, options: Omit<RequestOptions, 'ca'> = {}) => request(stack.url + path, { ca, ...options })

  await t.test('one https URL and a CA that verifies it', async (t) => {
    t.equal(stack.url, `https://localhost:${ports.https}`)
    t.equal(stack.caCertPath, join(dataDir, 'caddy', 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt'))
    t.match(caddySpkiList(caCertPath), /^[A-Za-z0-9+/]{43}=,[A-Za-z0-9+/]{43}=$/)
  })

  await t.test('the page: security headers, CSP, no Server header, revalidated', async (t) => {
    const response = await get('/')
    t.equal(response.status, 200)
    t.match(response.body, /stub page/)
    t.equal(response.headers['content-security-policy'], PAGE_CSP)
    t.equal(response.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains')
    t.equal(response.headers['x-content-type-options'], 'nosniff')
    t.equal(response.headers['referrer-policy'], 'strict-origin-when-cross-origin')
    t.equal(response.headers['x-frame-options'], 'DENY')
    t.ok(response.headers['permissions-policy'])
    t.equal(response.headers.server, undefined)
    t.equal(response.headers['cache-control'], 'no-cache')
  })

  await t.test('client-side routes fall back to index.html', async (t) => {
    const response = await get('/products/42?tab=sales')
    t.equal(response.status, 200)
    t.match(response.body, /stub page/)
  })

  await t.test('hashed assets are immutable; a missing one is a plain 404, not cached', async (t) => {
    const asset = await get('/assets/app-0123abcd.js')
    t.equal(asset.status, 200)
    t.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable')
    const missing = await get('/assets/app-missing.js')
    t.equal(missing.status, 404)
    t.equal(missing.headers['cache-control'], undefined)
    t.notMatch(missing.body, /stub page/)
    t.equal(missing.headers.server, undefined)
  })

  await t.test('routing: /auth/* and the JWKS to auth, /api/* to api', async (t) => {
    t.equal(JSON.parse((await get('/auth/login')).body).name, 'auth')
    t.equal(JSON.parse((await get('/.well-known/jwks.json')).body).name, 'auth')
    t.equal(JSON.parse((await get('/auth')).body).name, 'auth', 'the bare prefix is the service, not the page')
    t.equal(JSON.parse((await get('/api')).body).name, 'api')
    const api = await get('/api/products?limit=5')
    const seen = JSON.parse(api.body)
    t.equal(seen.name, 'api')
    t.equal(seen.url, '/api/products?limit=5')
    // Upstream headers are replaced, not duplicated, and X-Powered-By goes.
    t.equal(api.headers['x-content-type-options'], 'nosniff')
    t.equal(api.headers['x-powered-by'], undefined)
    t.equal(api.headers.server, undefined)
  })

  await t.test("the client's X-Forwarded-For is replaced by the real peer address", async (t) => {
    const seen = JSON.parse((await get('/auth/me', { headers: { 'x-forwarded-for': '203.0.113.9' } })).body)
    t.equal(seen.xff, '127.0.0.1')
    t.equal(seen.proto, 'https')
  })

  await t.test('HTTP redirects to HTTPS, keeping port, path and query', async (t) => {
    const response = await request(`http://localhost:${ports.http}/sales?from=2026-01-01`)
    t.equal(response.status, 308)
    t.equal(response.headers.location, `https://localhost:${ports.https}/sales?from=2026-01-01`)
  })

  await t.test('a body over 1 MB is refused by Caddy with problem+json', async (t) => {
    const response = await get('/api/sales', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(2_000_000, 32),
    })
    t.equal(response.status, 413)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.equal(JSON.parse(response.body).code, 'payload_too_large')
    // ...and the upstream is not blamed for it: the next request goes through.
    t.equal((await get('/api/sales', { method: 'POST', body: '{}' })).status, 200)
  })

  await t.test('the services get the topology from the runner', async (t) => {
    const auth = JSON.parse((await get('/auth/env')).body).env
    const api = JSON.parse((await get('/api/env')).body).env
    for (const env of [auth, api]) {
      t.equal(env.NODE_ENV, 'development')
      t.equal(env.HOST, '127.0.0.1')
      t.equal(env.AUTH_ISSUER, stack.url)
      t.equal(env.TRUST_PROXY, '127.0.0.1')
      t.equal(env.COOKIE_SECURE, 'true')
      t.equal(env.DATABASE_URL, null)
    }
    t.equal(auth.PORT, String(ports.auth))
    t.equal(auth.DATA_DIR, join(dataDir, 'auth'))
    t.equal(api.DATA_DIR, join(dataDir, 'api'))
    t.equal(api.AUTH_JWKS_URL, `http://127.0.0.1:${ports.auth}/.well-known/jwks.json`)
    // The dev key is generated once per data dir and reused.
    const stored = JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8'))
    t.equal(auth.AUTH_KEY_ENCRYPTION_KEY, stored.AUTH_KEY_ENCRYPTION_KEY)
    t.equal(Buffer.from(stored.AUTH_KEY_ENCRYPTION_KEY, 'base64').length, 32)
    t.equal(api.AUTH_KEY_ENCRYPTION_KEY, null)
  })

  await t.test('with every upstream gone, Caddy answers 503 problem+json with Retry-After', async (t) => {
    await get('/auth/__close-listener')
    const response = await get('/auth/me')
    t.equal(response.status, 503)
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.equal(response.headers['retry-after'], '5')
    t.equal(JSON.parse(response.body).code, 'service_unavailable')
  })

  await t.test('a child that dies stops the rest and is reported', async (t) => {
    const { pid } = JSON.parse((await get('/api/whoami')).body)
    process.kill(pid, 'SIGKILL')
    const failure = await stack.exited
    t.strictSame(failure, { name: 'api', code: null, signal: 'SIGKILL' })
    // The runner stopped the rest: every port is free again.
    for (const port of [ports.auth, ports.https, ports.http]) t.ok(await portIsFree(port), `port ${port} is free`)
  })
})

t.test('vite preview in front when Caddy is not wanted', async (t) => {
  const ports = await freePorts()
  const stack = await startStack({ root, caddy: false, build: false, dataDir: join(root, 'data-vite'), ports, log: quiet })
  t.teardown(() => stack.stop())
  t.equal(stack.url, `http://localhost:${ports.web}`)
  t.equal(stack.caCertPath, null)
  const page = await request(stack.url + '/')
  t.equal(page.status, 200)
  t.match(page.body, /stub page/)
  const auth = JSON.parse((await request(stack.url + '/auth/me')).body)
  t.equal(auth.name, 'auth')
  t.equal(auth.env.AUTH_ISSUER, stack.url)
  t.equal(JSON.parse((await request(stack.url + '/api/dashboard')).body).name, 'api')
  await stack.stop()
  for (const port of [ports.auth, ports.api, ports.web]) t.ok(await portIsFree(port), `port ${port} is free`)
  t.comment('stopped cleanly')
})

t.test('a port already taken is refused before anything starts', async (t) => {
  const ports = await freePorts()
  const squatter = net.createServer().listen(ports.api, '127.0.0.1')
  await new Promise((resolve) => squatter.once('listening', resolve))
  try {
    await t.rejects(startStack({ root, caddy: false, build: false, dataDir: join(root, 'data-busy'), ports, log: quiet }), {
      message: new RegExp(`port ${ports.api} \\(api\\) is already in use`),
    })
    t.ok(await portIsFree(ports.auth), 'auth was not started')
  } finally {
    squatter.close()
  }
})

t.test('readEnvFile: comments, quotes, export, inline comments', async (t) => {
  const file = join(root, 'sample.env')
  writeFileSync(
    file,
    ['# comment', 'A=1', 'export B="two words"', "C='#not a comment'", 'D=value # trailing comment', 'E=', 'not a line'].join('\n'),
  )
  t.strictSame(readEnvFile(file), { A: '1', B: 'two words', C: '#not a comment', D: 'value', E: '' })
  t.strictSame(readEnvFile(join(root, 'absent.env')), {})
})

t.test('staleBuilds: missing or older dist is stale, newer dist is not', async (t) => {
  const workspace = join(root, 'workspace')
  const pkg = join(workspace, 'packages', 'thing')
  mkdirSync(join(pkg, 'src'), { recursive: true })
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@x/thing', scripts: { build: 'tsc' } }))
  writeFileSync(join(pkg, 'src', 'index.ts'), 'export {}')
  t.strictSame(staleBuilds(workspace), ['@x/thing'])
  await sleep(20)
  mkdirSync(join(pkg, 'dist'))
  writeFileSync(join(pkg, 'dist', 'index.js'), 'export {}')
  t.strictSame(staleBuilds(workspace), [])
  await sleep(20)
  writeFileSync(join(pkg, 'src', 'index.ts'), 'export const changed = 1')
  t.strictSame(staleBuilds(workspace), ['@x/thing'])
})
