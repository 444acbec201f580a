/** /api/products: the catalogue (list, create, read, patch with If-Match, archive, barcode lookup). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { etagMatches, productEtag } from '../lib/etag.js'
import type { ProductsRepository } from '../repositories/products-repository.js'
import { productRepresentation } from '../representations.js'
import { IdParamsSchema, NoContentSchema, problemResponses } from '../schemas/common.js'
import {
  BarcodeParamsSchema,
  IfMatchHeadersSchema,
  IfNoneMatchHeadersSchema,
  ProductCreateSchema,
  ProductListQuerySchema,
  ProductPageSchema,
  ProductPatchSchema,
  ProductSchema,
} from '../schemas/product.js'

const ETAG_HEADER = { etag: { type: 'string', description: 'weak ETag of the product version; send it back in If-Match' } }

export const productRoutes: FastifyPluginAsyncTypebox<{ products: ProductsRepository }> = async (app, options) => {
  const { products } = options

  app.get(
    '/products',
    {
      schema: {
        tags: ['products'],
        summary: 'List products, newest first (active ones unless archived=true)',
        querystring: ProductListQuerySchema,
        response: { 200: ProductPageSchema, ...problemResponses() },
      },
    },
    async (request) => {
      const { q, limit = 25, cursor, archived = false } = request.query
      const page = await products.list(request.dashboard.id, { q, limit, cursor, archived })
      return { items: page.rows.map(productRepresentation), nextCursor: page.nextCursor }
    },
  )

  app.post(
    '/products',
    {
      schema: {
        tags: ['products'],
        summary: 'Create a product',
        body: ProductCreateSchema,
        response: {
          201: { ...ProductSchema, headers: { location: { type: 'string' }, ...ETAG_HEADER } },
          ...problemResponses(403, 409, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const row = await products.create(request.dashboard.id, request.body)
      return reply.code(201).header('location', `/api/products/${row.id}`).header('etag', productEtag(row.version)).send(productRepresentation(row))
    },
  )

  app.get(
    '/products/by-barcode/:barcode',
    {
      schema: {
        tags: ['products'],
        summary: 'Find a product by barcode (scanner lookup; archived ones too, flagged)',
        params: BarcodeParamsSchema,
        response: { 200: { ...ProductSchema, headers: ETAG_HEADER }, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const row = await products.getByBarcode(request.dashboard.id, request.params.barcode)
      return reply.header('etag', productEtag(row.version)).send(productRepresentation(row))
    },
  )

  app.get(
    '/products/:id',
    {
      schema: {
        tags: ['products'],
        summary: 'Read a product (ETag; If-None-Match → 304)',
        params: IdParamsSchema,
        headers: IfNoneMatchHeadersSchema,
        response: {
          200: { ...ProductSchema, headers: ETAG_HEADER },
          304: { ...NoContentSchema, description: 'not modified since the ETag in If-None-Match' },
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const row = await products.get(request.dashboard.id, request.params.id)
      reply.header('etag', productEtag(row.version))
      const ifNoneMatch = request.headers['if-none-match']
      if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, row.version)) return reply.code(304).send(null)
      return reply.send(productRepresentation(row))
    },
  )

  app.patch(
    '/products/:id',
    {
      schema: {
        tags: ['products'],
        summary: 'Change a product; with If-Match only if unchanged since that ETag (else 412)',
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: ProductPatchSchema,
        response: { 200: { ...ProductSchema, headers: ETAG_HEADER }, ...problemResponses(403, 404, 409, 412, 413, 415) },
      },
    },
    async (request, reply) => {
      const ifMatch = request.headers['if-match']
      const precondition = ifMatch === undefined ? undefined : (version: number) => etagMatches(ifMatch, version)
      const row = await products.update(request.dashboard.id, request.params.id, request.body, precondition)
      return reply.header('etag', productEtag(row.version)).send(productRepresentation(row))
    },
  )

  app.delete(
    '/products/:id',
    {
      schema: {
        tags: ['products'],
        summary: 'Archive a product (sales keep it; PATCH {archived:false} restores it)',
        params: IdParamsSchema,
        response: { 204: NoContentSchema, ...problemResponses(403, 404) },
      },
    },
    async (request, reply) => {
      await products.archive(request.dashboard.id, request.params.id)
      return reply.code(204).send(null)
    },
  )
}
