/** Pure pieces: configuration, the password policy, hashing parameters, the failure limiter, origins, crypto. */
import t from 'tap'
import { ConfigError } from '@proddash/config'
import { loadAuthConfig } from '../src/config.js'
import { FailureLimiter } from '../src/lib/failure-limiter.js'
import { isAllowedOrigin } from '../src/lib/origin.js'
import { PasswordHasher, normalizePassword, parsePhcParams, passwordProblems } from '../src/lib/passwords.js'
import { csrfKey, csrfTokenFor, openFromString, sealToString } from '../src/lib/crypto.js'
import { TEST_KEY } from './helper.js'

t.test('config: defaults, durations, and refusals naming the variable', async (t) => {
  const config = loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: TEST_KEY })
  t.equal(config.PORT, 3001)
  t.equal(config.AUTH_ISSUER, 'http://localhost:3001')
  t.equal(config.AUTH_AUDIENCE, 'proddash-api')
  t.equal(config.ACCESS_TOKEN_TTL_SECONDS, 900)
  t.equal(config.SESSION_IDLE_TTL, 7 * 86_400)
  t.equal(config.SESSION_ABSOLUTE_TTL, 30 * 86_400)
  t.equal(config.REFRESH_REUSE_GRACE_SECONDS, 10)
  t.same([config.ARGON2_MEMORY_KIB, config.ARGON2_TIME_COST, config.ARGON2_PARALLELISM], [19_456, 2, 1])
  t.same(config.allowedOrigins, ['http://localhost:3001'])
  t.equal(config.allowLocalhostOrigins, true)
  t.equal(loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: TEST_KEY, SESSION_IDLE_TTL: '12h' }).SESSION_IDLE_TTL, 43_200)

  t.throws(() => loadAuthConfig({}), ConfigError)
  t.throws(() => loadAuthConfig({}), /AUTH_KEY_ENCRYPTION_KEY/)
  const production = { NODE_ENV: 'production', AUTH_KEY_ENCRYPTION_KEY: TEST_KEY, AUTH_ISSUER: 'https://shop.example', AUTH_AUDIENCE: 'proddash-api' }
  t.equal(loadAuthConfig(production).allowLocalhostOrigins, false)
  t.throws(() => loadAuthConfig({ NODE_ENV: 'production', AUTH_KEY_ENCRYPTION_KEY: TEST_KEY }), /AUTH_ISSUER/, 'no issuer default in production')
  t.throws(() => loadAuthConfig({ ...production, ARGON2_MEMORY_KIB: '4096' }), /ARGON2_MEMORY_KIB/)
  t.throws(() => loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: TEST_KEY, SESSION_IDLE_TTL: '40d' }), /SESSION_IDLE_TTL/)
  t.throws(() => loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: TEST_KEY, SESSION_ABSOLUTE_TTL: 'soon' }), /SESSION_ABSOLUTE_TTL/)
  t.throws(() => loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: TEST_KEY, AUTH_ALLOWED_ORIGINS: 'https://a.example/path' }), /AUTH_ALLOWED_ORIGINS/)
  t.same(loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: TEST_KEY, AUTH_ALLOWED_ORIGINS: 'https://a.example, https://b.example' }).allowedOrigins, [
    'https://a.example',
    'https://b.example',
  ])
})

t.test('password policy: length in code points, common, repetitive, own names', async (t) => {
  t.same(passwordProblems('correct horse battery staple'), [])
  t.match(passwordProblems('short pass'), [/too short/])
  t.match(passwordProblems('x'.repeat(100) + 'y'.repeat(29)), [/too long/])
  t.same(passwordProblems('xy'.repeat(30) + 'z'.repeat(68)), [], '128 code points are accepted')
  // 12 emoji: 24 UTF-16 units but 12 characters — accepted; 11 are refused.
  const emoji = '😀😁😂🤣😃😄😅😆😉😊😋😎'
  t.equal(emoji.length, 24)
  t.same(passwordProblems(emoji), [])
  t.match(passwordProblems([...emoji].slice(0, 11).join('')), [/too short/])
  t.match(passwordProblems('1qaz2wsx3edc'), [/too common/])
  t.match(passwordProblems('QWERTY123456'), [/too common/], 'case does not hide a common password')
  t.match(passwordProblems('aaaaaaaaaaaaaaaa'), [/too repetitive/])
  t.match(passwordProblems('my name is shopkeeper!', { username: 'ShopKeeper' }), [/username/])
  t.match(passwordProblems('anna.smith rules the shop', { email: 'Anna.Smith@example.com' }), [/email/])
  t.same(passwordProblems('no composition rules here'), [], 'no digits or symbols required')
})

t.test('NFKC: one password, whichever way its characters were composed', async (t) => {
  const precomposed = 'caf\u00e9 au lait tous les jours'
  const decomposed = 'cafe\u0301 au lait tous les jours'
  t.not(precomposed, decomposed)
  t.equal(normalizePassword(precomposed), normalizePassword(decomposed))
  const hasher = new PasswordHasher({ memoryKiB: 8192, timeCost: 1, parallelism: 1 })
  const stored = await hasher.hash(precomposed)
  t.ok(await hasher.verify(stored, decomposed))
  t.notOk(await hasher.verify(stored, 'cafe au lait tous les jours'))
  t.notOk(await hasher.verify('not a hash', precomposed), 'a malformed stored hash is a failure, not a throw')
})

