/**
 * `pnpm --filter @proddash/auth bench`: does hashing passwords starve the
 * event loop? Starts the auth service as its own process against a fresh
 * database on the real PostgreSQL server, measures GET /healthz alone (the
 * baseline), then again while 20 logins run at once without pause, and
 * prints both p99 latencies and their ratio. Figures, not a test.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import postgres from 'postgres'

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const PORT = Number(process.env.BENCH_PORT ?? 3901)
const BASE = `http://127.0.0.1:${PORT}`
const ORIGIN = 'http://localhost:3001'
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
const PASSWORD = 'quiet lantern over seven rivers'

async function main() {
  const dbName = `pd_bench_auth_${randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${dbName}"`)
  const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString()

  const server = spawn(process.execPath, ['--conditions=proddash-source', '--import', 'tsx', 'src/server.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      DATABASE_URL: databaseUrl,
      AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      // The bench is one client at one address hammering login on purpose.
      LOGIN_MAX_ATTEMPTS_PER_IP_PER_MINUTE: '1000000',
      MAX_EVENT_LOOP_DELAY_MS: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  try {
    await waitForReady()
    const register = await fetch(`${BASE}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ email: 'bench@example.com', username: 'bench', password: PASSWORD }),
    })
    if (register.status !== 201) throw new Error(`register answered ${register.status}: ${await register.text()}`)

    const healthz = () => run({ url: `${BASE}/healthz`, connections: 10, duration: SECONDS })
    await run({ url: `${BASE}/healthz`, connections: 10, duration: 2 }) // warm-up
    const baseline = await healthz()

    const logins = run({
      url: `${BASE}/auth/login`,
      method: 'POST',
      connections: 20,
      duration: SECONDS + 1,
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ identifier: 'bench', password: PASSWORD }),
    })
    const loaded = await healthz()
    const loginResult = await logins

    const report = {
      'healthz p99 alone (ms)': baseline.latency.p99,
      'healthz p99 during 20 concurrent logins (ms)': loaded.latency.p99,
      'ratio (during / alone)': round(loaded.latency.p99 / Math.max(baseline.latency.p99, 1)),
      'healthz req/s alone': Math.round(baseline.requests.average),
      'healthz req/s during logins': Math.round(loaded.requests.average),
      'logins/s': round(loginResult.requests.average),
      'login p50 (ms)': loginResult.latency.p50,
      'login non-2xx': loginResult.non2xx,
    }
    console.table(report)
  } finally {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`)
    await admin.end()
  }
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)))
  })
}

async function waitForReady() {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`${BASE}/readyz`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error('auth service did not become ready')
}

const round = (value: number) => Math.round(value * 100) / 100

await main()
