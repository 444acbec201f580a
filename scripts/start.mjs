/**
 * `pnpm start` / `pnpm dev`: run all of ProdDash on this machine and print the
 * one URL to open. Plain Node, no dependencies; the work is in stack.mjs.
 *
 *   pnpm start   build what is stale, run the built services with the embedded
 *                database, and put Caddy in front (https://localhost:8443, its
 *                own local CA) — or, without caddy on PATH, `vite preview`
 *                with its proxy (http://localhost:5173).
 *   pnpm dev     the same from source with reload: services under `node --watch`,
 *                the page from the Vite dev server (HMR) on http://localhost:5173.
 *                Caddy is skipped in dev: Vite's proxy already routes /auth,
 *                /.well-known and /api, and HMR needs no TLS in between.
 *
 * Environment (all optional; a .env file at the root is read first, without
 * overriding what is already set):
 *   DATABASE_URL              use this PostgreSQL for both services instead of .data/
 *   PRODDASH_DATA_DIR         keep PGlite, the dev key and Caddy's CA here instead of the
 *                             defaults (services/<name>/.data — where `pnpm db:migrate` and
 *                             `pnpm keys:rotate` look — and .data/caddy)
 *   PRODDASH_NO_CADDY=1       use vite preview even when caddy is installed
 *   PRODDASH_INSECURE_COOKIES=1  COOKIE_SECURE=false (plain pd_* cookie names): only for a
 *                             browser that drops Secure cookies on http://localhost (Chrome
 *                             and Firefox keep them) when Caddy is not used
 *   PRODDASH_AUTH_PORT, PRODDASH_API_PORT, PRODDASH_WEB_PORT,
 *   PRODDASH_HTTPS_PORT, PRODDASH_HTTP_PORT   (3001, 3002, 5173, 8443, 8080)
 *   LOG_LEVEL and the services' other variables pass through (see .env.example).
 */
/* global AbortController -- Node 20 global */
import { join } from 'node:path'
import { DEFAULT_PORTS, ROOT, readEnvFile, startStack } from './stack.mjs'

const dev = process.argv.includes('--dev')

for (const [name, value] of Object.entries(readEnvFile(join(ROOT, '.env')))) {
  if (process.env[name] === undefined) process.env[name] = value
}

function portFromEnv(name, fallback) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} must be a port number (1-65535), got "${raw}"`)
    process.exit(2)
  }
  return port
}

const ports = {
  auth: portFromEnv('PRODDASH_AUTH_PORT', DEFAULT_PORTS.auth),
  api: portFromEnv('PRODDASH_API_PORT', DEFAULT_PORTS.api),
  web: portFromEnv('PRODDASH_WEB_PORT', DEFAULT_PORTS.web),
  https: portFromEnv('PRODDASH_HTTPS_PORT', DEFAULT_PORTS.https),
  http: portFromEnv('PRODDASH_HTTP_PORT', DEFAULT_PORTS.http),
}

let stack
let shuttingDown = false
const starting = new AbortController()

async function shutdown(signal) {
  if (shuttingDown) {
    // A second Ctrl+C: the user is done waiting.
    process.exit(130)
  }
  shuttingDown = true
  console.log(`\n${signal}: stopping ProdDash…`)
  if (!stack) {
    // Still starting: startStack stops what it launched, then rejects below.
    starting.abort()
    return
  }
  await stack.stop()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))

try {
  stack = await startStack({
    dev,
    caddy: 'auto',
    ports,
    dataDir: process.env.PRODDASH_DATA_DIR || undefined,
    databaseUrl: process.env.DATABASE_URL || undefined,
    cookieSecure: process.env.PRODDASH_INSECURE_COOKIES !== '1',
    signal: starting.signal,
  })
} catch (error) {
  if (shuttingDown) process.exit(130)
  console.error(`\nProdDash could not start: ${error.message}`)
  process.exit(1)
}

console.log('')
if (stack.caCertPath) {
  console.log("Caddy's local CA signed the certificate. To avoid the browser warning, trust this root once")
  console.log(`(OS or browser certificate store; see infra/README.md): ${stack.caCertPath}`)
  console.log('(Or start with PRODDASH_NO_CADDY=1 to be served plain HTTP by Vite instead.)')
}
console.log(`ProdDash is running: ${stack.url}`)
console.log('Press Ctrl+C to stop.\n')

const failure = await stack.exited
if (!shuttingDown) {
  console.error(`\nProdDash stopped: ${failure.name} exited (${failure.signal ?? `code ${failure.code}`}).`)
  process.exit(1)
}
