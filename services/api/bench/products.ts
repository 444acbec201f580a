/**
 * `pnpm bench`: what token verification costs on a real read endpoint.
 *
 * Starts the api in-process twice on random ports against one fresh
 * PostgreSQL database on 127.0.0.1 (dropped at the end), seeds 50 products for
 * one user, then measures GET /api/products?limit=50 with autocannon:
 *
 *   authenticated         the real app: @proddash/auth-plugin verifies an EdDSA
 *                         access token against the JWKS of an in-process issuer.
 *                         One token reused, as a browser does for its 15 minutes,
 *                         so after the first request the plugin's verified-token
 *                         cache answers.
 *   fresh token each time the real app again, every request with a token it has
 *                         never seen: a full Ed25519 verification each time (worst case).
 *   unauthenticated       the same buildApp, same routes, handlers, dashboard
 *                         lookup, validation, serialisation and database, with one
 *                         difference: `benchmarkFixedUser` replaces token
 *                         verification by a hook that sets request.user. It is
 *                         sent the same Authorization header (ignored), so the
 *                         bytes on the wire are the same and only verification differs.
 *
 * The load generator (bench/load.ts) runs in a child process, so this
 * process's CPU time during a run is the server's alone. Besides req/s the
 * bench reports server CPU per request, which is what token verification
 * actually costs and which, unlike req/s, hardly moves when other processes
 * load the machine. Each scenario runs BENCH_ROUNDS times (default 3), in an
 * order rotated every round; medians are compared.
 * Env: BENCH_DURATION (s per run, default 5), BENCH_CONNECTIONS (default 10),
 * TEST_POSTGRES_URL (admin URL of the server, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { startTestIssuer, type MintedSession } from '@proddash/auth-plugin/testing'
import { createPostgresTestDatabase } from '@proddash/db/testing'
import { buildApp } from '../src/app.js'
import { loadApiConfig } from '../src/config.js'

const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

type Scenario = 'authenticated' | 'fresh' | 'unauthenticated'
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const PATH = '/api/products?limit=50'

interface Measurement {
  requestsPerSecond: number
  total: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  /** Server CPU (user + system) per request, in microseconds. */
  cpuMicrosPerRequest: number
}

const run = promisify(execFile)
const loadScript = fileURLToPath(new URL('./load.ts', import.meta.url))

async function measure(url: string, tokenFile: string): Promise<Measurement> {
  const before = process.cpuUsage()
  const { stdout } = await run(process.execPath, ['--import', 'tsx', loadScript, url + PATH, String(DURATION), String(CONNECTIONS), tokenFile])
  const cpu = process.cpuUsage(before)
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as Omit<Measurement, 'cpuMicrosPerRequest'>
  return { ...result, cpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(1, result.total) }
}

