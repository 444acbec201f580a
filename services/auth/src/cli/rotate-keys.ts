/**
 * `pnpm keys:rotate`: adds a new active signing key and retires the current
 * one (it stays in the JWKS until every token it signed has expired).
 * Running instances pick the new key up within SIGNING_KEY_REFRESH_SECONDS.
 */
import { ConfigError } from '@proddash/config'
import { systemClock } from '../lib/clock.js'
import { openAuthDatabase } from '../db/open.js'
import { KeyStore } from '../services/key-store.js'
import { runtimeConfig } from '../runtime-config.js'

try {
  const config = runtimeConfig()
  const database = await openAuthDatabase(config)
  try {
    const keyStore = new KeyStore({
      db: database.db,
      encryptionKey: config.AUTH_KEY_ENCRYPTION_KEY,
      accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      refreshSeconds: 0,
      clock: systemClock,
    })
    await keyStore.start()
    const { kid, retiredKid } = await keyStore.rotate()
    console.log(`new signing key ${kid} is active${retiredKid ? `; ${retiredKid} retired (published until its tokens expire)` : ''}`)
  } finally {
    await database.close()
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
}
