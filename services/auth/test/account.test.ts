/** The signed-in user's own routes: me, password change, sessions, events; plus health and readiness. */
import t from 'tap'
import { sql } from 'drizzle-orm'
import { extractRows, testDatabaseKinds } from '@proddash/db/testing'
import { STRONG_PASSWORD, buildTestApp, login, newAccount, openAuthTestDatabase, refresh, register } from './helper.js'

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const database = await openAuthTestDatabase(t, kind)
    t.beforeEach(() => database.reset())

    t.test('GET /auth/me with the access cookie or a Bearer token; 401 with WWW-Authenticate without', async (t) => {
      const { app } = await buildTestApp(t, database)
      const { browser, response } = await register(app, newAccount({ firstName: 'Fay', lastName: 'Shop' }))
      const expected = response.json()
      const byCookie = await app.inject({ url: '/auth/me', headers: { cookie: `__Host-pd_at=${browser.access}` } })
      t.equal(byCookie.statusCode, 200)
      t.same(byCookie.json(), expected)
      const byBearer = await app.inject({ url: '/auth/me', headers: { authorization: `Bearer ${browser.access}` } })
      t.same(byBearer.json(), expected)
      const anonymous = await app.inject({ url: '/auth/me' })
      t.equal(anonymous.statusCode, 401)
      t.match(anonymous.headers['www-authenticate'], /^Bearer .*error="invalid_token"/)
      t.match(anonymous.headers['content-type'], /problem\+json/)
    })

    t.test('PATCH /auth/me changes profile names only, with CSRF when cookie-authenticated', async (t) => {
      const { app } = await buildTestApp(t, database)
      const { browser } = await register(app)
      const patch = (payload: Record<string, unknown>, headers: Record<string, string>) => app.inject({ method: 'PATCH', url: '/auth/me', payload, headers })
      const ok = await patch({ firstName: 'Gus', lastName: 'Grocer' }, browser.headers())
      t.equal(ok.statusCode, 200)
      t.match(ok.json().user, { firstName: 'Gus', lastName: 'Grocer' })
      t.match((await patch({ lastName: null }, browser.headers())).json().user, { firstName: 'Gus', lastName: null })

      const noCsrf = browser.headers()
      delete noCsrf['x-csrf-token']
      const refused = await patch({ firstName: 'Mallory' }, noCsrf)
      t.equal(refused.statusCode, 403)
      t.equal((await patch({ firstName: 'Mallory' }, browser.headers({ 'x-csrf-token': 'nope' }))).statusCode, 403)
      t.equal((await patch({ firstName: 'Bearer' }, { authorization: `Bearer ${browser.access}` })).statusCode, 200, 'Bearer carries no ambient authority: no CSRF')

      for (const payload of [{ email: 'new@example.com' }, { role: 'admin' }, { firstName: 'A', nickname: 'x' }, {}, { firstName: 'x'.repeat(101) }, { lastName: ['a', 'b'] }]) {
        const response = await patch(payload, browser.headers())
        t.equal(response.statusCode, 400, JSON.stringify(payload))
        t.match(response.json(), { code: 'validation_failed' })
      }
      const me = (await app.inject({ url: '/auth/me', headers: browser.headers() })).json().user
      t.match(me, { firstName: 'Bearer', lastName: null, role: 'user' })
      // Bodies are never coerced: an empty name is refused, null clears it.
      t.equal((await patch({ firstName: '' }, browser.headers())).statusCode, 400)
      t.equal((await patch({ firstName: 42 }, browser.headers())).statusCode, 400, 'a number is not turned into a string')
      t.match((await patch({ firstName: null }, browser.headers())).json().user, { firstName: null })
    })

    t.test('POST /auth/password: checks the current password, refuses weak ones, revokes the other sessions only', async (t) => {
      const { app } = await buildTestApp(t, database)
      const { browser: current, body } = await register(app)
      const { browser: other } = await login(app, body.email, body.password)
      const change = (payload: Record<string, unknown>, headers = current.headers()) => app.inject({ method: 'POST', url: '/auth/password', payload, headers })

      const wrong = await change({ currentPassword: 'not the password at all', newPassword: 'a brand new passphrase' })
      t.equal(wrong.statusCode, 400)
      t.match(wrong.json(), { code: 'current_password_wrong', errors: [{ field: '/body/currentPassword' }] })
      const weak = await change({ currentPassword: body.password, newPassword: 'password1234' })
      t.equal(weak.statusCode, 400)
      t.match(weak.json(), { code: 'weak_password', errors: [{ field: '/body/newPassword', message: /common/ }] })
      const tooShort = await change({ currentPassword: body.password, newPassword: 'short' })
      t.match(tooShort.json(), { errors: [{ field: '/body/newPassword', message: /too short/ }] })
      t.equal((await change({ currentPassword: body.password, newPassword: 'x'.repeat(20), extra: 1 })).statusCode, 400, 'unknown fields')
      const noCsrf = current.headers()
      delete noCsrf['x-csrf-token']
      t.equal((await change({ currentPassword: body.password, newPassword: 'a brand new passphrase' }, noCsrf)).statusCode, 403)

      const done = await change({ currentPassword: body.password, newPassword: 'a brand new passphrase' })
      t.equal(done.statusCode, 204)
      t.equal((await refresh(app, other)).statusCode, 401, 'the other session is revoked')
      t.equal((await app.inject({ url: '/auth/me', headers: other.headers() })).statusCode, 401, "and its access token no longer works here")
      const kept = await refresh(app, current)
      t.equal(kept.statusCode, 200, 'the current session is kept')
      t.equal((await login(app, body.username, body.password)).response.statusCode, 401, 'the old password is gone')
      t.equal((await login(app, body.username, 'a brand new passphrase')).response.statusCode, 200)
      const events = extractRows<{ detail: { sessionsRevoked: number } }>(await database.db.execute(sql`select detail from auth.security_events where type = 'password_changed'`))
      t.match(events, [{ detail: { sessionsRevoked: 1 } }])
    })

    t.test('guessing the current password through a session is throttled', async (t) => {
      const { app } = await buildTestApp(t, database, { env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' } })
      const { browser, body } = await register(app)
      const change = (currentPassword: string) =>
        app.inject({ method: 'POST', url: '/auth/password', payload: { currentPassword, newPassword: 'a brand new passphrase' }, headers: browser.headers() })
      t.equal((await change('guess number one')).statusCode, 400)
      t.equal((await change('guess number two')).statusCode, 400)
      const blocked = await change(body.password)
      t.equal(blocked.statusCode, 429)
      t.ok(Number(blocked.headers['retry-after']) > 0)
    })

    t.test('GET /auth/sessions lists live sessions with the current one marked', async (t) => {
      const { app } = await buildTestApp(t, database)
      const { browser, body } = await register(app)
      await login(app, body.username, body.password, { 'user-agent': 'PhoneBrowser/1.0' })
      const revoked = await login(app, body.username, body.password)
      await app.inject({ method: 'POST', url: '/auth/logout', headers: revoked.browser.headers() })
      const response = await app.inject({ url: '/auth/sessions', headers: browser.headers() })
      t.equal(response.statusCode, 200)
      const { items } = response.json()
      t.equal(items.length, 2, 'the logged-out session is not listed')
      t.same(Object.keys(items[0]).sort(), ['createdAt', 'current', 'id', 'lastUsedAt', 'userAgent'])
      t.equal(items.filter((item: { current: boolean }) => item.current).length, 1)
      t.ok(items.some((item: { userAgent: string }) => item.userAgent === 'PhoneBrowser/1.0'))
    })

    t.test("DELETE /auth/sessions/:id revokes one of mine; another user's id is 404", async (t) => {
      const { app } = await buildTestApp(t, database)
      const { browser, body } = await register(app)
      const { browser: phone } = await login(app, body.username, body.password)
      const { browser: stranger } = await register(app)
      const list = async (who: typeof browser) => (await app.inject({ url: '/auth/sessions', headers: who.headers() })).json().items as { id: string; current: boolean }[]
      const phoneSession = (await list(phone)).find((item) => item.current)!.id
      const strangerSession = (await list(stranger))[0]!.id
      const remove = (id: string, headers = browser.headers()) => app.inject({ method: 'DELETE', url: `/auth/sessions/${id}`, headers })

      const foreign = await remove(strangerSession)
      t.equal(foreign.statusCode, 404)
      t.match(foreign.json(), { code: 'session_not_found' })
      t.equal((await refresh(app, stranger)).statusCode, 200, "the stranger's session is untouched")
      t.equal((await remove('00000000-0000-4000-8000-000000000000')).statusCode, 404)
      t.equal((await remove('not-a-uuid')).statusCode, 400)
      const noCsrf = browser.headers()
      delete noCsrf['x-csrf-token']
      t.equal((await remove(phoneSession, noCsrf)).statusCode, 403)

      t.equal((await remove(phoneSession)).statusCode, 204)
      t.equal((await refresh(app, phone)).statusCode, 401, 'the phone is signed out')
      t.equal((await remove(phoneSession)).statusCode, 404, 'already gone')
      t.equal((await refresh(app, browser)).statusCode, 200, 'this session is kept')
      const events = extractRows<{ detail: { sessionId: string } }>(
        await database.db.execute(sql`select detail from auth.security_events where type = 'session_revoked' and detail->>'reason' = 'revoked_by_user'`),
      )
      t.match(events, [{ detail: { sessionId: phoneSession } }])
    })

    t.test("GET /auth/events shows the user's own recent security events only", async (t) => {
      const { app } = await buildTestApp(t, database)
      const { browser, body } = await register(app)
      await login(app, body.username, 'wrong password, sorry')
      await login(app, body.username, body.password)
      const { body: otherBody } = await register(app)
      await login(app, otherBody.username, 'wrong password, sorry')
      const response = await app.inject({ url: '/auth/events', headers: browser.headers() })
      t.equal(response.statusCode, 200)
      const types = response.json().items.map((item: { type: string }) => item.type)
      t.same(types.slice().sort(), ['login_failed', 'login_succeeded', 'registered'])
      t.match(response.json().items[0], { id: String, type: String, createdAt: String, ip: '127.0.0.1', detail: Object })
      t.equal((await app.inject({ url: '/auth/events' })).statusCode, 401)
    })

    t.test('health: /healthz always; /readyz 200 while the database answers, 503 once it does not', async (t) => {
      const { app } = await buildTestApp(t, database)
      t.equal((await app.inject('/healthz')).statusCode, 200)
      t.equal((await app.inject('/readyz')).statusCode, 200)
      await register(app, newAccount({ password: STRONG_PASSWORD }))
      // Last test of the file: closing the shared database is fine now.
      await database.close()
      const notReady = await app.inject('/readyz')
      t.equal(notReady.statusCode, 503)
      t.match(notReady.json(), { code: 'service_unavailable' })
      t.equal((await app.inject('/healthz')).statusCode, 200, 'still alive')
    })
  })
}
