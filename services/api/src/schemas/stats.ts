/** Aggregates over a dashboard's (non-voided) sales. */
import { Type, type Static } from 'typebox'
import { TIME_ZONE_PATTERN } from '../lib/time-zones.js'
import { DateTime, Uuid } from './common.js'

export const StatsRangeQuerySchema = Type.Object(
  {
    from: Type.Optional(DateTime({ description: 'inclusive; defaults to 30 days before `to`' })),
    to: Type.Optional(DateTime({ description: 'exclusive; defaults to now' })),
  },
  { additionalProperties: false },
)

export const SummarySchema = Type.Object(
  {
    from: DateTime(),
    to: DateTime(),
    revenueCents: Type.Integer(),
    costCents: Type.Integer(),
    profitCents: Type.Integer(),
    marginPct: Type.Union([Type.Number(), Type.Null()], { description: 'profit / revenue × 100, 2 decimals; null without revenue' }),
    unitsSold: Type.Integer(),
    salesCount: Type.Integer(),
    topProducts: Type.Array(
      Type.Object(
        { productId: Uuid(), name: Type.String(), unitsSold: Type.Integer(), revenueCents: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
    lowStock: Type.Array(
      Type.Object({ productId: Uuid(), name: Type.String(), stock: Type.Integer() }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
)
export type Summary = Static<typeof SummarySchema>

export const BUCKETS = ['day', 'week', 'month'] as const
export type Bucket = (typeof BUCKETS)[number]

export const TimeseriesQuerySchema = Type.Object(
  {
    from: Type.Optional(DateTime({ description: 'inclusive; defaults to 30 days before `to`' })),
    to: Type.Optional(DateTime({ description: 'exclusive; defaults to now' })),
    bucket: Type.Optional(
      Type.Union(
        BUCKETS.map((bucket) => Type.Literal(bucket)),
        { default: 'day', description: 'days, ISO weeks (Monday), calendar months, in the time zone `tz`' },
      ),
    ),
    tz: Type.Optional(
      Type.String({
        pattern: TIME_ZONE_PATTERN,
        maxLength: 64,
        default: 'UTC',
        description: 'IANA time zone the buckets are cut in (`Europe/Berlin`); defaults to UTC',
      }),
    ),
  },
  { additionalProperties: false },
)

export const TimeseriesSchema = Type.Object(
  {
    bucket: Type.String(),
    tz: Type.String({ description: 'the time zone the buckets were cut in' }),
    points: Type.Array(
      Type.Object(
        { start: DateTime({ description: "the instant the bucket starts: local midnight (of the week's Monday, the month's 1st) in `tz`" }), revenueCents: Type.Integer(), profitCents: Type.Integer(), unitsSold: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type Timeseries = Static<typeof TimeseriesSchema>
