/**
 * Counts failed login attempts per key (client IP, or normalised account
 * identifier) in fixed windows, in memory.
 *
 * Why not @fastify/rate-limit for this: it counts every request, before the
 * handler runs, and keys on the request alone. Login throttling must count
 * only *failures* (a user who signs in correctly ten times is not an
 * attacker), key on the account named in the body, and forget an account's
 * failures when it signs in. (@fastify/rate-limit is still used for what it
 * fits: registrations and the raw login request rate per IP.)
 *
 * Backing off: once a key is blocked, each further block (unless the key
 * stayed quiet for twice the longest window) doubles the window (capped at `maxWindowSeconds`), so a
 * patient attacker gets slower and slower; but every block ends — nothing is
 * ever locked for good, which would let anyone lock a victim out.
 *
 * In memory means per instance: with N instances an attacker gets N times the
 * budget. That is acceptable at ProdDash's scale (and argon2 bounds the rate
 * anyway); a shared store would be the next step.
 */
export interface FailureLimiterOptions {
  maxFailures: number
  windowSeconds: number
  maxWindowSeconds?: number
  /** Entries kept at most; the oldest are dropped first (bounds memory under a spray of keys). */
  maxKeys?: number
  now?: () => number
}

interface Entry {
  failures: number
  windowStart: number
  lastFailure: number
  blockedUntil: number
  /** Consecutive blocks, for the backoff. */
  strikes: number
}

export class FailureLimiter {
  private readonly entries = new Map<string, Entry>()
  private readonly now: () => number
  private readonly baseWindowMs: number
  private readonly maxWindowMs: number
  private readonly maxKeys: number

  constructor(private readonly options: FailureLimiterOptions) {
    this.now = options.now ?? Date.now
    this.baseWindowMs = options.windowSeconds * 1000
    this.maxWindowMs = (options.maxWindowSeconds ?? options.windowSeconds * 8) * 1000
    this.maxKeys = options.maxKeys ?? 100_000
  }

  /** Seconds until the key may try again, or 0 when it may now. */
  retryAfterSeconds(key: string): number {
    const entry = this.entries.get(key)
    if (!entry) return 0
    const wait = entry.blockedUntil - this.now()
    return wait > 0 ? Math.ceil(wait / 1000) : 0
  }

  recordFailure(key: string): void {
    const now = this.now()
    let entry = this.entries.get(key)
    // Quiet for twice the longest window: forget the history, backoff included.
    if (entry && now - entry.lastFailure > 2 * this.maxWindowMs) entry = undefined
    entry ??= { failures: 0, windowStart: now, lastFailure: now, blockedUntil: 0, strikes: 0 }
    if (now - entry.windowStart >= this.baseWindowMs) {
      entry.failures = 0
      entry.windowStart = now
    }
    entry.failures++
    entry.lastFailure = now
    if (entry.failures >= this.options.maxFailures) {
      entry.blockedUntil = now + Math.min(this.baseWindowMs * 2 ** entry.strikes, this.maxWindowMs)
      entry.strikes++
      entry.failures = 0
      entry.windowStart = now
    }
    this.entries.delete(key) // re-insert: Map order is then least-recently-failed first
    this.entries.set(key, entry)
    if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!)
  }

  /** A successful sign-in clears the account's record. */
  reset(key: string): void {
    this.entries.delete(key)
  }
}
