/** Refresh rotation, the reuse grace window, reuse detection, races, session lifetimes, CSRF, logout and logout-all. */
import t from 'tap'
import { sql } from 'drizzle-orm'
import { extractRows, testDatabaseKinds } from '@proddash/db/testing'
import { tokenHash } from '../src/lib/crypto.js'
import { Browser, buildTestApp, login, openAuthTestDatabase, parseSetCookies, refresh, register } from './helper.js'

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const database = await openAuthTestDatabase(t, kind)
    t.beforeEach(() => database.reset())

    const rows = async <T>(query: ReturnType<typeof sql>) => extractRows<T>(await database.db.execute(query))
    const liveTokens = (sessionId: string) =>
      rows<{ token_hash: string }>(sql`select token_hash from auth.refresh_tokens where session_id = ${sessionId} and rotated_at is null`)
    const sessionOf = async (browser: Browser) =>
      (await rows<{ session_id: string }>(sql`select session_id from auth.refresh_tokens where token_hash = ${tokenHash(browser.refresh!)}`))[0]!.session_id

    t.test('refresh rotates the token, keeps the CSRF token, and answers {user, accessTokenExpiresAt}', async (t) => {
      const { app, config } = await buildTestApp(t, database)
      const { browser, response: registered } = await register(app)
      const first = browser.clone()
      const response = await refresh(app, browser)
      t.equal(response.statusCode, 200)
      const body = response.json()
      t.same(Object.keys(body).sort(), ['accessTokenExpiresAt', 'user'])
      t.same(body.user, registered.json().user)
      t.ok(Math.abs(new Date(body.accessTokenExpiresAt).getTime() - Date.now() - config.ACCESS_TOKEN_TTL_SECONDS * 1000) < 5000)
      browser.store(response)
      t.not(browser.refresh, first.refresh, 'a new refresh token')
      t.not(browser.access, first.access, 'a new access token')
      t.equal(browser.csrf, first.csrf, 'the CSRF token is stable for the session, so tabs agree')
      const cookies = Object.fromEntries(parseSetCookies(response).map((cookie) => [cookie.name, cookie.attributes]))
      t.match(cookies['__Secure-pd_rt'], { path: '/auth', httponly: true, secure: true, samesite: 'Strict' })
      t.match(cookies['__Host-pd_at'], { path: '/', httponly: true, secure: true, samesite: 'Lax', 'max-age': '900' })
      for (const value of [browser.access!, browser.refresh!]) t.notOk(response.body.includes(value))
      const sessionId = await sessionOf(browser)
      t.same(await liveTokens(sessionId), [{ token_hash: tokenHash(browser.refresh!) }], 'one live token in the family')
      const [old] = await rows<{ rotated_at: Date | null; replaced_by: string }>(
        sql`select rotated_at, replaced_by from auth.refresh_tokens where token_hash = ${tokenHash(first.refresh!)}`,
      )
      t.ok(old!.rotated_at)
      t.equal((await refresh(app, browser)).statusCode, 200, 'and the new token works in turn')
    })

    t.test('refresh without a (known) refresh cookie is 401 and clears cookies', async (t) => {
      const { app } = await buildTestApp(t, database)
      const none = await app.inject({ method: 'POST', url: '/auth/refresh' })
      t.equal(none.statusCode, 401)
      t.match(none.json(), { code: 'invalid_refresh_token' })
      const made = await app.inject({ method: 'POST', url: '/auth/refresh', headers: { cookie: '__Secure-pd_rt=made-up; __Host-pd_csrf=x', 'x-csrf-token': 'x' } })
      t.equal(made.statusCode, 401)
      t.ok(parseSetCookies(made).every((cookie) => cookie.attributes['max-age'] === '0'))
    })

    t.test('refresh needs X-CSRF-Token equal to the cookie and bound to the session', async (t) => {
      const { app } = await buildTestApp(t, database)
      const { browser } = await register(app)
      const { browser: other } = await register(app)
      const attempt = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/auth/refresh', headers })
      const cookieOnly = browser.headers()
      delete cookieOnly['x-csrf-token']
      t.equal((await attempt(cookieOnly)).statusCode, 403, 'missing header')
      t.match((await attempt(cookieOnly)).json(), { code: 'csrf_failed' })
      t.equal((await attempt(browser.headers({ 'x-csrf-token': 'wrong' }))).statusCode, 403, 'header differs from cookie')
      const swapped = browser.clone()
      swapped.cookies.set('__Host-pd_csrf', other.csrf!)
      t.equal((await attempt(swapped.headers())).statusCode, 403, "another session's CSRF token (cookie and header agree) is not bound to this one")
      t.equal((await attempt(browser.headers())).statusCode, 200, 'nothing was rotated by the refused attempts')
    })

    t.test('a rotated token presented again within the grace window gets the same successor', async (t) => {
      const { app, clock } = await buildTestApp(t, database)
      const { browser } = await register(app)
      const tabA = browser.clone()
      const tabB = browser.clone()
      const first = await refresh(app, tabA)
      t.equal(first.statusCode, 200)
      tabA.store(first)
      clock.advance(5)
      const second = await refresh(app, tabB)
      t.equal(second.statusCode, 200)
      tabB.store(second)
      t.equal(tabB.refresh, tabA.refresh, 'same successor for the late tab')
      t.not(tabB.access, tabA.access, 'a fresh access token')
      t.equal((await liveTokens(await sessionOf(tabA))).length, 1, 'still one chain')
      t.equal((await refresh(app, tabA)).statusCode, 200, 'the chain goes on')
    })

    t.test('a rotated token replayed after the grace window revokes the session: the newest token fails too', async (t) => {
      const { app, clock, config } = await buildTestApp(t, database)
      const { browser, response: registered } = await register(app)
      const stolen = browser.clone()
      const rotated = await refresh(app, browser)
      browser.store(rotated)
      clock.advance(config.REFRESH_REUSE_GRACE_SECONDS + 1)
      const replay = await refresh(app, stolen)
      t.equal(replay.statusCode, 401)
      t.match(replay.json(), { code: 'invalid_refresh_token' })
      t.ok(parseSetCookies(replay).every((cookie) => cookie.attributes['max-age'] === '0'), 'cookies cleared')
      const newest = await refresh(app, browser)
      t.equal(newest.statusCode, 401, 'the legitimate newest token is dead as well')
      const sessionId = await sessionOf(browser)
      const [session] = await rows<{ revoked_at: Date | null; revoke_reason: string }>(sql`select revoked_at, revoke_reason from auth.sessions where id = ${sessionId}`)
      t.ok(session!.revoked_at)
      t.equal(session!.revoke_reason, 'refresh_reuse_detected')
      const events = await rows<{ user_id: string; detail: { sessionId: string } }>(sql`select user_id, detail from auth.security_events where type = 'refresh_reuse_detected'`)
      t.equal(events.length, 1)
      t.match(events[0], { user_id: registered.json().user.id, detail: { sessionId } })
      t.equal((await app.inject({ url: '/auth/me', headers: browser.headers() })).statusCode, 401, 'its access tokens are refused here too')
    })

    t.test('with a tiny grace window configured, a real replay 1.2 s later is detected', async (t) => {
      const { app } = await buildTestApp(t, database, { env: { REFRESH_REUSE_GRACE_SECONDS: '1' } })
      const { browser } = await register(app)
      const stolen = browser.clone()
      browser.store(await refresh(app, browser))
      await new Promise((resolve) => setTimeout(resolve, 1200))
      t.equal((await refresh(app, stolen)).statusCode, 401)
      t.equal((await refresh(app, browser)).statusCode, 401)
    })

    t.test('two parallel refreshes with one token leave exactly one live chain', async (t) => {
      const { app } = await buildTestApp(t, database)
      const { browser } = await register(app)
      const sessionId = await sessionOf(browser)
      const answers = await Promise.all([refresh(app, browser.clone()), refresh(app, browser.clone()), refresh(app, browser.clone())])
      const ok = answers.filter((answer) => answer.statusCode === 200)
      t.ok(ok.length >= 1)
      t.ok(answers.every((answer) => answer.statusCode === 200 || answer.statusCode === 401))
      const successors = new Set(ok.map((answer) => new Browser().store(answer).refresh))
      t.equal(successors.size, 1, 'every successful answer carries the same new token')
      const live = await liveTokens(sessionId)
      t.equal(live.length, 1, 'exactly one non-rotated token in the family')
      t.equal(live[0]!.token_hash, tokenHash([...successors][0]!))
      const [{ count }] = (await rows<{ count: number }>(sql`select count(*)::int as count from auth.refresh_tokens where session_id = ${sessionId}`)) as [{ count: number }]
      t.equal(count, 2, 'one rotation happened, not three')
    })

    t.test('idle lifetime: a session unused for SESSION_IDLE_TTL ends; use extends it', async (t) => {
      const { app, clock } = await buildTestApp(t, database, { env: { SESSION_IDLE_TTL: '1h', SESSION_ABSOLUTE_TTL: '3h' } })
      const { browser } = await register(app)
      clock.advance(3000)
      browser.store(await refresh(app, browser))
      clock.advance(3000)
      const stillAlive = await refresh(app, browser)
      t.equal(stillAlive.statusCode, 200, 'used within the idle window each time')
      browser.store(stillAlive)
      clock.advance(3601)
      t.equal((await refresh(app, browser)).statusCode, 401, 'idle too long')
    })

    t.test('absolute lifetime: the session ends however often it is used; Max-Age counts down to it', async (t) => {
      const { app, clock } = await buildTestApp(t, database, { env: { SESSION_IDLE_TTL: '1h', SESSION_ABSOLUTE_TTL: '2h' } })
      const { browser } = await register(app)
      clock.advance(3000)
      const first = await refresh(app, browser)
      t.equal(first.statusCode, 200)
      const maxAge = Number(parseSetCookies(first).find((cookie) => cookie.name === '__Secure-pd_rt')!.attributes['max-age'])
      t.ok(Math.abs(maxAge - (7200 - 3000)) <= 2, `refresh cookie Max-Age ${maxAge} = remaining absolute lifetime`)
      browser.store(first)
      clock.advance(3000)
      browser.store(await refresh(app, browser))
      clock.advance(1300)
      t.equal((await refresh(app, browser)).statusCode, 401, 'past the absolute lifetime')
    })

    t.test('logout: 204, session revoked, all three cookies cleared with matching attributes; no access token needed', async (t) => {
      const { app } = await buildTestApp(t, database)
      const { browser } = await register(app)
      const withoutAccess = browser.clone()
      withoutAccess.cookies.delete('__Host-pd_at') // e.g. expired and dropped by the browser
      const response = await app.inject({ method: 'POST', url: '/auth/logout', headers: withoutAccess.headers() })
      t.equal(response.statusCode, 204)
      t.equal(response.body, '')
      const cleared = Object.fromEntries(parseSetCookies(response).map((cookie) => [cookie.name, cookie]))
      t.same(Object.keys(cleared).sort(), ['__Host-pd_at', '__Host-pd_csrf', '__Secure-pd_rt'])
      t.match(cleared['__Host-pd_at'], { value: '', attributes: { 'max-age': '0', path: '/', httponly: true, secure: true, samesite: 'Lax' } })
      t.match(cleared['__Secure-pd_rt'], { value: '', attributes: { 'max-age': '0', path: '/auth', httponly: true, secure: true, samesite: 'Strict' } })
      t.match(cleared['__Host-pd_csrf'], { value: '', attributes: { 'max-age': '0', path: '/', secure: true, samesite: 'Strict' } })
      t.notOk('httponly' in cleared['__Host-pd_csrf']!.attributes)
      t.equal((await refresh(app, browser)).statusCode, 401, 'the refresh token is dead')
      t.equal((await app.inject({ url: '/auth/me', headers: browser.headers() })).statusCode, 401, 'the session is over for this service')
      t.equal((await app.inject({ method: 'POST', url: '/auth/logout' })).statusCode, 204, 'logging out with no session is harmless')
    })

    t.test('an expired access token is refused, yet refresh and logout still work with the refresh cookie', async (t) => {
      const { app, clock } = await buildTestApp(t, database)
      clock.advance(-3600) // tokens minted now expired 45 minutes ago by the verifier's (real) clock
      const { browser } = await register(app)
      clock.advance(3600)
      const me = await app.inject({ url: '/auth/me', headers: browser.headers() })
      t.equal(me.statusCode, 401)
      t.match(me.headers['www-authenticate'], /invalid_token/)
      const renewed = browser.clone()
      const refreshed = await refresh(app, renewed)
      t.equal(refreshed.statusCode, 200)
      renewed.store(refreshed)
      t.equal((await app.inject({ url: '/auth/me', headers: renewed.headers() })).statusCode, 200, 'the refreshed access token works')
      t.equal((await app.inject({ method: 'POST', url: '/auth/logout', headers: renewed.headers({ cookie: renewed.headers().cookie!.replace(/__Host-pd_at=[^;]+/, `__Host-pd_at=${browser.access}`) }) })).statusCode, 204)
      t.equal((await refresh(app, renewed)).statusCode, 401)
    })

    t.test('logout without a valid CSRF header is 403 and revokes nothing', async (t) => {
      const { app } = await buildTestApp(t, database)
      const { browser } = await register(app)
      const headers = browser.headers()
      delete headers['x-csrf-token']
      t.equal((await app.inject({ method: 'POST', url: '/auth/logout', headers })).statusCode, 403)
      t.equal((await app.inject({ method: 'POST', url: '/auth/logout', headers: browser.headers({ 'x-csrf-token': 'forged' }) })).statusCode, 403)
      t.equal((await refresh(app, browser)).statusCode, 200)
    })

    t.test("logout-all kills every session, including another device's refresh token", async (t) => {
      const { app } = await buildTestApp(t, database)
      const { browser: laptop, body } = await register(app)
      const { browser: phone } = await login(app, body.username, body.password)
      const noCsrf = laptop.headers()
      delete noCsrf['x-csrf-token']
      t.equal((await app.inject({ method: 'POST', url: '/auth/logout-all', headers: noCsrf })).statusCode, 403, 'cookie-authenticated: CSRF required')
      const response = await app.inject({ method: 'POST', url: '/auth/logout-all', headers: laptop.headers() })
      t.equal(response.statusCode, 204)
      t.ok(parseSetCookies(response).every((cookie) => cookie.attributes['max-age'] === '0'))
      t.equal((await refresh(app, phone)).statusCode, 401, 'the other device is signed out')
      t.equal((await refresh(app, laptop)).statusCode, 401, 'and this one')
      const events = await rows<{ detail: { sessions: number } }>(sql`select detail from auth.security_events where type = 'logout_all'`)
      t.match(events, [{ detail: { sessions: 2 } }])
      t.equal((await app.inject({ method: 'POST', url: '/auth/logout-all' })).statusCode, 401, 'needs an access token')
    })
  })
}
