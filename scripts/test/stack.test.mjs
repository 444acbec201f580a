/**
 * Tests for the local stack runner and the Caddyfile, against stub services:
 * routing, security headers, caching, the HTTP→HTTPS redirect, the client
 * address Caddy passes on, Caddy's own problem+json errors, the environment
 * the services get, and how the runner stops. The real services are not
 * needed (their own tests cover them), so this runs in seconds.
 *
 *   node --test scripts/test/
 *
 * node:test rather than tap: scripts/ is plain Node with no dependencies and
 * no package of its own. The Caddy tests are skipped when caddy is not installed.
 */
import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { Buffer } from 'node:buffer'
import { ROOT, caddySpkiList, onPath, readEnvFile, startStack, staleBuilds } from '../stack.mjs'

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

let root
before(() => {
  root = mkdtempSync(join(tmpdir(), 'proddash-stack-test-'))
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
})
after(() => rmSync(root, { recursive: true, force: true }))

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function freePorts() {
  return { auth: await freePort(), api: await freePort(), web: await freePort(), https: await freePort(), http: await freePort() }
}

/** One request, dialled on 127.0.0.1 with the URL's host name for Host/SNI. */
function request(url, { ca, method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const client = target.protocol === 'https:' ? https : http
    const outgoing = client.request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.pathname + target.search,
        method,
        headers: { host: target.host, ...headers },
        servername: target.hostname,
        ca,
      },
      (response) => {
        const chunks = []
        response.on('data', (chunk) => chunks.push(chunk))
        response.on('end', () =>
          resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    outgoing.on('error', reject)
    if (body) outgoing.end(body)
    else outgoing.end()
  })
}

async function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

const quiet = () => {}

