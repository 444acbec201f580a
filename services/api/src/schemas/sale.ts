/** Sales: the resource, the create body, the list query and page. */
import { Type, type Static } from 'typebox'
import { Cents, Cursor, DateTime, FREE_TEXT, PageLimit, Uuid } from './common.js'

export const SaleSchema = Type.Object(
  {
    id: Uuid(),
    productId: Uuid(),
    quantity: Type.Integer(),
    unitPriceCents: Type.Integer({ description: 'price at the moment of sale' }),
    unitCostCents: Type.Integer({ description: 'product cost at the moment of sale' }),
    soldAt: DateTime(),
    note: Type.Union([Type.String(), Type.Null()]),
    voidedAt: Type.Union([DateTime(), Type.Null()], { description: 'set once the sale was voided (and restocked)' }),
  },
  { additionalProperties: false },
)
export type Sale = Static<typeof SaleSchema>

export const SaleCreateSchema = Type.Object(
  {
    productId: Uuid(),
    quantity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    unitPriceCents: Type.Optional(Cents({ description: "defaults to the product's current price" })),
    soldAt: Type.Optional(DateTime({ description: 'defaults to now; may be in the past, not in the future' })),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 500, pattern: FREE_TEXT }), Type.Null()])),
  },
  { additionalProperties: false },
)
export type SaleCreate = Static<typeof SaleCreateSchema>

export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7E]+$',
      description: 'makes retries safe: the same key and body answer the first result again',
    }),
  ),
})

export const SaleListQuerySchema = Type.Object(
  {
    from: Type.Optional(DateTime({ description: 'inclusive' })),
    to: Type.Optional(DateTime({ description: 'exclusive' })),
    productId: Type.Optional(Uuid()),
    limit: Type.Optional(PageLimit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)
export type SaleListQuery = Static<typeof SaleListQuerySchema>

export const SalePageSchema = Type.Object(
  { items: Type.Array(SaleSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
)
