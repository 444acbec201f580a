/**
 * Runs the whole ProdDash stack on one machine: the auth and api services as
 * child processes (embedded PGlite unless a DATABASE_URL is given), then a
 * front door — Caddy with its internal CA when it is installed, or Vite's
 * preview/dev server with its proxy otherwise. `pnpm start` (scripts/start.mjs)
 * and the browser tests both use `startStack`, so the tests exercise exactly
 * what a user runs. Plain Node ESM, no dependencies.
 */
import { spawn } from 'node:child_process'
import { randomBytes, createHash, X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { delimiter, dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { clearTimeout } from 'node:timers'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export const DEFAULT_PORTS = Object.freeze({ auth: 3001, api: 3002, web: 5173, https: 8443, http: 8080 })

/** Where Caddy keeps its local CA's root certificate, given the XDG_DATA_HOME it ran with. */
export const caddyRootCertPath = (caddyDataHome) => join(caddyDataHome, 'caddy', 'pki', 'authorities', 'local', 'root.crt')

/** base64(sha256(SubjectPublicKeyInfo)) of a PEM certificate file. */
export function spkiHash(certPath) {
  const der = new X509Certificate(readFileSync(certPath)).publicKey.export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(der).digest('base64')
}

/**
 * What Chromium's --ignore-certificate-errors-spki-list needs to accept this
 * run's Caddy certificates without touching any trust store. Chromium matches
 * the chain the server presents (leaf + intermediate, not the root), so this
 * lists the local CA's intermediate and root. Caddy renews the intermediate
 * weekly: compute it per run. Chromium honours the flag only together with
 * --user-data-dir.
 */
export function caddySpkiList(caCertPath) {
  const dir = dirname(caCertPath)
  return [join(dir, 'intermediate.crt'), caCertPath].filter((file) => existsSync(file)).map(spkiHash).join(',')
}

/** Is `command` an executable on PATH? */
export function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return true
  }
  return false
}

/**
 * Reads KEY=value lines (the .env format: comments, optional quotes, no
 * interpolation). Returns {} when the file does not exist.
 */
export function readEnvFile(file) {
  if (!existsSync(file)) return {}
  const values = {}
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line)
    if (!match) continue
    let value = match[2]
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1)
    else value = value.replace(/\s+#.*$/, '')
    values[match[1]] = value
  }
  return values
}

/**
 * The workspace packages that have a build script and whose dist/ is missing
 * or older than their sources. `pnpm -r build` compiles packages/* before the
 * services (topological order), so stale anything → rebuild everything.
 */
export function staleBuilds(root = ROOT) {
  const stale = []
  for (const group of ['packages', 'services']) {
    const groupDir = join(root, group)
    if (!existsSync(groupDir)) continue
    for (const name of readdirSync(groupDir)) {
      const dir = join(groupDir, name)
      const manifestPath = join(dir, 'package.json')
      if (!existsSync(manifestPath)) continue
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
      if (!manifest.scripts?.build) continue
      const inputs = ['src', 'public', 'index.html', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'vite.config.ts']
      const newestInput = Math.max(...inputs.map((input) => newestMtime(join(dir, input))))
      const newestOutput = newestMtime(join(dir, 'dist'))
      if (newestOutput === 0 || newestInput > newestOutput) stale.push(manifest.name ?? `${group}/${name}`)
    }
  }
  return stale
}

function newestMtime(path) {
  let stats
  try {
    stats = statSync(path)
  } catch {
    return 0
  }
  if (!stats.isDirectory()) return stats.mtimeMs
  let newest = 0
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** Runs `pnpm -r build` when something is stale; throws if the build fails. */
export async function ensureBuilt({ root = ROOT, log = defaultLog, force = false, signal } = {}) {
  const stale = force ? ['(forced)'] : staleBuilds(root)
  if (stale.length === 0) {
    log('build', 'up to date')
    return false
  }
  log('build', `building (${stale.join(', ')} out of date): pnpm -r build`)
  const child = spawn('pnpm', ['-r', '--if-present', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], signal })
  pipeLines(child, 'build', log)
  // Interrupted while building: don't leave the build running behind us.
  const killBuild = () => child.kill('SIGTERM')
  process.on('exit', killBuild)
  const code = await new Promise((resolvePromise, reject) => {
    child.on('error', (error) => {
      if (error.name === 'AbortError') return // the 'exit' event reports the signal
      reject(error.code === 'ENOENT' ? new Error('pnpm is not on PATH (corepack enable, or npm i -g pnpm)') : error)
    })
    child.on('exit', (exitCode, signal) => resolvePromise(exitCode ?? signal))
  }).finally(() => process.off('exit', killBuild))
  if (code !== 0) throw new Error(`pnpm -r build failed (${typeof code === 'string' ? code : `exit ${code}`})`)
  return true
}

