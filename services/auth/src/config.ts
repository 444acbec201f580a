/**
 * The auth service's configuration: the common variables every ProdDash
 * service reads plus the issuer, token, session, password-hashing and
 * throttling knobs. `loadAuthConfig(env)` is pure (tests pass a literal env);
 * server.ts calls it once and passes the result down.
 */
import { ConfigError, base64Key32, commonSpecs, loadConfig, num, str, url } from '@proddash/config'
import { makeValidator, EnvError } from 'envalid'
import { DEFAULT_MAX_CONCURRENT_HASHES } from './lib/passwords.js'

/** A duration such as `900`, `45s`, `15m`, `12h` or `7d`, returned in seconds. */
export const duration = makeValidator<number>((input) => {
  const match = /^\s*(\d+)\s*(s|m|h|d)?\s*$/.exec(input)
  if (!match) throw new EnvError('must be a duration like 900, 45s, 15m, 12h or 7d')
  const factor = { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd']
  const seconds = Number(match[1]) * factor
  if (seconds <= 0) throw new EnvError('must be longer than zero')
  return seconds
})

/** A positive integer (envalid's num accepts fractions and negatives). */
export const positiveInt = makeValidator<number>((input) => {
  if (!/^\s*\d+\s*$/.test(input) || Number(input) < 1) throw new EnvError('must be a positive integer')
  return Number(input)
})

/** OWASP's minimum for argon2id (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane. */
export const OWASP_ARGON2 = { memoryKiB: 19_456, timeCost: 2, parallelism: 1 } as const

export const authSpecs = {
  ...commonSpecs({ name: 'auth', defaultPort: 3001 }),
  AUTH_ISSUER: url({ devDefault: 'http://localhost:3001', desc: 'iss claim; the public URL of this service' }),
  AUTH_AUDIENCE: str({ devDefault: 'proddash-api', desc: 'aud claim the resource services expect' }),
  AUTH_KEY_ENCRYPTION_KEY: base64Key32({ desc: '32 bytes, base64: encrypts signing keys at rest and derives the CSRF key' }),
  AUTH_ALLOWED_ORIGINS: str({
    default: '',
    desc: 'comma-separated origins allowed to POST login/register; empty = the issuer origin (plus any localhost origin outside production)',
  }),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt({ default: 900, desc: 'access JWT lifetime' }),
  SESSION_IDLE_TTL: duration({ default: 7 * 86_400, desc: 'a session unused this long ends (e.g. 7d)' }),
  SESSION_ABSOLUTE_TTL: duration({ default: 30 * 86_400, desc: 'a session ends this long after sign-in, used or not (e.g. 30d)' }),
  REFRESH_REUSE_GRACE_SECONDS: num({ default: 10, desc: 'a rotated refresh token presented again within this window gets the same successor' }),
  SIGNING_KEY_REFRESH_SECONDS: positiveInt({ default: 30, desc: 'how often an instance re-reads the signing keys (another may have rotated)' }),
  ARGON2_MEMORY_KIB: positiveInt({ default: OWASP_ARGON2.memoryKiB, desc: 'argon2id memory cost in KiB' }),
  ARGON2_TIME_COST: positiveInt({ default: OWASP_ARGON2.timeCost, desc: 'argon2id passes' }),
  ARGON2_PARALLELISM: positiveInt({ default: OWASP_ARGON2.parallelism, desc: 'argon2id lanes' }),
  ARGON2_MAX_CONCURRENT: positiveInt({
    default: DEFAULT_MAX_CONCURRENT_HASHES,
    desc: 'password hashes computed at once (default: cores - 1, so the event loop keeps a core); more wait their turn',
  }),
  LOGIN_FAILURE_WINDOW: duration({ default: 15 * 60, desc: 'window in which failed logins are counted' }),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt({ default: 5, desc: 'failed logins per identifier and window before 429' }),
  LOGIN_MAX_FAILURES_PER_IP: positiveInt({ default: 20, desc: 'failed logins per client IP and window before 429' }),
  LOGIN_MAX_ATTEMPTS_PER_IP_PER_MINUTE: positiveInt({ default: 60, desc: 'all login attempts per IP per minute (hashing is costly)' }),
  REGISTER_MAX_PER_IP: positiveInt({ default: 10, desc: 'registrations per client IP and window' }),
  REGISTER_WINDOW: duration({ default: 3600, desc: 'window for REGISTER_MAX_PER_IP' }),
  MAX_EVENT_LOOP_DELAY_MS: num({ default: 1000, desc: 'shed load (503 + Retry-After) when the event loop lags more than this; 0 disables' }),
}

export type AuthConfig = ReturnType<typeof loadConfig<typeof authSpecs>> & {
  /** Origins whose browsers may POST to login/register (derived from AUTH_ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[]
  /** Outside production, any http(s)://localhost|127.0.0.1|[::1]:port origin is allowed too. */
  allowLocalhostOrigins: boolean
}

export function loadAuthConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const config = loadConfig(authSpecs, env)
  const problems: Record<string, string> = {}
  if (config.NODE_ENV === 'production') {
    // Weaker than OWASP's floor is only for tests on a shared CI box.
    if (config.ARGON2_MEMORY_KIB < OWASP_ARGON2.memoryKiB) problems.ARGON2_MEMORY_KIB = `must be at least ${OWASP_ARGON2.memoryKiB} in production`
    if (config.ARGON2_TIME_COST < OWASP_ARGON2.timeCost) problems.ARGON2_TIME_COST = `must be at least ${OWASP_ARGON2.timeCost} in production`
  }
  if (config.SESSION_IDLE_TTL > config.SESSION_ABSOLUTE_TTL) problems.SESSION_IDLE_TTL = 'must not be longer than SESSION_ABSOLUTE_TTL'
  if (config.REFRESH_REUSE_GRACE_SECONDS < 0 || config.REFRESH_REUSE_GRACE_SECONDS > 120) {
    problems.REFRESH_REUSE_GRACE_SECONDS = 'must be between 0 and 120 seconds (it is a concurrency allowance, not a lifetime)'
  }
  const origins: string[] = []
  for (const item of config.AUTH_ALLOWED_ORIGINS.split(',').map((part) => part.trim()).filter(Boolean)) {
    try {
      const parsed = new URL(item)
      if (parsed.origin === 'null' || parsed.pathname !== '/') throw new Error('not an origin')
      origins.push(parsed.origin)
    } catch {
      problems.AUTH_ALLOWED_ORIGINS = `"${item}" is not an origin like https://shop.example`
    }
  }
  if (Object.keys(problems).length > 0) throw new ConfigError(problems)
  if (origins.length === 0) origins.push(new URL(config.AUTH_ISSUER).origin)
  return Object.freeze({
    ...config,
    allowedOrigins: Object.freeze(origins),
    allowLocalhostOrigins: config.NODE_ENV !== 'production',
  }) as AuthConfig
}
