// Typed view of RFC 9457 problem+json answers (and of failures that never got
// an answer), so pages can show a precise message without string sniffing.

export interface FieldError {
  field: string
  message: string
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly title: string
  readonly detail: string
  readonly errors: FieldError[]
  /** Seconds from Retry-After on 429/503, when the server sent one. */
  readonly retryAfter: number | undefined

  constructor(init: {
    status: number
    code: string
    title?: string
    detail?: string
    errors?: FieldError[]
    retryAfter?: number
  }) {
    super(init.detail || init.title || init.code)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.title = init.title ?? ''
    this.detail = init.detail ?? ''
    this.errors = init.errors ?? []
    this.retryAfter = init.retryAfter
  }

  /**
   * Per-field sentences keyed by field name ("/body/password", "/password" and
   * "password" all become "password"). The server's messages are fragments
   * ("is too common: …"), so the field's name is put in front; several
   * reasons for one field are joined.
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.errors) {
      const key = e.field.replace(/^[/.]+/, '').replace(/^(body|querystring|query|params|headers)[/.]/, '').replace(/\//g, '.')
      const sentence = /^[a-z]/.test(e.message) ? `${humanize(key)} ${e.message}` : e.message
      out[key] = key in out ? `${out[key]}; ${e.message}` : sentence
    }
    return out
  }
}

/** "newPassword" → "New password", "" → "This value". */
export function humanize(field: string): string {
  const last = field.split('.').pop() ?? ''
  if (!last) return 'This value'
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

function parseFieldErrors(raw: unknown): FieldError[] {
  if (!Array.isArray(raw)) return []
  const out: FieldError[] = []
  for (const item of raw) {
    if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>
      const field = asString(o.field) ?? asString(o.path) ?? asString(o.instancePath) ?? asString(o.pointer) ?? ''
      const message = asString(o.message) ?? asString(o.detail) ?? 'is invalid'
      out.push({ field, message })
    } else if (typeof item === 'string') {
      out.push({ field: '', message: item })
    }
  }
  return out
}

export function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
  const date = Date.parse(header)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

/** Builds an ApiError from a non-2xx response, whatever its body looks like. */
export async function problemFromResponse(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {}
  try {
    const type = response.headers.get('content-type') ?? ''
    if (type.includes('json')) {
      const parsed: unknown = await response.json()
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>
    }
  } catch {
    // A broken body still leaves us the status code to explain the failure.
  }
  return new ApiError({
    status: response.status,
    code: asString(body.code) ?? defaultCode(response.status),
    title: asString(body.title) ?? response.statusText,
    detail: asString(body.detail) ?? asString(body.message) ?? '',
    errors: parseFieldErrors(body.errors),
    retryAfter: parseRetryAfter(response.headers.get('retry-after')),
  })
}

function defaultCode(status: number): string {
  switch (status) {
    case 400: return 'bad_request'
    case 401: return 'unauthorized'
    case 403: return 'forbidden'
    case 404: return 'not_found'
    case 409: return 'conflict'
    case 412: return 'precondition_failed'
    case 429: return 'too_many_requests'
    case 503: return 'service_unavailable'
    default: return status >= 500 ? 'server_error' : 'http_error'
  }
}

/** "45 seconds", "15 minutes": Retry-After can be long after repeated failures. */
export function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 90) return `${minutes} minutes`
  const hours = Math.ceil(minutes / 60)
  return `${hours} hours`
}

/** A sentence for people, for any error a call can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return 'Cannot reach the server. Check your connection and try again.'
    if (error.status === 429) {
      return error.retryAfter !== undefined
        ? `Too many attempts. Try again in ${formatWait(error.retryAfter)}.`
        : 'Too many attempts. Please wait a moment and try again.'
    }
    if (error.status === 503) return 'The service is temporarily unavailable. Please try again shortly.'
    if (error.status >= 500) return 'Something went wrong on our side. Please try again.'
    if (error.status === 403) return error.detail || 'This action was refused. Reload the page and try again.'
    if (error.status === 404) return error.detail || 'Not found. It may have been removed.'
    return error.detail || error.title || 'The request failed.'
  }
  if (error instanceof Error) return error.message
  return 'Something went wrong.'
}
