/**
 * RFC 9457 problem details. Every error a ProdDash service answers has this
 * shape: `{type, title, status, detail, code, errors?}` as
 * `application/problem+json`. `code` is the stable, snake_case name clients
 * branch on (`insufficient_stock`, `validation_failed`, …).
 */
import { STATUS_CODES } from 'node:http'

export interface FieldError {
  /** JSON pointer-ish path of the offending input, e.g. `/body/email`. */
  field: string
  message: string
}

export interface ProblemDetails {
  type: string
  title: string
  status: number
  detail: string
  code: string
  errors?: FieldError[]
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

export function problemType(code: string): string {
  return `urn:proddash:problem:${code}`
}

export function makeProblem(status: number, code: string, detail: string, errors?: FieldError[]): ProblemDetails {
  return {
    type: problemType(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors ? { errors } : {}),
  }
}

/**
 * `PD_API_INSUFFICIENT_STOCK` → `insufficient_stock`. Coded errors keep the
 * package prefix (as @fastify/error codes do); the public code drops it.
 */
export function publicCode(errorCode: string | undefined, status: number): string {
  if (errorCode && /^PD_[A-Z]+_[A-Z0-9_]+$/.test(errorCode)) {
    return errorCode.replace(/^PD_[A-Z]+_/, '').toLowerCase()
  }
  return defaultCodeForStatus(status)
}

export function defaultCodeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request'
    case 401:
      return 'unauthorized'
    case 403:
      return 'forbidden'
    case 404:
      return 'not_found'
    case 405:
      return 'method_not_allowed'
    case 406:
      return 'not_acceptable'
    case 408:
      return 'request_timeout'
    case 409:
      return 'conflict'
    case 411:
      return 'length_required'
    case 412:
      return 'precondition_failed'
    case 413:
      return 'payload_too_large'
    case 414:
      return 'uri_too_long'
    case 415:
      return 'unsupported_media_type'
    case 422:
      return 'unprocessable_content'
    case 428:
      return 'precondition_required'
    case 429:
      return 'too_many_requests'
    case 431:
      return 'request_header_fields_too_large'
    case 503:
      return 'service_unavailable'
    default:
      return status >= 500 ? 'internal_error' : 'bad_request'
  }
}
