/**
 * Every coded error the api service raises (`PD_API_…`). The shared problem
 * handler turns each into problem+json with the public code in snake_case
 * (PD_API_INSUFFICIENT_STOCK → `insufficient_stock`).
 */
import createError from '@fastify/error'

export const ProductNotFoundError = createError('PD_API_PRODUCT_NOT_FOUND', 'No such product.', 404)
export const SaleNotFoundError = createError('PD_API_SALE_NOT_FOUND', 'No such sale.', 404)
export const NameTakenError = createError('PD_API_NAME_TAKEN', 'A product named "%s" already exists on this dashboard (archived ones included).', 409)
export const BarcodeTakenError = createError('PD_API_BARCODE_TAKEN', 'Another product of this dashboard has barcode %s.', 409)
export const InsufficientStockError = createError('PD_API_INSUFFICIENT_STOCK', 'Only %d in stock, %d requested.', 409)
export const ProductArchivedError = createError('PD_API_PRODUCT_ARCHIVED', 'This product is archived and cannot be sold.', 409)
export const PreconditionFailedError = createError(
  'PD_API_PRECONDITION_FAILED',
  'The product changed since you read it (If-Match does not match its current ETag); read it again.',
  412,
)
export const IdempotencyKeyReusedError = createError(
  'PD_API_IDEMPOTENCY_KEY_REUSED',
  'This Idempotency-Key was already used with a different request.',
  422,
)
export const InvalidCursorError = createError('PD_API_INVALID_CURSOR', 'The cursor is not one this endpoint gave out.', 400)
export const InvalidRangeError = createError('PD_API_INVALID_RANGE', '%s', 400)
export const RangeTooLargeError = createError('PD_API_RANGE_TOO_LARGE', 'The range spans %d %s buckets; at most %d are allowed.', 400)
export const TooManyRequestsError = createError('PD_API_TOO_MANY_REQUESTS', 'Too many requests; try again in %d seconds.', 429)
