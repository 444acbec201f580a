/**
 * Aggregates over a dashboard's sales, computed by PostgreSQL: voided sales
 * never count, ranges are [from, to), buckets are cut in a time zone (UTC by default).
 */
import { postgresErrorCode } from '@proddash/db'
import { sql } from 'drizzle-orm'
import type { ShopDb } from '../db/database.js'
import { rowsOf, toNumber } from '../lib/rows.js'
import { wallClock } from '../lib/time-zones.js'
import type { Bucket } from '../schemas/stats.js'

export interface SummaryTotals {
  revenueCents: number
  costCents: number
  unitsSold: number
  salesCount: number
}

export interface TopProduct {
  productId: string
  name: string
  unitsSold: number
  revenueCents: number
}

export interface LowStockProduct {
  productId: string
  name: string
  stock: number
}

export interface TimeseriesPoint {
  start: Date
  revenueCents: number
  profitCents: number
  unitsSold: number
}

export const TOP_PRODUCTS_LIMIT = 5
export const LOW_STOCK_LIMIT = 20

export class StatsRepository {
  constructor(private readonly db: ShopDb) {}

  async totals(dashboardId: string, from: Date, to: Date): Promise<SummaryTotals> {
    // Sums over bigint are numeric; ::text keeps them exact whatever the driver, toNumber converts.
    const [row] = rowsOf<{ revenue: string; cost: string; units: string; count: string }>(
      await this.db.execute(sql`
        select coalesce(sum(quantity::bigint * unit_price_cents), 0)::text as revenue,
               coalesce(sum(quantity::bigint * unit_cost_cents), 0)::text as cost,
               coalesce(sum(quantity), 0)::text as units,
               count(*)::text as count
        from shop.sales
        where dashboard_id = ${dashboardId} and voided_at is null
          and sold_at >= ${from.toISOString()}::timestamptz and sold_at < ${to.toISOString()}::timestamptz`),
    )
    return {
      revenueCents: toNumber(row?.revenue),
      costCents: toNumber(row?.cost),
      unitsSold: toNumber(row?.units),
      salesCount: toNumber(row?.count),
    }
  }

  async topProducts(dashboardId: string, from: Date, to: Date, limit = TOP_PRODUCTS_LIMIT): Promise<TopProduct[]> {
    const rows = rowsOf<{ product_id: string; name: string; units: string; revenue: string }>(
      await this.db.execute(sql`
        select s.product_id, p.name,
               sum(s.quantity)::text as units,
               sum(s.quantity::bigint * s.unit_price_cents)::text as revenue
        from shop.sales s
        join shop.products p on p.dashboard_id = s.dashboard_id and p.id = s.product_id
        where s.dashboard_id = ${dashboardId} and s.voided_at is null
          and s.sold_at >= ${from.toISOString()}::timestamptz and s.sold_at < ${to.toISOString()}::timestamptz
        group by s.product_id, p.name
        order by sum(s.quantity::bigint * s.unit_price_cents) desc, sum(s.quantity) desc, s.product_id
        limit ${limit}`),
    )
    return rows.map((row) => ({
      productId: row.product_id,
      name: row.name,
      unitsSold: toNumber(row.units),
      revenueCents: toNumber(row.revenue),
    }))
  }

  /** Active products at or under the threshold, emptiest first (independent of any date range). */
  async lowStock(dashboardId: string, threshold: number, limit = LOW_STOCK_LIMIT): Promise<LowStockProduct[]> {
    const rows = rowsOf<{ id: string; name: string; stock: number }>(
      await this.db.execute(sql`
        select id, name, stock from shop.products
        where dashboard_id = ${dashboardId} and archived_at is null and stock <= ${threshold}
        order by stock, lower(name), id
        limit ${limit}`),
    )
    return rows.map((row) => ({ productId: row.id, name: row.name, stock: Number(row.stock) }))
  }

  /**
   * One point per bucket from the bucket holding `from` to the one holding the
   * last instant before `to`, empty buckets included: generate_series makes the
   * buckets, the sales are aggregated per bucket, a left join fills the gaps.
   * Buckets are cut on local wall-clock `timestamp` values in `tz` (so a day
   * is a calendar day even when DST makes it 23 or 25 hours long, and the
   * session's own time zone never matters); each start is turned back into
   * the instant of that local midnight. Returns null when the database does
   * not know the zone.
   */
  async timeseries(dashboardId: string, from: Date, to: Date, bucket: Bucket, tz = 'UTC'): Promise<TimeseriesPoint[] | null> {
    const step = `1 ${bucket}`
    const fromText = from.toISOString()
    const toText = to.toISOString()
    let result: unknown
    try {
      result = await this.db.execute(sql`
        with buckets as (
          select generate_series(
            date_trunc(${bucket}, ${fromText}::timestamptz at time zone ${tz}::text),
            (${toText}::timestamptz - interval '1 millisecond') at time zone ${tz}::text,
            ${step}::interval
          ) as start
        ),
        totals as (
          select date_trunc(${bucket}, sold_at at time zone ${tz}::text) as start,
                 sum(quantity::bigint * unit_price_cents) as revenue,
                 sum(quantity::bigint * (unit_price_cents - unit_cost_cents)) as profit,
                 sum(quantity) as units
          from shop.sales
          where dashboard_id = ${dashboardId} and voided_at is null
            and sold_at >= ${fromText}::timestamptz and sold_at < ${toText}::timestamptz
          group by 1
        )
        select (extract(epoch from (buckets.start at time zone ${tz}::text)) * 1000)::bigint::text as start_ms,
               coalesce(totals.revenue, 0)::text as revenue,
               coalesce(totals.profit, 0)::text as profit,
               coalesce(totals.units, 0)::text as units
        from buckets left join totals using (start)
        order by buckets.start`)
    } catch (error) {
      // 22023 invalid_parameter_value: "time zone … not recognized" (a zone ICU knows but this tzdata does not).
      if (postgresErrorCode(error) === '22023') return null
      throw error
    }
    const rows = rowsOf<{ start_ms: string; revenue: string; profit: string; units: string }>(result)
    return rows.map((row) => ({
      start: new Date(Number(row.start_ms)),
      revenueCents: toNumber(row.revenue),
      profitCents: toNumber(row.profit),
      unitsSold: toNumber(row.units),
    }))
  }
}

/**
 * How many buckets `timeseries` would return, computed without asking the
 * database, so an over-large range is refused before any work is done: the
 * same calendar arithmetic on the local wall-clock times in `tz`.
 */
export function bucketCount(fromInstant: Date, to: Date, bucket: Bucket, tz = 'UTC'): number {
  const DAY = 86_400_000
  if (to.getTime() - 1 < fromInstant.getTime()) return 0
  const from = wallClock(fromInstant, tz)
  const last = wallClock(new Date(to.getTime() - 1), tz)
  switch (bucket) {
    case 'day': {
      const start = Math.floor(from.getTime() / DAY) * DAY
      return Math.floor((last.getTime() - start) / DAY) + 1
    }
    case 'week': {
      const day = Math.floor(from.getTime() / DAY) * DAY
      const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY
      return Math.floor((last.getTime() - monday) / (7 * DAY)) + 1
    }
    case 'month':
      return (last.getUTCFullYear() - from.getUTCFullYear()) * 12 + (last.getUTCMonth() - from.getUTCMonth()) + 1
  }
}
