/**
 * envalid validators that ProdDash services share. Each one refuses a value it
 * cannot use with a message that tells the operator what to put instead.
 */
import { makeValidator, EnvError } from 'envalid'

/** A 32-byte key given as base64 (the AES-256-GCM key that protects signing keys at rest). */
export const base64Key32 = makeValidator<Buffer>((input) => {
  const bytes = Buffer.from(input, 'base64')
  if (bytes.length !== 32 || bytes.toString('base64') !== input.replace(/\s/g, '')) {
    throw new EnvError('must be exactly 32 bytes, base64-encoded (openssl rand -base64 32)')
  }
  // A key made of one repeated byte (all zeros, "AAAA…") is a placeholder, not a secret.
  if (new Set(bytes).size < 8) {
    throw new EnvError('is too weak: generate it with openssl rand -base64 32')
  }
  return bytes
})

export type TrustProxy = boolean | number | string

/**
 * Who may set X-Forwarded-For: "false" (nobody, the default), "true" (any
 * peer — only behind a proxy you control), a hop count, or a comma-separated
 * list of addresses/CIDRs, which is what a deployment behind Caddy should use.
 */
export const trustProxy = makeValidator<TrustProxy>((input) => {
  const value = input.trim()
  if (value === '' || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  const parts = value.split(',').map((part) => part.trim())
  if (parts.every((part) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(part) || part === 'loopback')) {
    return parts.join(',')
  }
  throw new EnvError('must be false, true, a hop count, or a comma-separated list of IPs/CIDRs')
})

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]
export const logLevel = makeValidator<LogLevel>((input) => {
  if ((LOG_LEVELS as readonly string[]).includes(input)) return input as LogLevel
  throw new EnvError(`must be one of ${LOG_LEVELS.join(', ')}`)
})

/** A postgres:// URL, or empty for the embedded database. */
export const databaseUrl = makeValidator<string | undefined>((input) => {
  if (input === '') return undefined
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new EnvError('must be a postgres:// URL, or unset for the embedded database')
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new EnvError('must be a postgres:// URL, or unset for the embedded database')
  }
  return input
})
