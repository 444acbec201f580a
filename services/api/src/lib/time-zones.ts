/**
 * IANA time zones for the stats buckets: which names the api accepts, and the
 * local wall-clock time of an instant in one (to count buckets before asking
 * the database for them).
 */

/**
 * `UTC` or an `Area/Location[/Sub]` name. The shape is checked before the
 * zone database is asked, so PostgreSQL never sees its other spellings
 * (abbreviations like `EST`, POSIX strings like `UTC+5` with inverted signs).
 */
export const TIME_ZONE_PATTERN = '^(?:UTC|[A-Za-z][A-Za-z_-]*(?:/[A-Za-z0-9][A-Za-z0-9_+-]*){1,2})$'

const formatters = new Map<string, Intl.DateTimeFormat>()

/** A formatter giving the wall-clock fields in `timeZone`; throws RangeError for a zone ICU does not know. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    // Only known zones get here (the constructor threw otherwise), so the cache stays as small as the zone list.
    formatters.set(timeZone, format)
  }
  return format
}

/**
 * Whether ICU knows the zone. `Intl.supportedValuesOf('timeZone')` is not
 * enough: on Node 20 it lists only canonical ICU names (`Asia/Calcutta`, not
 * `Asia/Kolkata`), while the constructor accepts every alias.
 */
export function isKnownTimeZone(timeZone: string): boolean {
  if (!new RegExp(TIME_ZONE_PATTERN).test(timeZone)) return false
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/** The wall-clock time of `date` in `timeZone`, as a Date whose UTC fields are that local time. */
export function wallClock(date: Date, timeZone: string): Date {
  if (timeZone === 'UTC') return date
  const parts: Record<string, number> = {}
  for (const part of formatter(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  const local = new Date(0)
  local.setUTCFullYear(parts.year!, parts.month! - 1, parts.day!)
  local.setUTCHours(parts.hour!, parts.minute!, parts.second!, date.getUTCMilliseconds())
  return local
}