function defaultLog(name, line) {
  process.stdout.write(`${name.padEnd(6)}| ${line}\n`)
}

function pipeLines(child, name, log) {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => log(name, line))
  }
}

/** Resolves when 127.0.0.1:port accepts a listener (i.e. nobody else holds it). */
async function assertPortFree(port, what) {
  await new Promise((resolvePromise, reject) => {
    const server = net.createServer()
    server.once('error', (error) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} (${what}) is already in use — is another ProdDash running? Pick other ports (see scripts/start.mjs).`
            : `cannot listen on port ${port} (${what}): ${error.message}`,
        ),
      ),
    )
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolvePromise()))
  })
}

/** One GET; resolves with the status code, rejects on a connection error or after 5 s. */
function probe(url, { ca } = {}) {
  return new Promise((resolvePromise, reject) => {
    const target = new URL(url)
    const client = target.protocol === 'https:' ? https : http
    const request = client.get(
      {
        // Dial 127.0.0.1 but keep the name for SNI/Host, so "localhost" works
        // whether or not it resolves to ::1 first.
        host: '127.0.0.1',
        port: target.port,
        path: target.pathname + target.search,
        headers: { host: target.host },
        servername: target.hostname,
        ca,
        timeout: 5000,
      },
      (response) => {
        response.resume()
        resolvePromise(response.statusCode ?? 0)
      },
    )
    request.on('timeout', () => request.destroy(new Error('timeout')))
    request.on('error', reject)
  })
}

/**
 * Starts the stack and resolves once every part answers.
 *
 * options:
 *   dev          false: built output (`node dist/server.js`, `vite preview` or Caddy + dist);
 *                true: `node --watch` from source and the Vite dev server (HMR), no Caddy.
 *   caddy        true | false | 'auto' (default: Caddy when it is on PATH, not in dev mode,
 *                and PRODDASH_NO_CADDY is not 1). true fails if caddy is missing.
 *   build        run `pnpm -r build` when dist is stale (default: !dev). Tests that start
 *                several stacks at once should call ensureBuilt() once and pass false:
 *                concurrent builds would rewrite dist/ under running servers.
 *   dataDir      where PGlite (<dataDir>/auth, /api), the dev key (<dataDir>/dev-secrets.json)
 *                and Caddy's CA (<dataDir>/caddy) live. Default: the services' own defaults
 *                (services/<name>/.data, relative to the directory they run in — the same
 *                place `pnpm db:migrate` and `pnpm keys:rotate` look), Caddy under <root>/.data.
 *   databaseUrl  postgres:// for both services (separate schemas); unset = embedded PGlite.
 *   ports        { auth, api, web, https, http } (defaults 3001, 3002, 5173, 8443, 8080).
 *   cookieSecure Secure cookies with __Host-/__Secure- names (default true; browsers accept
 *                them on http://localhost too).
 *   env          extra variables for both services (after the defaults, before the topology).
 *   log          (name, line) => void for child output (default: "name  | line" on stdout).
 *   readyTimeoutMs  how long each part may take to answer (default 120 s).
 *   signal       an AbortSignal: aborting while starting stops what was launched
 *                (gracefully) and rejects.
 *
 * Returns { url, caCertPath, caddy, ports, stop(), exited }:
 *   url         the one address to open (https://localhost:<https> or http://localhost:<web>)
 *   caCertPath  Caddy's local root certificate (null without Caddy)
 *   stop()      SIGTERM every child (SIGKILL after 15 s); resolves when all are gone
 *   exited      resolves with { name, code, signal } if a child exits on its own; the
 *               rest are stopped first
 */
export async function startStack(options = {}) {
  const root = options.root ?? ROOT
  const dev = options.dev ?? false
  const log = options.log ?? defaultLog
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir)
  const caddyDir = join(dataDir ?? join(root, '.data'), 'caddy')
  const ports = { ...DEFAULT_PORTS, ...options.ports }
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000
  const cookieSecure = options.cookieSecure ?? true

  let useCaddy = options.caddy ?? 'auto'
  if (useCaddy === 'auto') useCaddy = !dev && process.env.PRODDASH_NO_CADDY !== '1' && onPath('caddy')
  if (useCaddy && dev) throw new Error('dev mode runs the Vite dev server without Caddy (HMR needs no TLS proxy)')
  if (useCaddy && !onPath('caddy')) throw new Error('caddy is not on PATH')

  const url = useCaddy ? `https://localhost:${ports.https}` : `http://localhost:${ports.web}`
  const caddyDataHome = join(caddyDir, 'data')
  const caCertPath = useCaddy ? caddyRootCertPath(caddyDataHome) : null

  // Refuse to start on top of something else: a stale service on 3001 would
  // otherwise answer our readiness probe.
  const wanted = [
    ['auth', ports.auth],
    ['api', ports.api],
    ...(useCaddy ? [['caddy https', ports.https], ['caddy http', ports.http]] : [['web', ports.web]]),
  ]
  for (const [what, port] of wanted) await assertPortFree(port, what)

  if (options.build ?? !dev) await ensureBuilt({ root, log, signal: options.signal })
  options.signal?.throwIfAborted()
  if (!dev && !existsSync(join(root, 'services', 'web', 'dist', 'index.html'))) {
    throw new Error('services/web/dist/index.html is missing: the web build did not produce a bundle')
  }

  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const sharedEnv = serviceEnvironment({ dataDir, options, url, ports, cookieSecure })

  const children = []
  let stopping = false
  let resolveExited
  const exited = new Promise((resolvePromise) => (resolveExited = resolvePromise))

  const launch = (name, command, args, { cwd, env }) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so stop() reaches grandchildren too (node --watch,
      // esbuild under vite) and a terminal's Ctrl+C reaches only start.mjs,
      // which then stops everything in order.
      detached: true,
    })
    const entry = { name, child, done: false }
    entry.finished = new Promise((resolvePromise) => {
      child.on('exit', (code, signal) => {
        entry.done = true
        if (!stopping) {
          log(name, `exited unexpectedly (${signal ?? `code ${code}`}); stopping the rest`)
          void stop().then(() => resolveExited({ name, code, signal }))
        }
        resolvePromise()
      })
      child.on('error', (error) => {
        log(name, `could not start ${command}: ${error.message}`)
        entry.done = true
        if (!stopping) void stop().then(() => resolveExited({ name, code: null, signal: null }))
        resolvePromise()
      })
    })
    pipeLines(child, name, log)
    children.push(entry)
    return entry
  }

  async function stop() {
    stopping = true
    for (const entry of children) signalGroup(entry, 'SIGTERM')
    const killer = setTimeout(() => {
      for (const entry of children) signalGroup(entry, 'SIGKILL')
    }, 15_000)
    await Promise.all(children.map((entry) => entry.finished))
    clearTimeout(killer)
    process.off('exit', killAll)
  }
  // If the parent dies without calling stop() (a test crashes), take the
  // children with it rather than leaving servers holding the ports.
  const killAll = () => {
    for (const entry of children) signalGroup(entry, 'SIGKILL')
  }
  process.on('exit', killAll)
  const onAbort = () => void stop()
  options.signal?.addEventListener('abort', onAbort, { once: true })

  const waitReady = async (entry, probeUrl, probeOptions = {}) => {
    const deadline = Date.now() + readyTimeoutMs
    let lastError = 'no answer'
    while (Date.now() < deadline) {
      if (entry.done) throw new Error(`${entry.name} exited before it was ready`)
      try {
        const status = await probe(probeUrl, probeOptions.ca ? { ca: readFileSync(probeOptions.ca) } : {})
        if (status >= 200 && status < 400) return
        lastError = `HTTP ${status}`
      } catch (error) {
        lastError = error.code ?? error.message
      }
      await sleep(250)
    }
    throw new Error(`${entry.name} did not become ready at ${probeUrl} within ${readyTimeoutMs / 1000}s (${lastError})`)
  }

  try {
    const node = process.execPath
    const serviceArgs = dev
      ? ['--watch', '--conditions=proddash-source', '--import', 'tsx', 'src/server.ts']
      : ['dist/server.js']
    // auth first: the api fetches its JWKS at start.
    const auth = launch('auth', node, serviceArgs, { cwd: join(root, 'services', 'auth'), env: sharedEnv.auth })
    await waitReady(auth, `http://127.0.0.1:${ports.auth}/readyz`)
    const api = launch('api', node, serviceArgs, { cwd: join(root, 'services', 'api'), env: sharedEnv.api })
    await waitReady(api, `http://127.0.0.1:${ports.api}/readyz`)

    if (useCaddy) {
      const caddy = launch('caddy', 'caddy', ['run', '--config', join(root, 'Caddyfile'), '--adapter', 'caddyfile'], {
        cwd: root,
        env: caddyEnvironment({ root, caddyDir, ports }),
      })
      // The root certificate appears on Caddy's first start; wait for it, then
      // for a real HTTPS answer that verifies against it.
      const deadline = Date.now() + readyTimeoutMs
      while (!existsSync(caCertPath)) {
        if (caddy.done) throw new Error('caddy exited before it was ready')
        if (Date.now() > deadline) throw new Error(`caddy did not create ${caCertPath}`)
        await sleep(200)
      }
      await waitReady(caddy, `${url}/`, { ca: caCertPath })
    } else {
      const vite = join(root, 'services', 'web', 'node_modules', 'vite', 'bin', 'vite.js')
      const web = launch('web', node, [vite, ...(dev ? [] : ['preview']), '--port', String(ports.web), '--strictPort'], {
        cwd: join(root, 'services', 'web'),
        env: {
          ...process.env,
          AUTH_URL: `http://127.0.0.1:${ports.auth}`,
          API_URL: `http://127.0.0.1:${ports.api}`,
          WEB_PORT: String(ports.web),
        },
      })
      await waitReady(web, `http://127.0.0.1:${ports.web}/`)
    }
  } catch (error) {
    await stop()
    throw options.signal?.aborted ? new Error('aborted while starting') : error
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }

  return { url, caCertPath, caddy: useCaddy, ports, stop, exited }
}

