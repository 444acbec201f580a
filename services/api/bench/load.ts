/**
 * The load generator of bench/products.ts, run as a child process so the
 * parent can measure the server's own CPU time without the client's.
 * argv: url duration connections tokenFile|- ; prints one JSON line.
 * With a token file, each request carries the next token of the file.
 */
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

const [url, duration, connections, tokenFile] = process.argv.slice(2)
const tokens = tokenFile && tokenFile !== '-' ? readFileSync(tokenFile, 'utf8').split('\n').filter(Boolean) : []
let next = 0

const result = await autocannon({
  url: url!,
  duration: Number(duration),
  connections: Number(connections),
  headers: tokens.length === 1 ? { authorization: `Bearer ${tokens[0]}` } : undefined,
  ...(tokens.length > 1
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

console.log(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  }),
)
