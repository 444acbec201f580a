/**
 * Cookie and CSRF names shared by the issuer (auth service), the verifier
 * (this plugin) and the page. With Secure cookies (the default) the names
 * carry the `__Host-` / `__Secure-` prefixes the contract fixes; a browser
 * refuses prefixed cookies without Secure, so plain-HTTP development drops
 * the prefixes along with the attribute.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

export interface CookieNames {
  /** Access JWT: HttpOnly; Secure; SameSite=Lax; Path=/ */
  access: string
  /** Opaque refresh token: HttpOnly; Secure; SameSite=Strict; Path=/auth */
  refresh: string
  /** CSRF token, readable by the page: Secure; SameSite=Strict; Path=/ */
  csrf: string
}

export function cookieNames(secure: boolean): CookieNames {
  return secure
    ? { access: '__Host-pd_at', refresh: '__Secure-pd_rt', csrf: '__Host-pd_csrf' }
    : { access: 'pd_at', refresh: 'pd_rt', csrf: 'pd_csrf' }
}

export const CSRF_HEADER = 'x-csrf-token'

/** Methods that change state and so need the CSRF header when authenticated by cookie. */
export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * The access token binds its session's CSRF token by carrying this hash in
 * its `csrf` claim, so a resource service can check the binding without any
 * shared secret or database: header == cookie (double submit) and
 * sha256(header) == claim (bound to the session that minted the token).
 */
export function csrfTokenHash(csrfToken: string): string {
  return createHash('sha256').update(csrfToken).digest('base64url')
}

/** Constant-time string equality (lengths may leak, contents do not). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