function signalGroup(entry, signal) {
  if (entry.done || entry.child.pid === undefined) return
  try {
    process.kill(-entry.child.pid, signal)
  } catch {
    // already gone
  }
}

/**
 * The environment each service gets. Passed-through variables (LOG_LEVEL,
 * tuning knobs, a user's AUTH_KEY_ENCRYPTION_KEY) come from process.env; the
 * topology (ports, data dirs, issuer, JWKS URL, proxy trust) is decided here.
 */
function serviceEnvironment({ dataDir, options, url, ports, cookieSecure }) {
  const base = { ...process.env }
  // Only an explicit databaseUrl selects Postgres: a DATABASE_URL in the
  // caller's environment (a test runner's) must not leak into the stack.
  delete base.DATABASE_URL
  // Variables meant for Vite or Caddy are not the services' business.
  for (const name of ['PORT', 'HOST', 'DATA_DIR']) delete base[name]

  const common = {
    ...base,
    NODE_ENV: 'development',
    ...options.env,
    HOST: '127.0.0.1',
    // The public origin is the issuer: tokens name it, the api checks it, and
    // the auth service allows login/register from it.
    AUTH_ISSUER: url,
    // Caddy (or Vite's proxy) connects from loopback; only it may set X-Forwarded-For.
    TRUST_PROXY: '127.0.0.1',
    COOKIE_SECURE: String(cookieSecure),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  }
  // With an explicit data directory (tests, PRODDASH_DATA_DIR) everything
  // lives there; otherwise the services keep their defaults, relative to
  // services/<name>, where their command-line tools find the same database
  // and the same generated key.
  const place = (name) => (dataDir ? { DATA_DIR: join(dataDir, name) } : {})
  const key =
    common.AUTH_KEY_ENCRYPTION_KEY || (dataDir ? devSecret(dataDir, 'AUTH_KEY_ENCRYPTION_KEY') : undefined)
  return {
    auth: {
      ...common,
      PORT: String(ports.auth),
      ...place('auth'),
      ...(key ? { AUTH_KEY_ENCRYPTION_KEY: key } : {}),
    },
    api: {
      ...common,
      PORT: String(ports.api),
      ...place('api'),
      AUTH_JWKS_URL: `http://127.0.0.1:${ports.auth}/.well-known/jwks.json`,
    },
  }
}