test('Caddy in front of stub services', { skip: !onPath('caddy') && 'caddy is not installed' }, async (t) => {
  const ports = await freePorts()
  const dataDir = join(root, 'data-caddy')
  // A DATABASE_URL in the caller's environment must not reach the services.
  const savedDatabaseUrl = process.env.DATABASE_URL
  process.env.DATABASE_URL = 'postgres://leak@127.0.0.1:1/leak'
  let stack
  try {
    stack = await startStack({ root, caddy: true, build: false, dataDir, ports, log: quiet })
  } finally {
    if (savedDatabaseUrl === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = savedDatabaseUrl
  }
  t.after(() => stack.stop())
  const ca = readFileSync(stack.caCertPath)
  const get = (path, options = {}) => request(stack.url + path, { ca, ...options })

  await t.test('one https URL and a CA that verifies it', () => {
    assert.equal(stack.url, `https://localhost:${ports.https}`)
    assert.equal(stack.caCertPath, join(dataDir, 'caddy', 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt'))
    assert.match(caddySpkiList(stack.caCertPath), /^[A-Za-z0-9+/]{43}=,[A-Za-z0-9+/]{43}=$/)
  })

  await t.test('the page: security headers, CSP, no Server header, revalidated', async () => {
    const response = await get('/')
    assert.equal(response.status, 200)
    assert.match(response.body, /stub page/)
    assert.equal(response.headers['content-security-policy'], PAGE_CSP)
    assert.equal(response.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains')
    assert.equal(response.headers['x-content-type-options'], 'nosniff')
    assert.equal(response.headers['referrer-policy'], 'strict-origin-when-cross-origin')
    assert.equal(response.headers['x-frame-options'], 'DENY')
    assert.ok(response.headers['permissions-policy'])
    assert.equal(response.headers.server, undefined)
    assert.equal(response.headers['cache-control'], 'no-cache')
  })

  await t.test('client-side routes fall back to index.html', async () => {
    const response = await get('/products/42?tab=sales')
    assert.equal(response.status, 200)
    assert.match(response.body, /stub page/)
  })

  await t.test('hashed assets are immutable; a missing one is a plain 404, not cached', async () => {
    const asset = await get('/assets/app-0123abcd.js')
    assert.equal(asset.status, 200)
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable')
    const missing = await get('/assets/app-missing.js')
    assert.equal(missing.status, 404)
    assert.equal(missing.headers['cache-control'], undefined)
    assert.doesNotMatch(missing.body, /stub page/)
    assert.equal(missing.headers.server, undefined)
  })

  await t.test('routing: /auth/* and the JWKS to auth, /api/* to api', async () => {
    assert.equal(JSON.parse((await get('/auth/login')).body).name, 'auth')
    assert.equal(JSON.parse((await get('/.well-known/jwks.json')).body).name, 'auth')
    const api = await get('/api/products?limit=5')
    const seen = JSON.parse(api.body)
    assert.equal(seen.name, 'api')
    assert.equal(seen.url, '/api/products?limit=5')
    // Upstream headers are replaced, not duplicated, and X-Powered-By goes.
    assert.equal(api.headers['x-content-type-options'], 'nosniff')
    assert.equal(api.headers['x-powered-by'], undefined)
    assert.equal(api.headers.server, undefined)
  })

  await t.test("the client's X-Forwarded-For is replaced by the real peer address", async () => {
    const seen = JSON.parse((await get('/auth/me', { headers: { 'x-forwarded-for': '203.0.113.9' } })).body)
    assert.equal(seen.xff, '127.0.0.1')
    assert.equal(seen.proto, 'https')
  })

  await t.test('HTTP redirects to HTTPS, keeping port, path and query', async () => {
    const response = await request(`http://localhost:${ports.http}/sales?from=2026-01-01`)
    assert.equal(response.status, 308)
    assert.equal(response.headers.location, `https://localhost:${ports.https}/sales?from=2026-01-01`)
  })

  await t.test('a body over 1 MB is refused by Caddy with problem+json', async () => {
    const response = await get('/api/sales', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(2_000_000, 32),
    })
    assert.equal(response.status, 413)
    assert.match(response.headers['content-type'], /^application\/problem\+json/)
    assert.equal(JSON.parse(response.body).code, 'payload_too_large')
    // ...and the upstream is not blamed for it: the next request goes through.
    assert.equal((await get('/api/sales', { method: 'POST', body: '{}' })).status, 200)
  })

  await t.test('the services get the topology from the runner', async () => {
    const auth = JSON.parse((await get('/auth/env')).body).env
    const api = JSON.parse((await get('/api/env')).body).env
    for (const env of [auth, api]) {
      assert.equal(env.NODE_ENV, 'development')
      assert.equal(env.HOST, '127.0.0.1')
      assert.equal(env.AUTH_ISSUER, stack.url)
      assert.equal(env.TRUST_PROXY, '127.0.0.1')
      assert.equal(env.COOKIE_SECURE, 'true')
      assert.equal(env.DATABASE_URL, null)
    }
    assert.equal(auth.PORT, String(ports.auth))
    assert.equal(auth.DATA_DIR, join(dataDir, 'auth'))
    assert.equal(api.DATA_DIR, join(dataDir, 'api'))
    assert.equal(api.AUTH_JWKS_URL, `http://127.0.0.1:${ports.auth}/.well-known/jwks.json`)
    // The dev key is generated once per data dir and reused.
    const stored = JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8'))
    assert.equal(auth.AUTH_KEY_ENCRYPTION_KEY, stored.AUTH_KEY_ENCRYPTION_KEY)
    assert.equal(Buffer.from(stored.AUTH_KEY_ENCRYPTION_KEY, 'base64').length, 32)
    assert.equal(api.AUTH_KEY_ENCRYPTION_KEY, null)
  })

  await t.test('with every upstream gone, Caddy answers 503 problem+json with Retry-After', async () => {
    await get('/auth/__close-listener')
    const response = await get('/auth/me')
    assert.equal(response.status, 503)
    assert.match(response.headers['content-type'], /^application\/problem\+json/)
    assert.equal(response.headers['retry-after'], '5')
    assert.equal(JSON.parse(response.body).code, 'service_unavailable')
  })

  await t.test('a child that dies stops the rest and is reported', async () => {
    const { pid } = JSON.parse((await get('/api/whoami')).body)
    process.kill(pid, 'SIGKILL')
    const failure = await stack.exited
    assert.deepEqual(failure, { name: 'api', code: null, signal: 'SIGKILL' })
    // The runner stopped the rest: every port is free again.
    for (const port of [ports.auth, ports.https, ports.http]) assert.ok(await portIsFree(port), `port ${port} is free`)
  })
})

test('vite preview in front when Caddy is not wanted', async (t) => {
  const ports = await freePorts()
  const stack = await startStack({ root, caddy: false, build: false, dataDir: join(root, 'data-vite'), ports, log: quiet })
  assert.equal(stack.url, `http://localhost:${ports.web}`)
  assert.equal(stack.caCertPath, null)
  const page = await request(stack.url + '/')
  assert.equal(page.status, 200)
  assert.match(page.body, /stub page/)
  const auth = JSON.parse((await request(stack.url + '/auth/me')).body)
  assert.equal(auth.name, 'auth')
  assert.equal(auth.env.AUTH_ISSUER, stack.url)
  assert.equal(JSON.parse((await request(stack.url + '/api/dashboard')).body).name, 'api')
  await stack.stop()
  for (const port of [ports.auth, ports.api, ports.web]) assert.ok(await portIsFree(port), `port ${port} is free`)
  t.diagnostic('stopped cleanly')
})

test('a port already taken is refused before anything starts', async () => {
  const ports = await freePorts()
  const squatter = net.createServer().listen(ports.api, '127.0.0.1')
  await new Promise((resolve) => squatter.once('listening', resolve))
  try {
    await assert.rejects(
      startStack({ root, caddy: false, build: false, dataDir: join(root, 'data-busy'), ports, log: quiet }),
      new RegExp(`port ${ports.api} \\(api\\) is already in use`),
    )
    assert.ok(await portIsFree(ports.auth), 'auth was not started')
  } finally {
    squatter.close()
  }
})

test('readEnvFile: comments, quotes, export, inline comments', () => {
  const file = join(root, 'sample.env')
  writeFileSync(
    file,
    ['# comment', 'A=1', 'export B="two words"', "C='#not a comment'", 'D=value # trailing comment', 'E=', 'not a line'].join('\n'),
  )
  assert.deepEqual(readEnvFile(file), { A: '1', B: 'two words', C: '#not a comment', D: 'value', E: '' })
  assert.deepEqual(readEnvFile(join(root, 'absent.env')), {})
})

test('staleBuilds: missing or older dist is stale, newer dist is not', async () => {
  const workspace = join(root, 'workspace')
  const pkg = join(workspace, 'packages', 'thing')
  mkdirSync(join(pkg, 'src'), { recursive: true })
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@x/thing', scripts: { build: 'tsc' } }))
  writeFileSync(join(pkg, 'src', 'index.ts'), 'export {}')
  assert.deepEqual(staleBuilds(workspace), ['@x/thing'])
  await new Promise((resolve) => setTimeout(resolve, 20))
  mkdirSync(join(pkg, 'dist'))
  writeFileSync(join(pkg, 'dist', 'index.js'), 'export {}')
  assert.deepEqual(staleBuilds(workspace), [])
  await new Promise((resolve) => setTimeout(resolve, 20))
  writeFileSync(join(pkg, 'src', 'index.ts'), 'export const changed = 1')
  assert.deepEqual(staleBuilds(workspace), ['@x/thing'])
})
