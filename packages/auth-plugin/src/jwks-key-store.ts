/**
 * The public keys a resource service trusts, fetched from one pinned JWKS
 * source and kept in memory.
 *
 * - A token's `kid` is only ever a lookup key into this map: no URL, path or
 *   key material from a token header is followed or used.
 * - An unknown kid triggers a re-fetch (the auth service may have rotated),
 *   but never more often than `minRefetchIntervalMs`, so a flood of tokens
 *   with made-up kids costs at most one request per interval.
 * - When the source is down, the keys already known keep working; tokens
 *   signed by unknown keys are refused (401), never a 500.
 */
import { createPublicKey } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { JsonWebKeySet } from './types.js'

export type JwksSource = () => Promise<JsonWebKeySet>

export interface JwksKeyStoreOptions {
  source: JwksSource
  /** Floor between two fetches, whatever triggers them. */
  minRefetchIntervalMs: number
  /** Age after which the set is refreshed in the background. */
  maxAgeMs: number
  log?: FastifyBaseLogger
}

const ED25519_X = /^[A-Za-z0-9_-]{43}$/
const MAX_KID_LENGTH = 128

export class JwksKeyStore {
  private keys = new Map<string, string>()
  private fetchedAt = 0
  private lastAttemptAt = Number.NEGATIVE_INFINITY
  private inFlight: Promise<void> | undefined

  constructor(private readonly options: JwksKeyStoreOptions) {}

  /** PEM of the public key with this kid, or undefined when no trusted key has it. */
  async publicKeyPem(kid: unknown): Promise<string | undefined> {
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) return undefined
    const known = this.keys.get(kid)
    if (known) {
      if (Date.now() - this.fetchedAt > this.options.maxAgeMs) void this.refresh()
      return known
    }
    await this.refresh()
    return this.keys.get(kid)
  }

  /** Fetches the set unless one was fetched (or tried) too recently; concurrent callers share one fetch. */
  refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight
    if (Date.now() - this.lastAttemptAt < this.options.minRefetchIntervalMs) return Promise.resolve()
    this.lastAttemptAt = Date.now()
    this.inFlight = this.options
      .source()
      .then((set) => {
        this.keys = parseKeySet(set)
        this.fetchedAt = Date.now()
      })
      .catch((error: unknown) => {
        // Keep serving the keys we have: the auth service being down must not log everybody out.
        this.options.log?.warn({ err: error }, 'JWKS fetch failed; keeping %d cached keys', this.keys.size)
      })
      .finally(() => {
        this.inFlight = undefined
      })
    return this.inFlight
  }

  get size(): number {
    return this.keys.size
  }
}

/** Keeps only well-formed Ed25519 signing keys; anything else in the set is ignored. */
function parseKeySet(set: JsonWebKeySet): Map<string, string> {
  if (!set || !Array.isArray(set.keys)) throw new Error('JWKS has no keys array')
  const keys = new Map<string, string>()
  for (const jwk of set.keys) {
    if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || !ED25519_X.test(jwk.x)) continue
    if (typeof jwk.kid !== 'string' || jwk.kid.length === 0 || jwk.kid.length > MAX_KID_LENGTH) continue
    if ((jwk.use !== undefined && jwk.use !== 'sig') || (jwk.alg !== undefined && jwk.alg !== 'EdDSA')) continue
    const pem = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString()
    keys.set(jwk.kid, pem)
  }
  return keys
}

/** A JWKS source over HTTP: bounded in time and size, no redirects followed. */
export function remoteJwks(url: string, options: { timeoutMs?: number; maxBytes?: number } = {}): JwksSource {
  const maxBytes = options.maxBytes ?? 64 * 1024
  return async () => {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      redirect: 'error',
      headers: { accept: 'application/json' },
    })
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`)
    const body = await response.text()
    if (body.length > maxBytes) throw new Error('JWKS response too large')
    return JSON.parse(body) as JsonWebKeySet
  }
}
