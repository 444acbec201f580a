/** Instants and [from, to) ranges from requests: the schema checks the format, this the calendar and the pair. */
import { ValidationError } from '@proddash/http'
import { InvalidRangeError } from '../errors.js'
import { isSupportedInstant } from '../lib/instants.js'

const DAY_MS = 86_400_000
/** A date-time the schema accepted, as a Date; outside 1900..9999 it is a 400 naming the field. */
export function parseInstant(text: string, field: string): Date {
  const date = new Date(text)
  if (!isSupportedInstant(date.getTime())) {
    throw Object.assign(new ValidationError('The request is not valid; see errors for each field.'), {
      errors: [{ field, message: 'must be between 1900-01-01 and 9999-12-31' }],
    })
  }
  return date
}

export function parseRange(
  fromText: string | undefined,
  toText: string | undefined,
  options: { defaultDays: number | null },
): { from: Date | undefined; to: Date | undefined } {
  let to = toText === undefined ? undefined : parseInstant(toText, '/querystring/to')
  let from = fromText === undefined ? undefined : parseInstant(fromText, '/querystring/from')
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
