/** `pnpm db:migrate`: applies the committed migrations of the auth schema, then exits. */
import { ConfigError } from '@proddash/config'
import { openAuthDatabase } from '../db/open.js'
import { runtimeConfig } from '../runtime-config.js'

try {
  const config = runtimeConfig()
  const database = await openAuthDatabase(config)
  console.log(`auth schema migrated (${database.kind})`)
  await database.close()
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
}
