/** The configuration the command-line tools run with: the service's own, dev secrets included. */
import { randomBase64Key, withDevSecrets } from '@proddash/config'
import { loadAuthConfig, type AuthConfig } from '../config.js'

export function cliConfig(): AuthConfig {
  return loadAuthConfig(withDevSecrets(process.env, [{ name: 'AUTH_KEY_ENCRYPTION_KEY', generate: randomBase64Key(32) }]))
}
