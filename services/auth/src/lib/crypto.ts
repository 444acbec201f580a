/**
 * The small cryptographic building blocks of the auth service, in one place so
 * each is written (and reviewed) once: random opaque tokens, their stored
 * hashes, AES-256-GCM sealing, and keys derived with HKDF from
 * AUTH_KEY_ENCRYPTION_KEY for separate purposes.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto'

/** 256 random bits, base64url: refresh tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What is stored instead of an opaque token. A plain hash suffices: the input has 256 bits of entropy. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

export interface Sealed {
  iv: Buffer
  tag: Buffer
  ciphertext: Buffer
}

/** AES-256-GCM with a fresh 96-bit IV; `aad` binds the ciphertext to its context (e.g. the kid). */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(aad))
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { iv, tag: cipher.getAuthTag(), ciphertext }
}

/** Throws when the key, AAD or any byte is wrong (GCM authenticates). */
export function open(key: Buffer, sealed: Sealed, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv)
  decipher.setAAD(Buffer.from(aad))
  decipher.setAuthTag(sealed.tag)
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()])
}

/** One compact string for a sealed value: iv.tag.ciphertext, base64url each. */
export function sealToString(key: Buffer, plaintext: string, aad: string): string {
  const { iv, tag, ciphertext } = seal(key, Buffer.from(plaintext), aad)
  return [iv, tag, ciphertext].map((part) => part.toString('base64url')).join('.')
}

export function openFromString(key: Buffer, value: string, aad: string): string {
  const [iv, tag, ciphertext] = value.split('.').map((part) => Buffer.from(part, 'base64url'))
  if (!iv || !tag || !ciphertext) throw new Error('malformed sealed value')
  return open(key, { iv, tag, ciphertext }, aad).toString()
}

/** HKDF-SHA256 of a master key for one named purpose, so one secret never serves two uses directly. */
export function deriveKey(master: Buffer, info: string, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, length))
}

/** The CSRF key: HKDF-SHA256(AUTH_KEY_ENCRYPTION_KEY, info "proddash csrf"), as the contract fixes. */
export function csrfKey(master: Buffer): Buffer {
  return deriveKey(master, 'proddash csrf')
}

/**
 * A session's CSRF token: base64url(HMAC-SHA256(csrfKey, sessionId)). Stable
 * for the life of the session, so every tab (and every refresh) agrees on it,
 * and checkable from the session id alone with no storage.
 */
export function csrfTokenFor(key: Buffer, sessionId: string): string {
  return createHmac('sha256', key).update(sessionId).digest('base64url')
}
