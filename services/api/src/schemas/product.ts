/** Products: the resource, its create/patch bodies, and the list query and page. */
import { Type, type Static } from 'typebox'
import { Cents, Cursor, DateTime, FREE_TEXT, PageLimit, SINGLE_LINE_TEXT, Uuid } from './common.js'

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: SINGLE_LINE_TEXT, description: 'unique per dashboard, case-insensitively' })
const Barcode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z-]+$', description: 'unique per dashboard' })
const ImageUrl = Type.String({ format: 'uri', maxLength: 2048, pattern: '^https://', description: 'https URL' })
const Stock = Type.Integer({ minimum: 0, maximum: 1_000_000_000 })

export const ProductSchema = Type.Object(
  {
    id: Uuid(),
    name: Type.String(),
    priceCents: Type.Integer(),
    costCents: Type.Integer(),
    stock: Type.Integer(),
    barcode: Type.Union([Type.String(), Type.Null()]),
    imageUrl: Type.Union([Type.String(), Type.Null()]),
    archived: Type.Boolean(),
    createdAt: DateTime(),
    updatedAt: DateTime(),
  },
  { additionalProperties: false },
)
export type Product = Static<typeof ProductSchema>

export const ProductCreateSchema = Type.Object(
  {
    name: Name,
    priceCents: Cents(),
    costCents: Type.Optional(Cents({ description: 'defaults to 0' })),
    stock: Type.Optional({ ...Stock, description: 'defaults to 0' }),
    barcode: Type.Optional(Type.Union([Barcode, Type.Null()])),
    imageUrl: Type.Optional(Type.Union([ImageUrl, Type.Null()])),
  },
  { additionalProperties: false },
)
export type ProductCreate = Static<typeof ProductCreateSchema>

export const ProductPatchSchema = Type.Object(
  {
    name: Type.Optional(Name),
    priceCents: Type.Optional(Cents()),
    costCents: Type.Optional(Cents()),
    stock: Type.Optional(Stock),
    barcode: Type.Optional(Type.Union([Barcode, Type.Null()])),
    imageUrl: Type.Optional(Type.Union([ImageUrl, Type.Null()])),
    archived: Type.Optional(Type.Boolean({ description: 'false restores an archived product' })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type ProductPatch = Static<typeof ProductPatchSchema>

export const ProductListQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: FREE_TEXT, description: 'case-insensitive substring of name or barcode' })),
    limit: Type.Optional(PageLimit),
    cursor: Type.Optional(Cursor),
    archived: Type.Optional(Type.Boolean({ default: false, description: 'true lists archived products instead of active ones' })),
  },
  { additionalProperties: false },
)
export type ProductListQuery = Static<typeof ProductListQuerySchema>

export const ProductPageSchema = Type.Object(
  { items: Type.Array(ProductSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
)

export const BarcodeParamsSchema = Type.Object({ barcode: Barcode }, { additionalProperties: false })

export const IfMatchHeadersSchema = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 200, description: 'ETag from GET; 412 when the product changed since' })),
})
export const IfNoneMatchHeadersSchema = Type.Object({
  'if-none-match': Type.Optional(Type.String({ maxLength: 200 })),
})
