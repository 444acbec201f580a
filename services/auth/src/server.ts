/**
 * Starts the auth service: configuration (with generated development
 * secrets outside production), database (migrated), app, listen. Nothing
 * else happens here; tests build the app through buildApp instead.
 */
import { ConfigError, randomBase64Key, withDevSecrets } from '@proddash/config'
import { runServer } from '@proddash/http'
import { buildApp } from './app.js'
import { loadAuthConfig } from './config.js'
import { openAuthDatabase } from './db/open.js'

async function main() {
  const env = withDevSecrets(process.env, [{ name: 'AUTH_KEY_ENCRYPTION_KEY', generate: randomBase64Key(32) }])
  const config = loadAuthConfig(env)
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
