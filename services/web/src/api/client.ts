// The one place the SPA talks HTTP. Sessions live in HttpOnly cookies that JS
// never sees; the only readable secret is the CSRF cookie, read at request
// time and echoed as X-CSRF-Token on unsafe methods. A 401 triggers a single
// refresh shared by every open tab (Web Locks + BroadcastChannel), then one
// retry of the original request; a failed refresh ends the session everywhere.
import { ApiError, problemFromResponse } from './errors.js'

export { ApiError } from './errors.js'

const CSRF_COOKIES = ['__Host-pd_csrf', 'pd_csrf']
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const REFRESH_LOCK = 'proddash-refresh'
const CHANNEL = 'proddash-auth'
// A timestamp, not a token: it only tells a tab that another one refreshed.
const LAST_REFRESH_KEY = 'proddash:last-refresh'
// Paths whose 401 means "wrong credentials", never "access token expired".
// (/auth/logout is authenticated by the refresh cookie; /auth/logout-all by the access token, so it may refresh.)
const NO_REFRESH = new Set(['/auth/login', '/auth/register', '/auth/refresh', '/auth/logout'])

export function readCsrfToken(): string | undefined {
  if (typeof document === 'undefined') return undefined
  const pairs = document.cookie ? document.cookie.split('; ') : []
  for (const name of CSRF_COOKIES) {
    for (const pair of pairs) {
      const eq = pair.indexOf('=')
      if (eq > 0 && pair.slice(0, eq) === name) {
        const value = pair.slice(eq + 1)
        try {
          return decodeURIComponent(value)
        } catch {
          return value
        }
      }
    }
  }
  return undefined
}

type AuthMessage = { type: 'refreshed'; at: number } | { type: 'signed-out' } | { type: 'signed-in' }
type SessionListener = (event: 'signed-out' | 'signed-in') => void

const channel: BroadcastChannel | null = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null
const listeners = new Set<SessionListener>()
let lastRefreshSeen = 0

channel?.addEventListener('message', (event: MessageEvent<AuthMessage>) => {
  const message = event.data
  if (message.type === 'refreshed') lastRefreshSeen = Math.max(lastRefreshSeen, message.at)
  else for (const listener of listeners) listener(message.type)
})

/** Subscribe to the session ending (refresh failed, sign-out in another tab) or starting elsewhere. */
export function onSessionChange(listener: SessionListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function emit(event: 'signed-out' | 'signed-in', broadcast: boolean): void {
  for (const listener of listeners) listener(event)
  if (broadcast) channel?.postMessage({ type: event } satisfies AuthMessage)
}

/** Called by the auth API after sign-in / sign-out so other tabs follow. */
export function announceSession(event: 'signed-out' | 'signed-in'): void {
  if (event === 'signed-in') markRefreshed()
  channel?.postMessage({ type: event } satisfies AuthMessage)
  if (event === 'signed-out') for (const listener of listeners) listener(event)
}

function lastRefreshAt(): number {
  let stored = 0
  try {
    stored = Number(localStorage.getItem(LAST_REFRESH_KEY)) || 0
  } catch {
    // Storage can be disabled; the BroadcastChannel value still helps.
  }
  return Math.max(stored, lastRefreshSeen)
}

function markRefreshed(): void {
  const at = Date.now()
  lastRefreshSeen = at
  try {
    localStorage.setItem(LAST_REFRESH_KEY, String(at))
  } catch {
    // See lastRefreshAt.
  }
  channel?.postMessage({ type: 'refreshed', at } satisfies AuthMessage)
}

let refreshInTab: Promise<boolean> | null = null

/**
 * Makes sure the cookies hold a fresh access token. `since` is when the failed
 * request started: a refresh done by any tab after that already fixed it.
 */
export function refreshSession(since: number): Promise<boolean> {
  // Requests failing together in this tab share one refresh.
  if (refreshInTab) return refreshInTab
  const run = async (): Promise<boolean> => {
    if (lastRefreshAt() > since) return true
    let response: Response
    try {
      response = await fetch('/auth/refresh', {
        method: 'POST',
        credentials: 'same-origin',
        headers: csrfHeaders({ accept: 'application/json' }),
      })
    } catch {
      // Offline is not signed out: let the caller report a network error.
      throw new ApiError({ status: 0, code: 'network_error', detail: 'Cannot reach the server.' })
    }
    if (response.ok) {
      markRefreshed()
      return true
    }
    // Only a refused refresh ends the session; a 5xx/503/429 is an outage the
    // caller reports, and the user stays signed in for when it passes.
    if (response.status === 401 || response.status === 403) return false
    throw await problemFromResponse(response)
  }
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  // Web Locks resolve with the callback's (awaited) result; the lib typing nests the promise.
  const job = (locks ? (locks.request(REFRESH_LOCK, run) as unknown as Promise<boolean>) : run()).finally(() => {
    refreshInTab = null
  })
  refreshInTab = job
  return job
}

function csrfHeaders(base: Record<string, string>): Record<string, string> {
  const token = readCsrfToken()
  return token ? { ...base, 'x-csrf-token': token } : base
}

export type Query = Record<string, string | number | boolean | undefined | null>

export interface RequestOptions {
  method?: string
  query?: Query
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

export interface ApiResponse<T> {
  data: T
  status: number
  headers: Headers
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = (options.method ?? 'GET').toUpperCase()
  let headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  // Read the cookie now, not once at start-up: refresh rotates it.
  if (UNSAFE.has(method)) headers = csrfHeaders(headers)
  try {
    return await fetch(withQuery(path, options.query), {
      method,
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError({ status: 0, code: 'network_error', detail: 'Cannot reach the server.' })
  }
}

/** Sends a request; refreshes the session once on 401; throws ApiError on failure. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const startedAt = Date.now()
  let response = await send(path, options)
  if (response.status === 401 && !NO_REFRESH.has(path.split('?')[0] ?? path)) {
    const refreshed = await refreshSession(startedAt)
    if (!refreshed) {
      emit('signed-out', true)
      throw await problemFromResponse(response)
    }
    // Still 401 with fresh cookies: this endpoint refuses for its own reason
    // (e.g. a wrong current password); the next call will find out if the
    // session itself is gone.
    response = await send(path, options)
  }
  if (!response.ok) throw await problemFromResponse(response)
  let data: unknown = undefined
  if (response.status !== 204) {
    const type = response.headers.get('content-type') ?? ''
    if (type.includes('json')) data = await response.json()
  }
  return { data: data as T, status: response.status, headers: response.headers }
}

/** Shorthand returning only the body. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, options)).data
}

/** A fresh idempotency key; crypto.randomUUID needs a secure context, so fall back to getRandomValues. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
