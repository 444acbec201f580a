/**
 * The three session cookies, with exactly the attributes the contract fixes:
 *   access  (__Host-pd_at)   HttpOnly; Secure; SameSite=Lax;    Path=/      Max-Age = access TTL
 *   refresh (__Secure-pd_rt) HttpOnly; Secure; SameSite=Strict; Path=/auth  Max-Age = session's remaining absolute lifetime
 *   csrf    (__Host-pd_csrf)           Secure; SameSite=Strict; Path=/      Max-Age = as refresh (readable by the page)
 * Clearing sends the same name, Path and attributes with Max-Age=0, or the
 * browser would keep the original cookie.
 */
import type { CookieSerializeOptions } from '@fastify/cookie'
import type { FastifyReply } from 'fastify'
import type { CookieNames } from '@proddash/auth-plugin'

export interface SessionCookieValues {
  accessToken: string
  accessTtlSeconds: number
  refreshToken: string
  csrfToken: string
  sessionMaxAgeSeconds: number
}

export function cookieAttributes(secure: boolean) {
  const base = { secure, httpOnly: true } as const
  return {
    access: { ...base, sameSite: 'lax', path: '/' } satisfies CookieSerializeOptions,
    refresh: { ...base, sameSite: 'strict', path: '/auth' } satisfies CookieSerializeOptions,
    csrf: { secure, httpOnly: false, sameSite: 'strict', path: '/' } satisfies CookieSerializeOptions,
  }
}

export function setSessionCookies(reply: FastifyReply, names: CookieNames, secure: boolean, values: SessionCookieValues): void {
  const attributes = cookieAttributes(secure)
  const sessionMaxAge = Math.max(0, Math.floor(values.sessionMaxAgeSeconds))
  reply.setCookie(names.access, values.accessToken, { ...attributes.access, maxAge: values.accessTtlSeconds })
  reply.setCookie(names.refresh, values.refreshToken, { ...attributes.refresh, maxAge: sessionMaxAge })
  reply.setCookie(names.csrf, values.csrfToken, { ...attributes.csrf, maxAge: sessionMaxAge })
}

export function clearSessionCookies(reply: FastifyReply, names: CookieNames, secure: boolean): void {
  const attributes = cookieAttributes(secure)
  const expired = { maxAge: 0, expires: new Date(0) }
  reply.setCookie(names.access, '', { ...attributes.access, ...expired })
  reply.setCookie(names.refresh, '', { ...attributes.refresh, ...expired })
  reply.setCookie(names.csrf, '', { ...attributes.csrf, ...expired })
}
