/** Entry point: read the environment, build the app, listen, shut down gracefully. Nothing else. */
import { ConfigError } from '@proddash/config'
import { runServer } from '@proddash/http'
import { buildApp } from './app.js'
import { loadApiConfig } from './config.js'

// A .env file is a development convenience; production gets a real environment.
if (process.env.NODE_ENV !== 'production') {
  try {
    process.loadEnvFile()
  } catch {
    // no .env: fine
  }
}

let config
try {
  config = loadApiConfig(process.env)
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}

const app = await buildApp(config)
await runServer(app, { host: config.HOST, port: config.PORT, name: 'api' })
