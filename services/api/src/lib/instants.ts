/** The instants the api accepts: RFC 3339 allows year 0000, PostgreSQL does not; no shop sells before 1900 or after 9999. */
const EARLIEST = Date.UTC(1900, 0, 1)
const LATEST = Date.UTC(10_000, 0, 1)

export function isSupportedInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST
}