t.test('hashes carry their parameters; weaker ones need a rehash', async (t) => {
  const weak = new PasswordHasher({ memoryKiB: 8192, timeCost: 1, parallelism: 1 })
  const current = new PasswordHasher({ memoryKiB: 19_456, timeCost: 2, parallelism: 1 })
  const weakHash = await weak.hash(STRONG)
  const currentHash = await current.hash(STRONG)
  t.match(currentHash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  t.same(parsePhcParams(currentHash), { algorithm: 'argon2id', memoryKiB: 19_456, timeCost: 2, parallelism: 1 })
  t.ok(current.needsRehash(weakHash))
  t.notOk(current.needsRehash(currentHash))
  t.notOk(weak.needsRehash(currentHash), 'a stronger hash is not downgraded')
  t.ok(current.needsRehash('$2b$10$bcrypthashbcrypthashbcrypthashbcrypthashbcrypthashbcry'))
})
const STRONG = 'correct horse battery staple'

t.test('failure limiter: blocks after N failures in a window, backs off, never for good', async (t) => {
  let now = 0
  const limiter = new FailureLimiter({ maxFailures: 3, windowSeconds: 60, maxWindowSeconds: 240, now: () => now })
  limiter.recordFailure('k')
  limiter.recordFailure('k')
  t.equal(limiter.retryAfterSeconds('k'), 0)
  limiter.recordFailure('k')
  t.equal(limiter.retryAfterSeconds('k'), 60, 'first block: one window')
  t.equal(limiter.retryAfterSeconds('other'), 0, 'keys are independent')
  now += 61_000
  t.equal(limiter.retryAfterSeconds('k'), 0, 'the block ends')
  for (let i = 0; i < 3; i++) limiter.recordFailure('k')
  t.equal(limiter.retryAfterSeconds('k'), 120, 'second block doubles')
  now += 121_000
  for (let i = 0; i < 3; i++) limiter.recordFailure('k')
  t.equal(limiter.retryAfterSeconds('k'), 240)
  now += 241_000
  for (let i = 0; i < 3; i++) limiter.recordFailure('k')
  t.equal(limiter.retryAfterSeconds('k'), 240, 'capped')
  now += 241_000
  limiter.reset('k')
  t.equal(limiter.retryAfterSeconds('k'), 0)
  // Failures spread wider than the window never add up to a block.
  for (let i = 0; i < 10; i++) {
    limiter.recordFailure('slow')
    now += 31_000
    if (i % 2 === 1) now += 30_000
  }
  t.equal(limiter.retryAfterSeconds('slow'), 0)
  const bounded = new FailureLimiter({ maxFailures: 1, windowSeconds: 60, maxKeys: 2, now: () => now })
  bounded.recordFailure('a')
  bounded.recordFailure('b')
  bounded.recordFailure('c')
  t.equal(bounded.retryAfterSeconds('a'), 0, 'the oldest key is dropped when full')
  t.ok(bounded.retryAfterSeconds('c') > 0)
})

t.test('origins: the allow-list, and localhost only outside production', async (t) => {
  t.ok(isAllowedOrigin('https://shop.example', ['https://shop.example'], false))
  t.notOk(isAllowedOrigin('https://evil.example', ['https://shop.example'], true))
  t.ok(isAllowedOrigin('http://localhost:5173', ['https://shop.example'], true))
  t.ok(isAllowedOrigin('http://127.0.0.1:8080', [], true))
  t.notOk(isAllowedOrigin('http://localhost:5173', ['https://shop.example'], false))
  t.notOk(isAllowedOrigin('http://localhost.evil.example', [], true))
  t.notOk(isAllowedOrigin('null', [], true))
})

t.test('crypto: sealed values need the same key and AAD; CSRF tokens are per session and stable', async (t) => {
  const key = Buffer.alloc(32, 7)
  const sealed = sealToString(key, 'secret', 'aad-1')
  t.equal(openFromString(key, sealed, 'aad-1'), 'secret')
  t.throws(() => openFromString(key, sealed, 'aad-2'))
  t.throws(() => openFromString(Buffer.alloc(32, 8), sealed, 'aad-1'))
  const csrf = csrfKey(Buffer.from(TEST_KEY, 'base64'))
  t.equal(csrfTokenFor(csrf, 'session-a'), csrfTokenFor(csrf, 'session-a'))
  t.not(csrfTokenFor(csrf, 'session-a'), csrfTokenFor(csrf, 'session-b'))
  t.match(csrfTokenFor(csrf, 'session-a'), /^[A-Za-z0-9_-]{43}$/)
})

t.test('concurrency limit: never more than N at once, first come first served, errors free the slot', async (t) => {
  const { ConcurrencyLimit } = await import('../src/lib/concurrency-limit.js')
  const limit = new ConcurrencyLimit(2)
  let running = 0
  let peak = 0
  const order: number[] = []
  const task = (id: number, fail = false) => () =>
    new Promise<number>((resolve, reject) => {
      running++
      peak = Math.max(peak, running)
      setTimeout(() => {
        running--
        order.push(id)
        if (fail) reject(new Error(`task ${id}`))
        else resolve(id)
      }, 5)
    })
  const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((id) => limit.run(task(id, id === 2))))
  t.equal(peak, 2, 'at most two ran at once')
  t.same(order, [1, 2, 3, 4, 5, 6], 'in arrival order')
  t.equal(results[1]!.status, 'rejected', 'a failing task rejects its caller only')
  t.equal(results.filter((result) => result.status === 'fulfilled').length, 5)
  t.equal(limit.queued, 0)
  t.throws(() => new ConcurrencyLimit(0))
})
