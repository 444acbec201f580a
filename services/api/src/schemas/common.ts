/**
 * TypeBox building blocks shared by every route: problem details, ids,
 * timestamps, money and pagination limits. The bounds here are the input
 * contract of the api (see README).
 */
import { Type, type TSchema } from 'typebox'

export const FieldErrorSchema = Type.Object(
  { field: Type.String(), message: Type.String() },
  { additionalProperties: false },
)

/** RFC 9457 problem details, as @proddash/http's handler sends them. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'stable snake_case error code clients branch on' }),
    errors: Type.Optional(Type.Array(FieldErrorSchema)),
  },
  { additionalProperties: false, description: 'application/problem+json' },
)

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input (validation_failed with errors per field, invalid_cursor, invalid_range, range_too_large)',
  401: 'missing, invalid or expired access token',
  403: 'cookie-authenticated unsafe request without a valid X-CSRF-Token',
  404: 'no such resource on your dashboard',
  409: 'conflict with the current state',
  412: 'If-Match does not match the current ETag',
  413: 'body too large',
  415: 'unsupported content type',
  422: 'Idempotency-Key reused with a different request',
  500: 'a bug (details logged, never sent)',
  503: 'database unreachable; retry after Retry-After seconds',
}

/** Problem responses a route can give, declared so the OpenAPI document lists every status. */
export function problemResponses(...statuses: number[]): Record<number, { description: string; content: Record<string, { schema: TSchema }> }> {
  const all = [...new Set([400, 401, 500, 503, ...statuses])].sort((a, b) => a - b)
  return Object.fromEntries(
    all.map((status) => [
      status,
      // Keyed by media type: Fastify serialises problems with this schema, and the OpenAPI document says problem+json.
      { description: PROBLEM_DESCRIPTIONS[status] ?? 'error', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ]),
  )
}

export const Uuid = (options: { description?: string } = {}) => Type.String({ format: 'uuid', maxLength: 36, ...options })

export const IdParamsSchema = Type.Object({ id: Uuid() }, { additionalProperties: false })

/** RFC 3339 date-time with an explicit offset (`2026-03-01T12:00:00Z`). */
export const DateTime = (options: { description?: string } = {}) => Type.String({ format: 'date-time', maxLength: 40, ...options })

export const MAX_CENTS = 100_000_000_000
export const Cents = (options: { description?: string; minimum?: number } = {}) =>
  Type.Integer({ minimum: 0, maximum: MAX_CENTS, ...options })

export const PageLimit = Type.Integer({ minimum: 1, maximum: 100, default: 25, description: 'page size, 1..100' })
export const Cursor = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'opaque; the nextCursor of the previous page',
})

/**
 * Text PostgreSQL can store and a screen can show: a name has a visible
 * character and no control characters; free text may have line breaks but
 * never NUL (which `text` cannot hold and would otherwise be a 500).
 */
export const SINGLE_LINE_TEXT = '^[^\\u0000-\\u001F\\u007F]*[^\\s\\u0000-\\u001F\\u007F][^\\u0000-\\u001F\\u007F]*$'
export const FREE_TEXT = '^[^\\u0000]*$'

export const NoContentSchema = Type.Null({ description: 'no content' })
