import t from 'tap'
import { ConfigError } from '@proddash/config'
import { loadApiConfig } from '../src/config.js'

t.test('development defaults point at a local auth service', async (t) => {
  // envalid's proxy throws on unknown keys (tap probes valueOf); compare a plain copy.
  const config = { ...loadApiConfig({}) }
  t.match(config, {
    PORT: 3002,
    HOST: '127.0.0.1',
    DATA_DIR: '.data/api',
    AUTH_ISSUER: 'http://localhost:3001',
    AUTH_AUDIENCE: 'proddash-api',
    AUTH_JWKS_URL: 'http://127.0.0.1:3001/.well-known/jwks.json',
    LOW_STOCK_THRESHOLD: 5,
    COOKIE_SECURE: true,
  })
  t.equal(config.DATABASE_URL, undefined)
})

t.test('production has no defaults for where tokens come from', async (t) => {
  const error = t.throws(() => loadApiConfig({ NODE_ENV: 'production' })) as ConfigError
  t.type(error, ConfigError)
  t.same(Object.keys(error.problems).sort(), ['AUTH_AUDIENCE', 'AUTH_ISSUER', 'AUTH_JWKS_URL'])
  const config = { ...loadApiConfig({
    NODE_ENV: 'production',
    AUTH_ISSUER: 'https://shop.example',
    AUTH_AUDIENCE: 'proddash-api',
    AUTH_JWKS_URL: 'https://shop.example/.well-known/jwks.json',
    DATABASE_URL: 'postgres://api@db/proddash',
    PORT: '8080',
    LOW_STOCK_THRESHOLD: '2',
  }) }
  t.match(config, { PORT: 8080, LOW_STOCK_THRESHOLD: 2, DATABASE_URL: 'postgres://api@db/proddash' })
})

t.test('bad values are named', async (t) => {
  for (const [name, value] of [
    ['LOW_STOCK_THRESHOLD', '-1'],
    ['LOW_STOCK_THRESHOLD', '2.5'],
    ['LOW_STOCK_THRESHOLD', 'many'],
    ['AUTH_JWKS_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://x'],
    ['PORT', '70000'],
  ]) {
    const error = t.throws(() => loadApiConfig({ [name!]: value })) as ConfigError
    t.ok(error.problems[name!], `${name}=${value}`)
  }
})
