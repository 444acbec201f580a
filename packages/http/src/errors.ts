/** Coded errors shared by every service (`PD_HTTP_…`). */
import createError from '@fastify/error'

export const NotFoundError = createError('PD_HTTP_NOT_FOUND', '%s', 404)
export const ValidationError = createError('PD_HTTP_VALIDATION_FAILED', '%s', 400)
export const ServiceUnavailableError = createError('PD_HTTP_SERVICE_UNAVAILABLE', '%s', 503)
