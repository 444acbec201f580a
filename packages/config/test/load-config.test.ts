import t from 'tap'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, ConfigError, commonSpecs, base64Key32, trustProxy, withDevSecrets, randomBase64Key, str } from '../src/index.js'

const specs = {
  ...commonSpecs({ name: 'auth', defaultPort: 3001 }),
  AUTH_KEY_ENCRYPTION_KEY: base64Key32(),
  AUTH_ISSUER: str({ devDefault: 'http://localhost' }),
}
const goodKey = randomBase64Key()()

t.test('applies the contract defaults and parses types', async (t) => {
  const config = loadConfig(specs, { AUTH_KEY_ENCRYPTION_KEY: goodKey })
  t.equal(config.PORT, 3001)
  t.equal(config.HOST, '127.0.0.1')
  t.equal(config.DATA_DIR, '.data/auth')
  t.equal(config.DATABASE_URL, undefined)
  t.equal(config.COOKIE_SECURE, true)
  t.equal(config.TRUST_PROXY, false)
  t.equal(config.AUTH_KEY_ENCRYPTION_KEY.length, 32)
  t.equal(config.AUTH_ISSUER, 'http://localhost')
})

t.test('a missing secret stops start-up naming the variable', async (t) => {
  const error = t.throws(() => loadConfig(specs, {})) as ConfigError
  t.type(error, ConfigError)
  t.match(error.message, /AUTH_KEY_ENCRYPTION_KEY: is required/)
})

t.test('in production nothing secret has a default', async (t) => {
  const error = t.throws(() => loadConfig(specs, { NODE_ENV: 'production', AUTH_KEY_ENCRYPTION_KEY: goodKey })) as ConfigError
  t.match(error.problems, { AUTH_ISSUER: /required in production/ })
})

t.test('weak or malformed keys are refused with a reason', async (t) => {
  for (const bad of ['short', Buffer.alloc(32).toString('base64'), Buffer.alloc(31, 7).toString('base64'), 'A'.repeat(44)]) {
    const error = t.throws(() => loadConfig(specs, { AUTH_KEY_ENCRYPTION_KEY: bad })) as ConfigError
    t.ok(error.problems.AUTH_KEY_ENCRYPTION_KEY, `refuses ${bad}`)
  }
})

t.test('every bad variable is reported at once', async (t) => {
  const error = t.throws(() => loadConfig(specs, { PORT: 'http', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })) as ConfigError
  t.same(Object.keys(error.problems).sort(), ['AUTH_KEY_ENCRYPTION_KEY', 'DATABASE_URL', 'LOG_LEVEL', 'PORT'])
})

t.test('TRUST_PROXY forms', async (t) => {
  const parse = (value: string) => loadConfig({ TRUST_PROXY: trustProxy() }, { TRUST_PROXY: value }).TRUST_PROXY
  t.equal(parse('false'), false)
  t.equal(parse('true'), true)
  t.equal(parse('1'), 1)
  t.equal(parse('127.0.0.1, 10.0.0.0/8'), '127.0.0.1,10.0.0.0/8')
  t.throws(() => parse('everyone'))
})

t.test('development secrets are generated once and reused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pd-config-'))
  const file = join(dir, 'dev-secrets.json')
  const secrets = [{ name: 'AUTH_KEY_ENCRYPTION_KEY', generate: randomBase64Key() }]
  const first = withDevSecrets({}, secrets, file)
  const second = withDevSecrets({}, secrets, file)
  t.ok(first.AUTH_KEY_ENCRYPTION_KEY)
  t.equal(second.AUTH_KEY_ENCRYPTION_KEY, first.AUTH_KEY_ENCRYPTION_KEY)
  t.equal(statSync(file).mode & 0o777, 0o600)
  t.same(JSON.parse(readFileSync(file, 'utf8')), { AUTH_KEY_ENCRYPTION_KEY: first.AUTH_KEY_ENCRYPTION_KEY })
  t.equal(withDevSecrets({ AUTH_KEY_ENCRYPTION_KEY: 'given' }, secrets, file).AUTH_KEY_ENCRYPTION_KEY, 'given', 'the environment wins')
  t.equal(withDevSecrets({ NODE_ENV: 'production' }, secrets, join(dir, 'prod.json')).AUTH_KEY_ENCRYPTION_KEY, undefined, 'never in production')
})
