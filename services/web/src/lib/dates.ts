// Periods for the overview and sales pages. The user thinks in local calendar
// days; the API gets ISO instants: `from` = start of the first day, `to` =
// start of the day after the last one (an exclusive end, so no gap at 23:59:59.999).
import type { Bucket } from '../api/types.js'

export type PeriodKind = '7d' | '30d' | '90d' | 'custom'

export interface Period {
  kind: PeriodKind
  /** Inclusive local dates, YYYY-MM-DD. */
  fromDate: string
  toDate: string
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * The browser's IANA time zone, sent with the timeseries so its buckets are
 * the same local days as the period's from/to. 'UTC' when the browser gives
 * nothing the api would accept (it takes `UTC` or `Area/Location` names).
 */
export function localTimeZone(): string {
  let zone: string | undefined
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  } catch {
    zone = undefined
  }
  return zone && /^(?:UTC|[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*){1,2})$/.test(zone) ? zone : 'UTC'
}

/** A chart bucket's label, in the zone its buckets were cut in (so a local midnight is never shown as the day before). */
export function bucketLabel(start: Date, bucket: Bucket, timeZone: string): string {
  if (bucket === 'month') return start.toLocaleDateString(undefined, { month: 'short', year: '2-digit', timeZone })
  return start.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone })
}

export function toDateInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export function parseDateInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return null
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return Number.isNaN(date.getTime()) ? null : date
}

export function addDays(date: Date, days: number): Date {
  const copy = new Date(date)
  copy.setDate(copy.getDate() + days)
  return copy
}

export function presetPeriod(kind: Exclude<PeriodKind, 'custom'>, today = new Date()): Period {
  const days = kind === '7d' ? 7 : kind === '30d' ? 30 : 90
  return { kind, fromDate: toDateInput(addDays(today, -(days - 1))), toDate: toDateInput(today) }
}

export function periodRange(period: Period): { from: string; to: string } {
  const from = parseDateInput(period.fromDate) ?? new Date()
  const to = parseDateInput(period.toDate) ?? new Date()
  return { from: from.toISOString(), to: addDays(to, 1).toISOString() }
}

/** The same number of days right before, for "vs previous period". */
export function previousPeriod(period: Period): Period {
  const days = periodDays(period)
  const from = parseDateInput(period.fromDate) ?? new Date()
  return { kind: 'custom', fromDate: toDateInput(addDays(from, -days)), toDate: toDateInput(addDays(from, -1)) }
}

export function periodDays(period: Period): number {
  const from = parseDateInput(period.fromDate)
  const to = parseDateInput(period.toDate)
  if (!from || !to) return 0
  return Math.round((to.getTime() - from.getTime()) / 86_400_000) + 1
}

/** Around 7–60 points reads best on a chart: days for a month or two, then weeks, then months. */
export function bucketFor(period: Period): Bucket {
  const days = periodDays(period)
  if (days <= 62) return 'day'
  if (days <= 366) return 'week'
  return 'month'
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

/** Compact for table cells: "Dec 4, 08:34" this year, "Dec 4, 2025, 08:34" before. */
export function formatShortDateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  const sameYear = date.getFullYear() === new Date().getFullYear()
  return date.toLocaleString(undefined, { ...(sameYear ? {} : { year: 'numeric' }), month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

export function describePeriod(period: Period): string {
  if (period.kind !== 'custom') return `Last ${periodDays(period)} days`
  return `${formatDate(period.fromDate + 'T00:00:00')} – ${formatDate(period.toDate + 'T00:00:00')}`
}
