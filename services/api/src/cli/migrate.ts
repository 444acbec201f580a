/** `pnpm db:migrate`: applies the committed migrations of the `shop` schema and exits. */
import { ConfigError } from '@proddash/config'
import { loadApiConfig } from '../config.js'
import { migrateShop, openShopDatabase } from '../db/database.js'

try {
  const config = loadApiConfig(process.env)
  const database = await openShopDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR })
  try {
    await migrateShop(database)
    console.log(`shop schema migrated (${database.kind})`)
  } finally {
    await database.close()
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exitCode = 1
}
