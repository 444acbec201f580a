/** `db.execute()` answers an array with postgres.js and `{ rows }` with PGlite; repositories want the rows. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[]
  return ((result as { rows?: T[] }).rows ?? []) as T[]
}

/**
 * SQL aggregates over bigint come back as numeric, which drivers hand over as
 * strings (or bigint). Amounts are integer cents well inside 2^53 for any
 * plausible shop, so the contract returns them as JSON numbers.
 */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0
  return Number(value)
}
