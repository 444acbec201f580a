/**
 * The api service's configuration: the variables every service reads plus
 * where to verify tokens and the low-stock threshold. `loadApiConfig` is a
 * pure function over an environment; server.ts calls it once, tests pass a
 * literal env.
 */
import { ConfigError, commonSpecs, loadConfig, num, str, url, type LogLevel, type TrustProxy } from '@proddash/config'

const apiSpecs = {
  ...commonSpecs({ name: 'api', defaultPort: 3002 }),
  AUTH_ISSUER: str({ devDefault: 'http://localhost:3001', desc: 'the `iss` every access token must carry' }),
  AUTH_AUDIENCE: str({ devDefault: 'proddash-api', desc: 'the `aud` every access token must carry' }),
  AUTH_JWKS_URL: url({
    devDefault: 'http://127.0.0.1:3001/.well-known/jwks.json',
    desc: "the auth service's public keys (fetched, cached, refreshed on an unknown kid)",
  }),
  LOW_STOCK_THRESHOLD: num({ default: 5, desc: 'products with this stock or less are reported as low' }),
  API_RATE_LIMIT_PER_MINUTE: num({ default: 600, desc: 'requests per minute per signed-in user (per client IP before sign-in); 0 disables' }),
}

/** Spelled out (rather than inferred from envalid) so the type is readable and portable. */
export interface ApiConfig {
  readonly NODE_ENV: string
  readonly HOST: string
  readonly PORT: number
  readonly LOG_LEVEL: LogLevel
  readonly DATABASE_URL: string | undefined
  readonly DATA_DIR: string
  readonly TRUST_PROXY: TrustProxy
  readonly COOKIE_SECURE: boolean
  readonly AUTH_ISSUER: string
  readonly AUTH_AUDIENCE: string
  readonly AUTH_JWKS_URL: string
  readonly LOW_STOCK_THRESHOLD: number
  readonly API_RATE_LIMIT_PER_MINUTE: number
}

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const config = loadConfig(apiSpecs, env)
  if (!Number.isInteger(config.LOW_STOCK_THRESHOLD) || config.LOW_STOCK_THRESHOLD < 0) {
    // envalid's num() accepts 2.5 and -1; neither is a stock level.
    throw new ConfigError({ LOW_STOCK_THRESHOLD: 'must be a whole number, 0 or more' })
  }
  if (!Number.isInteger(config.API_RATE_LIMIT_PER_MINUTE) || config.API_RATE_LIMIT_PER_MINUTE < 0) {
    throw new ConfigError({ API_RATE_LIMIT_PER_MINUTE: 'must be a whole number, 0 or more' })
  }
  return config
}
