/**
 * Which browser origins may POST credentials to login and register. A login
 * CSRF (an attacker's page signing the victim into the attacker's account) is
 * refused by checking Origin against an allow-list and refusing
 * `Sec-Fetch-Site: cross-site`; SameSite cookies do not help here because the
 * request carries no session yet.
 */
import type { FastifyRequest } from 'fastify'

const LOCALHOST_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

export function isAllowedOrigin(origin: string, allowed: readonly string[], allowLocalhost: boolean): boolean {
  if (allowed.includes(origin)) return true
  if (!allowLocalhost) return false
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOCALHOST_NAMES.has(url.hostname)
  } catch {
    return false
  }
}

/** True when the request comes from a page of another site. Requests without Origin (curl, server-to-server) pass. */
export function isCrossSiteRequest(request: FastifyRequest, allowed: readonly string[], allowLocalhost: boolean): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true
  const origin = request.headers.origin
  if (origin === undefined) return false
  return !isAllowedOrigin(origin, allowed, allowLocalhost)
}