async function main() {
  const cleanups: (() => unknown)[] = []
  const teardown = { teardown: (fn: () => unknown) => cleanups.push(fn) }
  try {
    const databaseUrl = await createPostgresTestDatabase(teardown)
    const issuer = await startTestIssuer()
    cleanups.push(() => issuer.close())
    const config = loadApiConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: issuer.audience,
      AUTH_JWKS_URL: issuer.jwksUrl,
      // One client hammering one user on purpose: the limiter would answer most requests with 429.
      API_RATE_LIMIT_PER_MINUTE: '0',
    })
    const session: MintedSession = issuer.mint()

    const listen = async (app: FastifyInstance) => {
      cleanups.unshift(() => app.close())
      return app.listen({ host: '127.0.0.1', port: 0 })
    }
    const authenticatedUrl = await listen(await buildApp(config))
    const unauthenticatedUrl = await listen(
      await buildApp(config, { benchmarkFixedUser: { id: session.userId, sessionId: session.sessionId, role: 'user' } }),
    )

    for (let i = 0; i < 50; i++) {
      const response = await fetch(`${authenticatedUrl}/api/products`, {
        method: 'POST',
        headers: { authorization: session.bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench product ${i}`, priceCents: 100 + i, costCents: 50, stock: 10 + i, barcode: `BENCH-${i}` }),
      })
      if (response.status !== 201) throw new Error(`seeding failed: ${response.status} ${await response.text()}`)
    }
    const check = async (url: string, headers: Record<string, string>) => {
      const body = (await (await fetch(url + PATH, { headers })).json()) as { items: unknown[] }
      if (body.items.length !== 50) throw new Error(`expected 50 products from ${url}, got ${body.items.length}`)
    }
    await check(authenticatedUrl, { authorization: session.bearer })
    await check(unauthenticatedUrl, {})

    // Enough distinct tokens that none repeats within a run (minting is cheaper than verifying).
    const tokenDir = mkdtempSync(join(tmpdir(), 'pd-bench-'))
    cleanups.push(() => rmSync(tokenDir, { recursive: true, force: true }))
    const sameToken = join(tokenDir, 'same')
    const freshTokens = join(tokenDir, 'fresh')
    writeFileSync(sameToken, session.accessToken + '\n')
    writeFileSync(freshTokens, Array.from({ length: 60_000 }, () => issuer.mint({ userId: session.userId }).accessToken).join('\n'))

    console.log(`GET ${PATH} — ${CONNECTIONS} connections, ${DURATION}s per run, PostgreSQL ${new URL(databaseUrl).host}`)
    console.log('warming up…')
    await measure(authenticatedUrl, sameToken)
    await measure(unauthenticatedUrl, sameToken)

    const runs: Record<Scenario, Measurement[]> = { authenticated: [], fresh: [], unauthenticated: [] }
    const scenarios: Record<Scenario, () => Promise<Measurement>> = {
      authenticated: () => measure(authenticatedUrl, sameToken),
      fresh: () => measure(authenticatedUrl, freshTokens),
      // The same Authorization header, ignored: identical bytes on the wire.
      unauthenticated: () => measure(unauthenticatedUrl, sameToken),
    }
    const order: Scenario[] = ['authenticated', 'fresh', 'unauthenticated']
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order each round so drift on a shared machine hits every scenario alike.
      for (const name of [...order.slice(round % 3), ...order.slice(0, round % 3)]) {
        const result = await scenarios[name]()
        runs[name].push(result)
        console.log(
          `  round ${round + 1} ${name.padEnd(16)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  server CPU ${result.cpuMicrosPerRequest.toFixed(0)} µs/req  non-2xx ${result.non2xx}  errors ${result.errors}`,
        )
      }
    }

    const median = (list: Measurement[], field: 'requestsPerSecond' | 'cpuMicrosPerRequest' = 'requestsPerSecond') => {
      const sorted = list.map((item) => item[field]).sort((x, y) => x - y)
      const middle = Math.floor(sorted.length / 2)
      return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
    }
    const a = median(runs.authenticated)
    const f = median(runs.fresh)
    const u = median(runs.unauthenticated)
    const failures = Object.values(runs)
      .flat()
      .reduce((sum, item) => sum + item.non2xx + item.errors, 0)
    console.log('')
    console.log(`median of ${ROUNDS} runs each`)
    console.log(`authenticated (cached token):  ${a.toFixed(0)} req/s`)
    console.log(`authenticated (fresh tokens):  ${f.toFixed(0)} req/s`)
    console.log(`unauthenticated baseline:      ${u.toFixed(0)} req/s`)
    console.log(`ratio authenticated / unauthenticated: ${(a / u).toFixed(3)} (cached token), ${(f / u).toFixed(3)} (fresh tokens)`)
    const ca = median(runs.authenticated, 'cpuMicrosPerRequest')
    const cf = median(runs.fresh, 'cpuMicrosPerRequest')
    const cu = median(runs.unauthenticated, 'cpuMicrosPerRequest')
    console.log(`server CPU per request: ${ca.toFixed(0)} µs (cached token), ${cf.toFixed(0)} µs (fresh tokens), ${cu.toFixed(0)} µs (unauthenticated)`)
    console.log(
      `CPU-bound throughput ratio (unauthenticated CPU / authenticated CPU): ${(cu / ca).toFixed(3)} (cached token), ${(cu / cf).toFixed(3)} (fresh tokens)`,
    )
    if (failures > 0) {
      console.error(`${failures} requests failed; the figures above are not trustworthy`)
      process.exitCode = 1
    }
  } finally {
    // autocannon abandons its last in-flight requests; let the server finish them before closing the pool.
    await new Promise((resolve) => setTimeout(resolve, 500))
    for (const cleanup of cleanups) await cleanup()
  }
}

await main()