/**
 * The key that encrypts signing keys at rest must survive restarts (or the
 * stored keys become unreadable), so it is generated once per data directory
 * and kept in <dataDir>/dev-secrets.json — the file format of
 * @proddash/config's withDevSecrets, which does the same for the default
 * location. Development only; production sets the variable.
 */
function devSecret(dataDir, name) {
  const file = join(dataDir, 'dev-secrets.json')
  let stored = {}
  try {
    stored = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    // first start
  }
  if (!stored[name]) {
    stored[name] = randomBytes(32).toString('base64')
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 })
  }
  return stored[name]
}

function caddyEnvironment({ root, caddyDir, ports }) {
  return {
    ...process.env,
    // The port goes into the site address (not https_port): Caddy's automatic
    // HTTP→HTTPS redirect leaves the port out when the site listens on
    // https_port, assuming 443 is forwarded there; here it is not.
    PRODDASH_SITE: `localhost:${ports.https}`,
    CADDY_HTTP_PORT: String(ports.http),
    CADDY_HTTPS_PORT: '443',
    // Several stacks (tests) may run at once: no shared admin port.
    CADDY_ADMIN: 'off',
    // Installing the CA into the system store needs root; we print its path instead.
    CADDY_INSTALL_TRUST: 'false',
    CADDY_BIND: 'loopback',
    AUTH_UPSTREAMS: `127.0.0.1:${ports.auth}`,
    API_UPSTREAMS: `127.0.0.1:${ports.api}`,
    PRODDASH_WEB_ROOT: join(root, 'services', 'web', 'dist'),
    // Caddy keeps certificates and its CA under $XDG_DATA_HOME/caddy.
    XDG_DATA_HOME: join(caddyDir, 'data'),
    XDG_CONFIG_HOME: join(caddyDir, 'config'),
  }
}

