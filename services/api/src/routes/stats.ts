/** /api/stats: summary and timeseries over non-voided sales, computed in SQL. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ValidationError } from '@proddash/http'
import { RangeTooLargeError } from '../errors.js'
import { isKnownTimeZone } from '../lib/time-zones.js'
import { bucketCount, type StatsRepository } from '../repositories/stats-repository.js'
import { problemResponses } from '../schemas/common.js'
import { StatsRangeQuerySchema, SummarySchema, TimeseriesQuerySchema, TimeseriesSchema } from '../schemas/stats.js'
import { parseStatsRange } from './ranges.js'

/** A bit over two years of days: enough for any chart, small enough to answer fast. */
export const MAX_BUCKETS = 800

export const statsRoutes: FastifyPluginAsyncTypebox<{ stats: StatsRepository; lowStockThreshold: number }> = async (app, options) => {
  const { stats } = options

  app.get(
    '/stats/summary',
    {
      schema: {
        tags: ['stats'],
        summary: 'Revenue, cost, profit, margin, units and sales in [from, to); top products; low stock now',
        querystring: StatsRangeQuerySchema,
        response: { 200: SummarySchema, ...problemResponses() },
      },
    },
    async (request) => {
      const { from, to } = parseStatsRange(request.query.from, request.query.to)
      const dashboardId = request.dashboard.id
      const [totals, topProducts, lowStock] = await Promise.all([
        stats.totals(dashboardId, from, to),
        stats.topProducts(dashboardId, from, to),
        stats.lowStock(dashboardId, options.lowStockThreshold),
      ])
      const profitCents = totals.revenueCents - totals.costCents
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        revenueCents: totals.revenueCents,
        costCents: totals.costCents,
        profitCents,
        marginPct: totals.revenueCents === 0 ? null : Math.round((profitCents / totals.revenueCents) * 10_000) / 100,
        unitsSold: totals.unitsSold,
        salesCount: totals.salesCount,
        topProducts,
        lowStock,
      }
    },
  )

  app.get(
    '/stats/timeseries',
    {
      schema: {
        tags: ['stats'],
        summary: `One point per bucket (local to tz, default UTC) in [from, to), empty buckets included (at most ${MAX_BUCKETS})`,
        querystring: TimeseriesQuerySchema,
        response: { 200: TimeseriesSchema, ...problemResponses() },
      },
    },
    async (request) => {
      const { from, to } = parseStatsRange(request.query.from, request.query.to)
      const bucket = request.query.bucket ?? 'day'
      const tz = request.query.tz ?? 'UTC'
      if (!isKnownTimeZone(tz)) throw unknownTimeZone()
      const count = bucketCount(from, to, bucket, tz)
      if (count > MAX_BUCKETS) throw new RangeTooLargeError(count, bucket, MAX_BUCKETS)
      const points = await stats.timeseries(request.dashboard.id, from, to, bucket, tz)
      if (points === null) throw unknownTimeZone()
      return {
        bucket,
        tz,
        points: points.map((point) => ({
          start: point.start.toISOString(),
          revenueCents: point.revenueCents,
          profitCents: point.profitCents,
          unitsSold: point.unitsSold,
        })),
      }
    },
  )
}

/** The same 400 as a schema failure, for a well-formed name that is not a zone (ICU's or the database's). */
function unknownTimeZone() {
  return Object.assign(new ValidationError('The request is not valid; see errors for each field.'), {
    errors: [{ field: '/querystring/tz', message: 'must be a known IANA time zone, like Europe/Berlin' }],
  })
}
