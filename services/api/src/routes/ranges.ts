/** Date ranges from query strings: [from, to), validated together (each alone is validated by its schema). */
import { InvalidRangeError } from '../errors.js'

const DAY_MS = 86_400_000

export function parseRange(
  fromText: string | undefined,
  toText: string | undefined,
  options: { defaultDays: number | null },
): { from: Date | undefined; to: Date | undefined } {
  let to = toText === undefined ? undefined : new Date(toText)
  let from = fromText === undefined ? undefined : new Date(fromText)
  if (options.defaultDays !== null) {
    to ??= new Date()
    from ??= new Date(to.getTime() - options.defaultDays * DAY_MS)
  }
  if (from && to && from.getTime() >= to.getTime()) throw new InvalidRangeError('`from` must be before `to`.')
  return { from, to }
}

/** The same, with defaults filled in (stats always need both ends). */
export function parseStatsRange(fromText: string | undefined, toText: string | undefined): { from: Date; to: Date } {
  const range = parseRange(fromText, toText, { defaultDays: 30 })
  return { from: range.from!, to: range.to! }
}
