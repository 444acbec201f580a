/**
 * Password hashing (argon2id via @node-rs/argon2, which runs on libuv's
 * thread pool and keeps the event loop free) and the acceptance policy of
 * NIST SP 800-63B: 12..128 characters, no composition rules, no truncation,
 * common passwords and ones built from the account's own names refused.
 */
import { availableParallelism } from 'node:os'
import { hash, verify, type Options } from '@node-rs/argon2'
import { dictionary } from '@zxcvbn-ts/language-common'
import { ConcurrencyLimit } from './concurrency-limit.js'

export interface Argon2Params {
  memoryKiB: number
  timeCost: number
  parallelism: number
}

// @node-rs/argon2 declares Algorithm as a const enum, which isolated/verbatim module builds cannot read: Argon2id is 2.
const ARGON2ID = 2 as NonNullable<Options['algorithm']>

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128

/**
 * Passwords are NFKC-normalised before hashing and before the policy checks.
 * The same visible password can arrive as different code points — "é" as one
 * precomposed character from one keyboard and "e" + combining accent from
 * another, full-width digits from an IME — and without one canonical form
 * the user would be locked out from the other device. NFKC (rather than NFC)
 * also folds compatibility forms, as RFC 8265's OpaqueString profile does.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC')
}

/** Hashes in flight by default: every core but one, which stays with the event loop (see ConcurrencyLimit). */
export const DEFAULT_MAX_CONCURRENT_HASHES = Math.max(1, availableParallelism() - 1)

export class PasswordHasher {
  readonly params: Argon2Params
  private readonly limit: ConcurrencyLimit
  private dummyHash: Promise<string> | undefined

  constructor(params: Argon2Params, maxConcurrentHashes = DEFAULT_MAX_CONCURRENT_HASHES) {
    this.params = params
    this.limit = new ConcurrencyLimit(maxConcurrentHashes)
  }

  hash(password: string): Promise<string> {
    return this.limit.run(() =>
      hash(normalizePassword(password), {
        algorithm: ARGON2ID,
        memoryCost: this.params.memoryKiB,
        timeCost: this.params.timeCost,
        parallelism: this.params.parallelism,
      }),
    )
  }

  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await this.limit.run(() => verify(storedHash, normalizePassword(password)))
    } catch {
      // A malformed stored hash is a failed login, not a 500 that tells the caller something.
      return false
    }
  }

  /**
   * Spends the same work as a real verification against an account that does
   * not exist, so "unknown user" and "wrong password" take about equally long.
   * The dummy hash is computed once, with the parameters in force.
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash('proddash dummy password for timing equalisation')
    await this.verify(await this.dummyHash, password)
    return false
  }

  /** Warms the dummy hash at start so the first failed login is not slower than the rest. */
  async warm(): Promise<void> {
    this.dummyHash ??= this.hash('proddash dummy password for timing equalisation')
    await this.dummyHash
  }

  /** True when a stored hash was made with weaker (or different-algorithm) parameters than those in force. */
  needsRehash(storedHash: string): boolean {
    const params = parsePhcParams(storedHash)
    if (!params) return true
    return (
      params.algorithm !== 'argon2id' ||
      params.memoryKiB < this.params.memoryKiB ||
      params.timeCost < this.params.timeCost ||
      params.parallelism < this.params.parallelism
    )
  }
}

/** `$argon2id$v=19$m=19456,t=2,p=1$salt$hash` → its algorithm and cost parameters. */
export function parsePhcParams(phc: string): (Argon2Params & { algorithm: string }) | undefined {
  const match = /^\$(argon2(?:id|i|d))\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc)
  if (!match) return undefined
  return { algorithm: match[1]!, memoryKiB: Number(match[2]), timeCost: Number(match[3]), parallelism: Number(match[4]) }
}

// ~49 000 common passwords from the zxcvbn-ts dictionary (leaked-password
// frequency lists), loaded once into a Set. Comparison is case-insensitive:
// "Password123!" is as guessable as "password123!".
let commonPasswords: Set<string> | undefined
function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((word) => word.toLowerCase()))
  return commonPasswords.has(password.toLowerCase())
}

export interface PasswordContext {
  username?: string | undefined
  email?: string | undefined
}

/**
 * Why a password is refused, or an empty list. Length is counted in code
 * points of the normalised password (what is hashed), so twelve emoji count
 * as twelve, not as the 24 UTF-16 units JavaScript's .length would report.
 */
export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  const normalized = normalizePassword(password)
  const length = [...normalized].length
  if (length < PASSWORD_MIN_LENGTH) return [`is too short: use at least ${PASSWORD_MIN_LENGTH} characters`]
  if (length > PASSWORD_MAX_LENGTH) return [`is too long: use at most ${PASSWORD_MAX_LENGTH} characters`]
  const problems: string[] = []
  const lower = normalized.toLowerCase()
  if (isCommonPassword(normalized)) problems.push('is too common: it appears in lists of leaked passwords')
  // NIST lists repetitive strings ("aaaaaa…") with the passwords to refuse; this is not a composition rule.
  else if (new Set(normalized).size <= 2) problems.push('is too repetitive: use more than two different characters')
  const username = context.username?.toLowerCase()
  const localPart = context.email?.toLowerCase().split('@')[0]
  // Very short names would refuse half of all passwords by coincidence; 3+ characters is a real resemblance.
  if (username && username.length >= 3 && lower.includes(username)) problems.push('must not contain your username')
  else if (localPart && localPart.length >= 3 && lower.includes(localPart)) problems.push('must not contain your email address')
  return problems
}
