/**
 * The one error handler and not-found handler of a ProdDash service: turns
 * validation errors, coded errors, Fastify's own errors and database outages
 * into problem+json, and hides everything about a 5xx from the client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isDatabaseUnavailableError } from '@proddash/db'
import { makeProblem, publicCode, PROBLEM_CONTENT_TYPE, type FieldError, type ProblemDetails } from './problem.js'

/** Extra fields a coded error may carry into its problem (e.g. `errors`, headers). */
export interface ProblemExtras {
  errors?: FieldError[]
  headers?: Record<string, string>
}

/** Attach per-field reasons (shown as `errors`) to a coded error. */
export function withFieldErrors<E extends Error>(error: E, errors: FieldError[]): E & { errors: FieldError[] } {
  return Object.assign(error, { errors })
}

/** Attach response headers (e.g. Retry-After) to a coded error. */
export function withHeaders<E extends Error>(error: E, headers: Record<string, string>): E & { headers: Record<string, string> } {
  return Object.assign(error, { headers })
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetails, headers?: Record<string, string>): FastifyReply {
  if (headers) reply.headers(headers)
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem)
}

function validationProblem(error: FastifyError): ProblemDetails {
  const errors: FieldError[] = (error.validation ?? []).map((issue) => {
    const params = issue.params as Record<string, unknown>
    let field = `/${error.validationContext ?? 'body'}${issue.instancePath}`
    if (typeof params.missingProperty === 'string') field += `/${params.missingProperty}`
    if (typeof params.additionalProperty === 'string') {
      return { field: `${field}/${params.additionalProperty}`, message: 'is not allowed' }
    }
    return { field, message: issue.message ?? 'is invalid' }
  })
  return makeProblem(400, 'validation_failed', 'The request is not valid; see errors for each field.', errors)
}

function errorHandler(this: FastifyInstance, error: FastifyError & ProblemExtras, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation) {
    return sendProblem(reply, validationProblem(error))
  }
  if (isDatabaseUnavailableError(error)) {
    request.log.error({ err: error }, 'database unavailable')
    return sendProblem(reply, makeProblem(503, 'service_unavailable', 'The service is temporarily unavailable; try again shortly.'), {
      'retry-after': '5',
    })
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled error')
    return sendProblem(reply, makeProblem(status === 503 ? 503 : 500, status === 503 ? 'service_unavailable' : 'internal_error', 'Something went wrong on our side.'))
  }
  const code = publicCode(error.code, status)
  // Fastify's own 4xx messages (body too large, bad JSON, unsupported media
  // type…) are written for clients; our coded errors are too.
  return sendProblem(reply, makeProblem(status, code, error.message, error.errors), error.headers)
}

async function problemHandlers(app: FastifyInstance) {
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, makeProblem(404, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}.`)),
  )
}

export const problemHandlersPlugin = fp(problemHandlers, { name: 'proddash-problem-handlers', fastify: '5.x' })
