/** Register and login: input rules, cookies, uniform failures, throttling, cross-site refusal, rehash, logs. */
import t from 'tap'
import { sql } from 'drizzle-orm'
import { extractRows, testDatabaseKinds } from '@proddash/db/testing'
import { Browser, STRONG_PASSWORD, buildTestApp, login, newAccount, openAuthTestDatabase, parseSetCookies, refresh, register } from './helper.js'

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const database = await openAuthTestDatabase(t, kind)
    t.beforeEach(() => database.reset())

    async function events(type?: string) {
      const rows = extractRows<{ type: string; user_id: string | null }>(
        await database.db.execute(sql`select type, user_id from auth.security_events ${type ? sql`where type = ${type}` : sql``} order by created_at`),
      )
      return rows
    }

    t.test('register: 201 with the user and three cookies with exactly the contract attributes', async (t) => {
      const { app, config } = await buildTestApp(t, database)
      const { response } = await register(app, newAccount({ email: 'Ann@Example.COM', username: 'AnnShop', firstName: 'Ann' }))
      t.equal(response.statusCode, 201)
      const { user } = response.json()
      t.match(user, { email: 'ann@example.com', username: 'AnnShop', firstName: 'Ann', lastName: null, role: 'user' })
      t.same(Object.keys(user).sort(), ['createdAt', 'email', 'firstName', 'id', 'lastName', 'role', 'username'])
      const cookies = Object.fromEntries(parseSetCookies(response).map((cookie) => [cookie.name, cookie]))
      t.same(Object.keys(cookies).sort(), ['__Host-pd_at', '__Host-pd_csrf', '__Secure-pd_rt'])
      t.same(cookies['__Host-pd_at']!.attributes, { 'max-age': String(config.ACCESS_TOKEN_TTL_SECONDS), path: '/', httponly: true, secure: true, samesite: 'Lax' })
      const refreshAttributes = cookies['__Secure-pd_rt']!.attributes
      t.match(refreshAttributes, { path: '/auth', httponly: true, secure: true, samesite: 'Strict' })
      t.ok(Math.abs(Number(refreshAttributes['max-age']) - config.SESSION_ABSOLUTE_TTL) <= 2, 'refresh Max-Age = remaining absolute lifetime')
      t.same(Object.keys(refreshAttributes).sort(), ['httponly', 'max-age', 'path', 'samesite', 'secure'], 'no Domain, no Expires')
      const csrf = cookies['__Host-pd_csrf']!.attributes
      t.match(csrf, { path: '/', secure: true, samesite: 'Strict' })
      t.notOk('httponly' in csrf, 'the page can read the CSRF cookie')
      t.notOk('domain' in csrf)
      t.match(cookies['__Secure-pd_rt']!.value, /^[A-Za-z0-9_-]{43}$/, '256-bit opaque refresh token')
      for (const cookie of Object.values(cookies)) t.notMatch(response.body, cookie.value, 'tokens never in the body')
      const stored = extractRows<{ token_hash: string }>(await database.db.execute(sql`select token_hash from auth.refresh_tokens`))
      t.equal(stored.length, 1)
      t.not(stored[0]!.token_hash, cookies['__Secure-pd_rt']!.value, 'only a hash is stored')
      t.match(response.headers['cache-control'], 'no-store')
    })

    t.test('with COOKIE_SECURE=false the cookies lose Secure and their prefixes', async (t) => {
      const { app } = await buildTestApp(t, database, { env: { COOKIE_SECURE: 'false' } })
      const { response } = await register(app)
      const cookies = parseSetCookies(response)
      t.same(cookies.map((cookie) => cookie.name).sort(), ['pd_at', 'pd_csrf', 'pd_rt'])
      for (const cookie of cookies) t.notOk('secure' in cookie.attributes)
      const browser = new Browser({ access: 'pd_at', refresh: 'pd_rt', csrf: 'pd_csrf' }).store(response)
      t.equal((await app.inject({ url: '/auth/me', headers: browser.headers() })).statusCode, 200)
      t.equal((await refresh(app, browser)).statusCode, 200)
    })

    t.test('register: 409 when email or username is taken, whatever the case', async (t) => {
      const { app } = await buildTestApp(t, database)
      t.equal((await register(app, newAccount({ email: 'bob@example.com', username: 'bob' }))).response.statusCode, 201)
      const sameEmail = (await register(app, newAccount({ email: 'BOB@example.com', username: 'bobby' }))).response
      t.equal(sameEmail.statusCode, 409)
      t.match(sameEmail.json(), { code: 'account_taken', errors: [{ field: '/body/email' }] })
      const sameUsername = (await register(app, newAccount({ email: 'other@example.com', username: 'BOB' }))).response
      t.equal(sameUsername.statusCode, 409)
      t.match(sameUsername.json(), { code: 'account_taken', errors: [{ field: '/body/username' }] })
    })

    t.test('register: weak passwords refused with the reason on the field', async (t) => {
      const { app } = await buildTestApp(t, database)
      const cases: [string, RegExp, Record<string, string>?][] = [
        ['eleven char', /too short/],
        ['x'.repeat(64) + 'y'.repeat(65), /too long/],
        ['1qaz2wsx3edc', /too common/],
        ['zzzzzzzzzzzzzz', /repetitive/],
        ['carol-the-shopkeeper', /username/, { username: 'carol' }],
        ['i am dave.jones forever', /email/, { email: 'dave.jones@example.com' }],
      ]
      for (const [password, reason, extra] of cases) {
        const { response } = await register(app, newAccount({ password, ...extra }))
        t.equal(response.statusCode, 400, password)
        t.match(response.json(), { code: 'weak_password', errors: [{ field: '/body/password', message: reason }] }, password)
        t.match(response.headers['content-type'], /problem\+json/)
      }
      const { count } = extractRows<{ count: number }>(await database.db.execute(sql`select count(*)::int as count from auth.users`))[0]!
      t.equal(count, 0, 'nothing was created')
    })

    t.test('register: 12 code points of emoji are a valid password, and sign in again', async (t) => {
      const { app } = await buildTestApp(t, database)
      const password = '🦊🐼🐙🦄🐝🐢🦉🐬🦋🐞🦀🐿'
      t.equal([...password].length, 12)
      const { response, body } = await register(app, newAccount({ password }))
      t.equal(response.statusCode, 201, response.body)
      t.equal((await login(app, body.username, password)).response.statusCode, 200)
      // Decomposed vs precomposed forms are the same password (NFKC).
      const accented = await register(app, newAccount({ password: 'caf\u00e9 cr\u00e8me br\u00fbl\u00e9e' }))
      t.equal(accented.response.statusCode, 201)
      t.equal((await login(app, accented.body.email, 'cafe\u0301 cre\u0300me bru\u0302le\u0301e')).response.statusCode, 200)
    })

    t.test('unknown fields and malformed input are 400', async (t) => {
      const { app } = await buildTestApp(t, database)
      const extra = await app.inject({ method: 'POST', url: '/auth/register', payload: { ...newAccount(), role: 'admin' } })
      t.equal(extra.statusCode, 400)
      t.match(extra.json(), { code: 'validation_failed', errors: [{ field: '/body/role', message: 'is not allowed' }] })
      const badEmail = await app.inject({ method: 'POST', url: '/auth/register', payload: newAccount({ email: 'not-an-email' }) })
      t.equal(badEmail.statusCode, 400)
      const atInUsername = await app.inject({ method: 'POST', url: '/auth/register', payload: newAccount({ username: 'a@b' }) })
      t.equal(atInUsername.statusCode, 400)
      const loginExtra = await app.inject({ method: 'POST', url: '/auth/login', payload: { identifier: 'x', password: 'y', remember: true } })
      t.equal(loginExtra.statusCode, 400)
    })

    t.test('login by username or email, case-insensitively; records the event', async (t) => {
      const { app } = await buildTestApp(t, database)
      const { body, response: registered } = await register(app, newAccount({ email: 'erin@example.com', username: 'Erin' }))
      const userId = registered.json().user.id
      for (const identifier of ['erin', 'ERIN', 'Erin@Example.com', ' erin@example.com ']) {
        const { response, browser } = await login(app, identifier, body.password)
        t.equal(response.statusCode, 200, identifier)
        t.equal(response.json().user.id, userId)
        t.ok(browser.access && browser.refresh && browser.csrf)
      }
      t.equal((await events('login_succeeded')).length, 4)
    })

    t.test('unknown user and wrong password: identical answers in about the same time', async (t) => {
      const { app } = await buildTestApp(t, database, { env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '100', LOGIN_MAX_FAILURES_PER_IP: '100' } })
      const { body } = await register(app)
      const unknown = await login(app, 'nobody-here', 'some password 123')
      const wrong = await login(app, body.username, 'some password 123')
      t.equal(unknown.response.statusCode, 401)
      t.equal(wrong.response.statusCode, 401)
      t.same(unknown.response.json(), wrong.response.json())
      t.match(unknown.response.json(), { code: 'invalid_credentials' })
      t.equal(unknown.response.headers['set-cookie'], undefined)
      t.equal(wrong.response.headers['set-cookie'], undefined)
      t.same(Object.keys(unknown.response.headers).sort(), Object.keys(wrong.response.headers).sort())
      // Timing: both paths run one argon2 verification. Medians, generous ratio; without the dummy
      // verification the unknown-user path is several times faster and this fails.
      const time = async (identifier: string) => {
        const samples: number[] = []
        for (let i = 0; i < 7; i++) {
          const started = performance.now()
          const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { identifier, password: `wrong password ${i}` } })
          samples.push(performance.now() - started)
          t.equal(response.statusCode, 401)
        }
        return samples.sort((a, b) => a - b)[3]!
      }
      const [unknownTime, wrongTime] = [await time('nobody-here-2'), await time(body.email)]
      const ratio = unknownTime / wrongTime
      t.ok(ratio > 0.4 && ratio < 2.5, `unknown ${unknownTime.toFixed(1)} ms vs wrong ${wrongTime.toFixed(1)} ms`)
      t.equal((await events('login_failed')).length, 8, 'failures recorded for the existing account only')
    })

    t.test('failed logins per account: 429 with Retry-After, then allowed again after the window', async (t) => {
      const { app, clock } = await buildTestApp(t, database, { env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_FAILURE_WINDOW: '10m' } })
      const { body } = await register(app)
      for (let i = 0; i < 3; i++) t.equal((await login(app, body.username, 'wrong password here')).response.statusCode, 401)
      const blocked = (await login(app, body.username.toUpperCase(), body.password)).response
      t.equal(blocked.statusCode, 429, 'even the right password waits: the normalised identifier is blocked')
      t.equal(blocked.headers['retry-after'], '600')
      t.match(blocked.json(), { code: 'too_many_attempts', status: 429 })
      t.equal((await login(app, body.email, 'wrong password here')).response.statusCode, 401, 'the email is a separate key (not a lock on the account)')
      const unknown = async () => (await login(app, 'ghost-user', 'wrong password here')).response.statusCode
      t.same([await unknown(), await unknown(), await unknown(), await unknown()], [401, 401, 401, 429], 'unknown accounts are throttled alike')
      clock.advance(601)
      t.equal((await login(app, body.username, body.password)).response.statusCode, 200, 'never a permanent lock')
    })

    t.test('failed logins per IP (from X-Forwarded-For only when the proxy is trusted)', async (t) => {
      const untrusted = await buildTestApp(t, database, { env: { LOGIN_MAX_FAILURES_PER_IP: '2' } })
      const attempt = (app: typeof untrusted.app, ip: string, n: number) =>
        app.inject({ method: 'POST', url: '/auth/login', payload: { identifier: `someone${n}`, password: 'wrong password here' }, headers: { 'x-forwarded-for': ip } })
      t.equal((await attempt(untrusted.app, '203.0.113.1', 1)).statusCode, 401)
      t.equal((await attempt(untrusted.app, '203.0.113.2', 2)).statusCode, 401)
      const third = await attempt(untrusted.app, '203.0.113.3', 3)
      t.equal(third.statusCode, 429, 'a forged X-Forwarded-For does not reset the count')
      t.ok(Number(third.headers['retry-after']) > 0)

      const trusted = await buildTestApp(t, database, { env: { LOGIN_MAX_FAILURES_PER_IP: '2', TRUST_PROXY: 'loopback' } })
      t.equal((await attempt(trusted.app, '203.0.113.1', 1)).statusCode, 401)
      t.equal((await attempt(trusted.app, '203.0.113.1', 2)).statusCode, 401)
      t.equal((await attempt(trusted.app, '203.0.113.1', 3)).statusCode, 429)
      t.equal((await attempt(trusted.app, '203.0.113.9', 4)).statusCode, 401, 'another client behind the proxy is not blocked')
    })

    t.test('registrations are rate limited per IP', async (t) => {
      const { app } = await buildTestApp(t, database, { env: { REGISTER_MAX_PER_IP: '2' } })
      t.equal((await register(app)).response.statusCode, 201)
      t.equal((await register(app)).response.statusCode, 201)
      const third = (await register(app)).response
      t.equal(third.statusCode, 429)
      t.ok(Number(third.headers['retry-after']) > 0)
      t.match(third.json(), { code: 'too_many_attempts' })
    })

    t.test('login and register refuse cross-site requests', async (t) => {
      const { app } = await buildTestApp(t, database)
      const { body } = await register(app)
      const evil = await login(app, body.username, body.password, { origin: 'https://evil.example' })
      t.equal(evil.response.statusCode, 403)
      t.match(evil.response.json(), { code: 'cross_site_refused' })
      t.equal(evil.response.headers['set-cookie'], undefined)
      const fetchSite = await login(app, body.username, body.password, { 'sec-fetch-site': 'cross-site' })
      t.equal(fetchSite.response.statusCode, 403)
      const registerEvil = await app.inject({ method: 'POST', url: '/auth/register', payload: newAccount(), headers: { origin: 'https://evil.example' } })
      t.equal(registerEvil.statusCode, 403)
      t.equal((await login(app, body.username, body.password, { 'sec-fetch-site': 'same-origin' })).response.statusCode, 200)
      t.equal((await login(app, body.username, body.password, { origin: 'http://localhost:5173' })).response.statusCode, 200, 'dev origins outside production')
      const noOrigin = await app.inject({ method: 'POST', url: '/auth/login', payload: { identifier: body.username, password: body.password } })
      t.equal(noOrigin.statusCode, 200, 'non-browser clients send no Origin')
    })

    t.test('a hash made with weaker parameters is upgraded at the next successful login', async (t) => {
      const weak = await buildTestApp(t, database, { env: { ARGON2_MEMORY_KIB: '8192', ARGON2_TIME_COST: '1' } })
      const { body } = await register(weak.app)
      const hashOf = async () =>
        extractRows<{ password_hash: string }>(await database.db.execute(sql`select password_hash from auth.users where username = ${body.username}`))[0]!
          .password_hash
      t.match(await hashOf(), /\$m=8192,t=1,p=1\$/)
      const strong = await buildTestApp(t, database)
      t.equal((await login(strong.app, body.username, 'wrong password again')).response.statusCode, 401)
      t.match(await hashOf(), /\$m=8192,t=1,p=1\$/, 'not on a failed login')
      t.equal((await login(strong.app, body.username, body.password)).response.statusCode, 200)
      t.match(await hashOf(), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
      t.equal((await login(strong.app, body.username, body.password)).response.statusCode, 200, 'the new hash verifies')
    })

    t.test('passwords and tokens never reach the logs', async (t) => {
      const { app, logs } = await buildTestApp(t, database)
      const password = 'a very secret passphrase 42'
      const { browser, body } = await register(app, newAccount({ password }))
      await login(app, body.username, 'a wrong but secret guess 99')
      const second = await login(app, body.email, password)
      const refreshed = await refresh(app, second.browser)
      const third = new Browser().store(refreshed)
      await app.inject({ url: '/auth/me', headers: { authorization: `Bearer ${browser.access}` } })
      await app.inject({ method: 'POST', url: '/auth/logout', headers: third.headers() })
      const output = logs.join('')
      t.ok(output.includes('"reqId"'), 'requests were logged')
      const secrets = [password, 'a wrong but secret guess 99', browser.access, browser.refresh, browser.csrf, second.browser.refresh, third.refresh, third.access]
      for (const secret of secrets) {
        t.ok(secret)
        t.notOk(output.includes(secret!), 'secret absent from logs')
      }
    })

    t.test('the password is hashed with argon2id at the configured cost', async (t) => {
      const { app } = await buildTestApp(t, database)
      await register(app, newAccount({ password: STRONG_PASSWORD }))
      const [row] = extractRows<{ password_hash: string }>(await database.db.execute(sql`select password_hash from auth.users`))
      t.match(row!.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
      t.notOk(row!.password_hash.includes(STRONG_PASSWORD))
    })

  })
}
