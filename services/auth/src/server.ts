/**
 * Starts the auth service: configuration (.env and generated development
 * secrets outside production), database (migrated), app, listen. Nothing
 * else happens here; tests build the app through buildApp instead.
 */
import { ConfigError } from '@proddash/config'
import { runServer } from '@proddash/http'
import { buildApp } from './app.js'
import { runtimeConfig } from './runtime-config.js'
import { openAuthDatabase } from './db/open.js'

async function main() {
  const config = runtimeConfig()
  const database = await openAuthDatabase(config)
  const app = await buildApp(config, { database })
  app.addHook('onClose', async () => database.close())
  await runServer(app, { host: config.HOST, port: config.PORT, name: 'auth' })
  console.log(`auth service listening on http://${config.HOST}:${config.PORT} (${database.kind}${database.kind === 'pglite' ? ` in ${config.DATA_DIR}` : ''})`)
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
