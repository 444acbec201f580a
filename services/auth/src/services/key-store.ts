/**
 * Signing keys: creation, rotation, the JWKS, and signing access tokens.
 *
 * Keys are Ed25519, generated here and stored in the database with the
 * private half AES-256-GCM-encrypted under AUTH_KEY_ENCRYPTION_KEY (kid as
 * AAD). Every instance keeps the decrypted active key and the public set in
 * memory and re-reads the table every `refreshSeconds`, so a rotation done by
 * another instance (or by `pnpm keys:rotate`) is picked up within that time.
 *
 * A retired key stays in the JWKS until `retired_at + access TTL + margin`:
 * an instance that has not noticed the rotation yet may sign with the old key
 * for up to `refreshSeconds`, and verifiers allow some clock skew, so the
 * margin (5 min) covers both with room to spare.
 */
import { createPrivateKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, type AccessTokenClaims, type JsonWebKeySet, type PublicJsonWebKey } from '@proddash/auth-plugin'
import { PG_UNIQUE_VIOLATION, postgresErrorCode } from '@proddash/db'
import type { AuthDb } from '../db/database.js'
import type { SigningKeyRow } from '../db/schema/index.js'
import { addSeconds, type Clock } from '../lib/clock.js'
import { open, seal } from '../lib/crypto.js'
import { recordSecurityEvent } from '../repositories/security-events-repository.js'
import {
  findActiveKey,
  insertSigningKey,
  listPublishedKeys,
  lockSigningKeys,
  retireKey,
} from '../repositories/signing-keys-repository.js'

export const JWKS_RETIREMENT_MARGIN_SECONDS = 300

export interface KeyStoreOptions {
  db: AuthDb
  /** AUTH_KEY_ENCRYPTION_KEY */
  encryptionKey: Buffer
  accessTokenTtlSeconds: number
  refreshSeconds: number
  clock: Clock
  log?: FastifyBaseLogger
}

interface ActiveKey {
  kid: string
  privateKey: KeyObject
}

export class KeyStore {
  private active: ActiveKey | undefined
  private published: PublicJsonWebKey[] = []
  private expiries = new Map<string, Date | null>()
  private timer: NodeJS.Timeout | undefined
  private loading: Promise<void> | undefined

  constructor(private readonly options: KeyStoreOptions) {}

  /** Makes sure an active key exists (creating the first one), loads the keys, and starts the periodic re-read. */
  async start(): Promise<void> {
    await this.ensureActiveKey()
    await this.reload()
    if (this.options.refreshSeconds > 0) {
      this.timer = setInterval(() => {
        this.reload().catch((error: unknown) => this.options.log?.warn({ err: error }, 'could not re-read signing keys; keeping the ones in memory'))
      }, this.options.refreshSeconds * 1000)
      this.timer.unref()
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  /** The public keys, as served at /.well-known/jwks.json. Keys past their JWKS expiry are left out even between reloads. */
  jwks(): JsonWebKeySet {
    const now = this.options.clock.now()
    return {
      keys: this.published.filter((key) => {
        const expiry = this.expiries.get(key.kid)
        return !expiry || expiry > now
      }),
    }
  }

  get activeKid(): string | undefined {
    return this.active?.kid
  }

  /** Signs access-token claims with the active key: header {alg: EdDSA, typ: at+jwt, kid}. */
  sign(claims: AccessTokenClaims): string {
    if (!this.active) throw new Error('key store not started')
    const header = { alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: this.active.kid }
    const input = `${base64urlJson(header)}.${base64urlJson(claims)}`
    return `${input}.${sign(null, Buffer.from(input), this.active.privateKey).toString('base64url')}`
  }

  /**
   * Adds a new active key and retires the current one (kept in the JWKS
   * until its tokens have expired). Serialised across instances by an
   * advisory lock; records a `key_rotated` security event.
   */
  async rotate(): Promise<{ kid: string; retiredKid: string | undefined }> {
    const now = this.options.clock.now()
    const result = await this.options.db.transaction(async (tx) => {
      await lockSigningKeys(tx)
      const current = await findActiveKey(tx)
      if (current) {
        await retireKey(tx, current.kid, now, addSeconds(now, this.options.accessTokenTtlSeconds + JWKS_RETIREMENT_MARGIN_SECONDS))
      }
      const kid = await this.insertNewKey(tx, now)
      await recordSecurityEvent(tx, { userId: null, type: 'key_rotated', detail: { kid, retiredKid: current?.kid ?? null } }, now)
      return { kid, retiredKid: current?.kid }
    })
    await this.reload()
    return result
  }

  /** Re-reads the keys; decrypts the active one only when it changed. */
  reload(): Promise<void> {
    // Concurrent callers (timer and rotate) share one read.
    this.loading ??= this.load().finally(() => {
      this.loading = undefined
    })
    return this.loading
  }

  private async load(): Promise<void> {
    const rows = await listPublishedKeys(this.options.db, this.options.clock.now())
    const activeRow = rows.find((row) => row.retiredAt === null)
    if (activeRow && activeRow.kid !== this.active?.kid) {
      this.active = { kid: activeRow.kid, privateKey: this.decryptPrivateKey(activeRow) }
      this.options.log?.info({ kid: activeRow.kid }, 'signing with key')
    }
    this.published = rows.map((row) => row.publicJwk)
    this.expiries = new Map(rows.map((row) => [row.kid, row.expiresFromJwksAt]))
  }

  private async ensureActiveKey(): Promise<void> {
    if (await findActiveKey(this.options.db)) return
    try {
      await this.options.db.transaction(async (tx) => {
        await lockSigningKeys(tx)
        // Another instance may have created it while we waited for the lock.
        if (await findActiveKey(tx)) return
        const kid = await this.insertNewKey(tx, this.options.clock.now())
        this.options.log?.info({ kid }, 'created the first signing key')
      })
    } catch (error) {
      // Belt and braces: the partial unique index refused a second active key; the winner's is fine.
      if (postgresErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error
    }
  }

  private async insertNewKey(db: AuthDb, now: Date): Promise<string> {
    const kid = randomUUID()
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const { x } = publicKey.export({ format: 'jwk' }) as { x: string }
    const der = privateKey.export({ format: 'der', type: 'pkcs8' })
    const sealed = seal(this.options.encryptionKey, der, kid)
    await insertSigningKey(db, {
      kid,
      publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' },
      privateKeyCiphertext: sealed.ciphertext.toString('base64'),
      privateKeyIv: sealed.iv.toString('base64'),
      privateKeyTag: sealed.tag.toString('base64'),
      createdAt: now,
      activatedAt: now,
    })
    return kid
  }

  private decryptPrivateKey(row: SigningKeyRow): KeyObject {
    let der: Buffer
    try {
      der = open(
        this.options.encryptionKey,
        {
          iv: Buffer.from(row.privateKeyIv, 'base64'),
          tag: Buffer.from(row.privateKeyTag, 'base64'),
          ciphertext: Buffer.from(row.privateKeyCiphertext, 'base64'),
        },
        row.kid,
      )
    } catch {
      throw new Error(`cannot decrypt signing key ${row.kid}: AUTH_KEY_ENCRYPTION_KEY is not the key it was stored under`)
    }
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  }
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}
