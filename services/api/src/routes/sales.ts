/** /api/sales: record (idempotent with Idempotency-Key), list, read, void. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ValidationError } from '@proddash/http'
import { requestFingerprint, type SalesRepository } from '../repositories/sales-repository.js'
import { saleRepresentation } from '../representations.js'
import { IdParamsSchema, NoContentSchema, problemResponses } from '../schemas/common.js'
import { IdempotencyHeadersSchema, SaleCreateSchema, SaleListQuerySchema, SalePageSchema, SaleSchema } from '../schemas/sale.js'
import { parseInstant, parseRange } from './ranges.js'

/** A sale may be entered late, but not dated in the future (beyond clock skew). */
const MAX_FUTURE_MS = 5 * 60_000

export const saleRoutes: FastifyPluginAsyncTypebox<{ sales: SalesRepository }> = async (app, options) => {
  const { sales } = options

  app.post(
    '/sales',
    {
      schema: {
        tags: ['sales'],
        summary: 'Record a sale: stock falls atomically, price and cost are snapshotted',
        headers: IdempotencyHeadersSchema,
        body: SaleCreateSchema,
        response: {
          201: {
            ...SaleSchema,
            headers: {
              location: { type: 'string' },
              'idempotent-replayed': { type: 'string', description: '"true" when this repeats the answer to an earlier request with the same Idempotency-Key' },
            },
          },
          ...problemResponses(403, 404, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const soldAt = request.body.soldAt === undefined ? undefined : parseInstant(request.body.soldAt, '/body/soldAt')
      if (soldAt && soldAt.getTime() > Date.now() + MAX_FUTURE_MS) {
        throw Object.assign(new ValidationError('A sale cannot be dated in the future.'), {
          errors: [{ field: '/body/soldAt', message: 'must not be in the future' }],
        })
      }
      const key = request.headers['idempotency-key']
      const idempotency = key === undefined ? undefined : { key, fingerprint: requestFingerprint('POST /api/sales', request.body) }
      const result = await sales.record(request.dashboard.id, { ...request.body, soldAt }, idempotency)
      reply.code(result.status).header('location', `/api/sales/${result.body.id}`)
      if (result.replayed) reply.header('idempotent-replayed', 'true')
      return reply.send(result.body)
    },
  )

  app.get(
    '/sales',
    {
      schema: {
        tags: ['sales'],
        summary: 'List sales, newest first (voided ones included, with voidedAt)',
        querystring: SaleListQuerySchema,
        response: { 200: SalePageSchema, ...problemResponses() },
      },
    },
    async (request) => {
      const { productId, limit = 25, cursor } = request.query
      const { from, to } = parseRange(request.query.from, request.query.to, { defaultDays: null })
      const page = await sales.list(request.dashboard.id, { from, to, productId, limit, cursor })
      return { items: page.rows.map(saleRepresentation), nextCursor: page.nextCursor }
    },
  )

  app.get(
    '/sales/:id',
    {
      schema: {
        tags: ['sales'],
        summary: 'Read a sale',
        params: IdParamsSchema,
        response: { 200: SaleSchema, ...problemResponses(404) },
      },
    },
    async (request) => saleRepresentation(await sales.get(request.dashboard.id, request.params.id)),
  )

  app.delete(
    '/sales/:id',
    {
      schema: {
        tags: ['sales'],
        summary: 'Void a sale and restock its quantity, atomically (voiding again is a no-op 204)',
        params: IdParamsSchema,
        response: { 204: NoContentSchema, ...problemResponses(403, 404) },
      },
    },
    async (request, reply) => {
      await sales.void(request.dashboard.id, request.params.id)
      return reply.code(204).send(null)
    },
  )
}
