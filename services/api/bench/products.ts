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
 * Runs interleave (A B C C B A) so drift on a shared machine hits all alike.
 * Env: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 10),
 * TEST_POSTGRES_URL (admin URL of the server, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import autocannon from 'autocannon'
import type { FastifyInstance } from 'fastify'
import { startTestIssuer, type MintedSession } from '@proddash/auth-plugin/testing'
import { createPostgresTestDatabase } from '@proddash/db/testing'
import { buildApp } from '../src/app.js'
import { loadApiConfig } from '../src/config.js'

const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const PATH = '/api/products?limit=50'

interface Measurement {
  requestsPerSecond: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}

async function measure(url: string, options: { headers?: Record<string, string>; tokens?: string[] }): Promise<Measurement> {
  let next = 0
  const tokens = options.tokens
  const result = await autocannon({
    url: url + PATH,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: options.headers,
    ...(tokens
      ? {
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
              }),
            },
          ],
        }
      : {}),
  })
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  }
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
    const fresh = Array.from({ length: 40_000 }, () => issuer.mint({ userId: session.userId }).accessToken)

    console.log(`GET ${PATH} — ${CONNECTIONS} connections, ${DURATION}s per run, PostgreSQL ${new URL(databaseUrl).host}`)
    console.log('warming up…')
    await measure(authenticatedUrl, { headers: { authorization: session.bearer } })
    await measure(unauthenticatedUrl, { headers: { authorization: session.bearer } })

    const runs: Record<'authenticated' | 'fresh' | 'unauthenticated', Measurement[]> = { authenticated: [], fresh: [], unauthenticated: [] }
    const scenarios = {
      authenticated: () => measure(authenticatedUrl, { headers: { authorization: session.bearer } }),
      fresh: () => measure(authenticatedUrl, { tokens: fresh }),
      unauthenticated: () => measure(unauthenticatedUrl, { headers: { authorization: session.bearer } }),
    }
    for (const name of ['authenticated', 'fresh', 'unauthenticated', 'unauthenticated', 'fresh', 'authenticated'] as const) {
      const result = await scenarios[name]()
      runs[name].push(result)
      console.log(`  ${name.padEnd(16)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  non-2xx ${result.non2xx}  errors ${result.errors}`)
    }

    const average = (list: Measurement[]) => list.reduce((sum, item) => sum + item.requestsPerSecond, 0) / list.length
    const a = average(runs.authenticated)
    const f = average(runs.fresh)
    const u = average(runs.unauthenticated)
    const failures = Object.values(runs)
      .flat()
      .reduce((sum, item) => sum + item.non2xx + item.errors, 0)
    console.log('')
    console.log(`authenticated (cached token):  ${a.toFixed(0)} req/s`)
    console.log(`authenticated (fresh tokens):  ${f.toFixed(0)} req/s`)
    console.log(`unauthenticated baseline:      ${u.toFixed(0)} req/s`)
    console.log(`ratio authenticated / unauthenticated: ${(a / u).toFixed(3)} (cached), ${(f / u).toFixed(3)} (fresh tokens)`)
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
