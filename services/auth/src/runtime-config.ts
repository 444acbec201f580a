/** The configuration server.ts and the command-line tools run with: .env in development, dev secrets outside production. */
import { randomBase64Key, withDevSecrets } from '@proddash/config'
import { loadAuthConfig, type AuthConfig } from './config.js'

/** Development convenience: a .env file in the working directory; production gets a real environment. */
export function loadDotEnv(): void {
  if (process.env.NODE_ENV === 'production') return
  try {
    process.loadEnvFile()
  } catch {
    // no .env: fine
  }
}

export function runtimeConfig(): AuthConfig {
  loadDotEnv()
  return loadAuthConfig(withDevSecrets(process.env, [{ name: 'AUTH_KEY_ENCRYPTION_KEY', generate: randomBase64Key(32) }]))
}
