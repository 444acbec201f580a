import t from 'tap'
import Fastify from 'fastify'
import { buildResourceService } from './helper.js'
import authPlugin, { JwksKeyStore, csrfTokenHash, cookieNames } from '../src/index.js'
import { startTestIssuer, signEd25519Jwt } from '../src/testing/index.js'

t.test('bearer and cookie tokens both authenticate; request.user is {id, sessionId, role}', async (t) => {
  const { app, issuer } = await buildResourceService(t)
  const session = issuer.mint({ role: 'admin' })
  const viaBearer = await app.inject({ url: '/me', headers: { authorization: session.bearer } })
  t.equal(viaBearer.statusCode, 200)
  t.same(viaBearer.json(), { user: { id: session.userId, sessionId: session.sessionId, role: 'admin' }, source: 'bearer' })
  const viaCookie = await app.inject({ url: '/me', headers: { cookie: session.cookie } })
  t.equal(viaCookie.json().source, 'cookie')
  t.equal((await app.inject('/public')).statusCode, 200, 'routes without the guard stay public')
})

t.test('CSRF on cookie-authenticated unsafe requests', async (t) => {
  const { app, issuer } = await buildResourceService(t)
  const session = issuer.mint()
  const other = issuer.mint()
  const post = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/things', headers })

  t.equal((await post(session.cookieHeaders)).statusCode, 200, 'cookie + matching header passes')
  const missing = await post({ cookie: session.cookie })
  t.equal(missing.statusCode, 403, 'no header')
  t.equal(missing.json().code, 'csrf_failed')
  t.equal((await post({ cookie: session.cookie, 'x-csrf-token': 'guess' })).statusCode, 403, 'wrong header')
  // An attacker who plants their own csrf cookie + header pair (cookie tossing) still fails:
  // the token is bound to the session through the access token's csrf claim.
  const tossed = `${issuer.cookieNames.access}=${session.accessToken}; ${issuer.cookieNames.csrf}=${other.csrfToken}`
  t.equal((await post({ cookie: tossed, 'x-csrf-token': other.csrfToken })).statusCode, 403, 'token of another session')
  t.equal((await post({ cookie: `${issuer.cookieNames.access}=${session.accessToken}`, 'x-csrf-token': session.csrfToken })).statusCode, 403, 'header without cookie')
  t.equal((await post({ authorization: session.bearer })).statusCode, 200, 'Bearer requests carry no ambient authority and are exempt')
  t.equal((await app.inject({ url: '/me', headers: { cookie: session.cookie } })).statusCode, 200, 'safe methods need no header')
})

t.test('role guard', async (t) => {
  const { app, issuer } = await buildResourceService(t)
  const user = issuer.mint({ role: 'user' })
  const admin = issuer.mint({ role: 'admin' })
  const forbidden = await app.inject({ method: 'DELETE', url: '/admin/things', headers: { authorization: user.bearer } })
  t.equal(forbidden.statusCode, 403)
  t.equal(forbidden.json().code, 'forbidden')
  t.equal((await app.inject({ method: 'DELETE', url: '/admin/things', headers: { authorization: admin.bearer } })).statusCode, 200)
  t.equal((await app.inject({ method: 'DELETE', url: '/admin/things' })).statusCode, 401)
})

t.test('clock tolerance is bounded at 30 s', async (t) => {
  const { app, issuer } = await buildResourceService(t, { clockToleranceSeconds: 3600 })
  const justExpired = issuer.mint({ ttlSeconds: -10 })
  t.equal((await app.inject({ url: '/me', headers: { authorization: justExpired.bearer } })).statusCode, 200, '10 s late is tolerated')
  const longExpired = issuer.mint({ ttlSeconds: -60 })
  t.equal((await app.inject({ url: '/me', headers: { authorization: longExpired.bearer } })).statusCode, 401, '60 s late is not, whatever was configured')
})

t.test('JWKS: rotation, refetch floor, and the auth service being down', async (t) => {
  const issuer = await startTestIssuer()
  t.teardown(() => issuer.close())
  const { app } = await buildResourceService(t, { jwksMinRefetchIntervalMs: 60_000 }, issuer)
  const before = issuer.mint()
  t.equal((await app.inject({ url: '/me', headers: { authorization: before.bearer } })).statusCode, 200)
  const fetchesAfterStart = issuer.jwksRequests()

  // Unknown kids: at most one fetch per floor interval, however many arrive.
  const stranger = await startTestIssuer()
  t.teardown(() => stranger.close())
  for (let i = 0; i < 20; i++) {
    const response = await app.inject({ url: '/me', headers: { authorization: stranger.mint().bearer } })
    t.equal(response.statusCode, 401)
  }
  t.ok(issuer.jwksRequests() - fetchesAfterStart <= 1, 'unknown kids do not hammer the JWKS endpoint')
})

t.test('JWKS: a rotated key is picked up on first sight of its kid', async (t) => {
  const issuer = await startTestIssuer()
  t.teardown(() => issuer.close())
  const { app } = await buildResourceService(t, { jwksMinRefetchIntervalMs: 0 }, issuer)
  const old = issuer.mint()
  t.equal((await app.inject({ url: '/me', headers: { authorization: old.bearer } })).statusCode, 200)
  issuer.rotate()
  const fresh = issuer.mint()
  t.not(fresh.accessToken.split('.')[0], old.accessToken.split('.')[0], 'new kid in the header')
  t.equal((await app.inject({ url: '/me', headers: { authorization: fresh.bearer } })).statusCode, 200, 'new key fetched on demand')
  t.equal((await app.inject({ url: '/me', headers: { authorization: issuer.mint().bearer } })).statusCode, 200)
  t.equal((await app.inject({ url: '/me', headers: { authorization: old.bearer } })).statusCode, 200, 'old key still published, still accepted')
})

t.test('JWKS: cached keys keep verifying while the auth service is down; unknown keys get 401, not 500', async (t) => {
  const issuer = await startTestIssuer()
  t.teardown(() => issuer.close())
  const { app } = await buildResourceService(t, { jwksMinRefetchIntervalMs: 0, jwksMaxAgeMs: 0 }, issuer)
  t.equal((await app.inject({ url: '/me', headers: { authorization: issuer.mint().bearer } })).statusCode, 200)
  issuer.setDown(true)
  const during = issuer.mint() // same key, new token: needs the cached key, forces refresh attempts (maxAge 0)
  t.equal((await app.inject({ url: '/me', headers: { authorization: during.bearer } })).statusCode, 200)
  issuer.rotate()
  const unknown = issuer.mint()
  const refused = await app.inject({ url: '/me', headers: { authorization: unknown.bearer } })
  t.equal(refused.statusCode, 401)
  issuer.setDown(false)
  t.equal((await app.inject({ url: '/me', headers: { authorization: unknown.bearer } })).statusCode, 200, 'recovers by itself')
})

t.test('JWKS: the plugin starts even when the auth service is unreachable', async (t) => {
  const app = Fastify()
  await app.register(authPlugin, { issuer: 'i', audience: 'a', jwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json' })
  app.get('/me', { onRequest: [app.authenticate] }, async () => 'never')
  await app.ready()
  t.teardown(() => app.close())
  t.equal((await app.inject('/me')).statusCode, 401)
})

t.test('key store ignores keys that are not Ed25519 signing keys', async (t) => {
  const issuer = await startTestIssuer()
  t.teardown(() => issuer.close())
  const good = issuer.keys[0]!.jwk
  const store = new JwksKeyStore({
    source: async () => ({
      keys: [
        good,
        { ...good, kid: 'rsa', kty: 'RSA' },
        { ...good, kid: 'enc', use: 'enc' },
        { ...good, kid: 'hs', alg: 'HS256' },
        { ...good, kid: 'short', x: 'abc' },
        { ...good, kid: 'k'.repeat(200) },
      ] as never,
    }),
    minRefetchIntervalMs: 0,
    maxAgeMs: 60_000,
  })
  t.ok(await store.publicKeyPem(good.kid))
  for (const kid of ['rsa', 'enc', 'hs', 'short', 'k'.repeat(200), 42, undefined]) t.equal(await store.publicKeyPem(kid), undefined, String(kid).slice(0, 10))
  t.equal(store.size, 1)
})

t.test('option checks', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await t.rejects(async () => app.register(authPlugin, { issuer: 'i', audience: 'a' }).ready(), /exactly one of jwksUrl or jwks/)
})

t.test('cookie names follow the Secure setting', async (t) => {
  t.same(cookieNames(true), { access: '__Host-pd_at', refresh: '__Secure-pd_rt', csrf: '__Host-pd_csrf' })
  t.same(cookieNames(false), { access: 'pd_at', refresh: 'pd_rt', csrf: 'pd_csrf' })
  t.equal(csrfTokenHash('abc'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0')
})

t.test('insecure (development) cookie names work end to end', async (t) => {
  const issuer = await startTestIssuer({ secureCookies: false })
  t.teardown(() => issuer.close())
  const { app } = await buildResourceService(t, { secureCookies: false }, issuer)
  const session = issuer.mint()
  t.match(session.cookie, /^pd_at=/)
  t.equal((await app.inject({ method: 'POST', url: '/things', headers: session.cookieHeaders })).statusCode, 200)
  const signed = signEd25519Jwt({ alg: 'EdDSA', typ: 'at+jwt', kid: issuer.keys[0]!.kid }, { sub: session.userId }, issuer.keys[0]!.privateKey)
  t.equal((await app.inject({ url: '/me', headers: { cookie: `pd_at=${signed}` } })).statusCode, 401, 'missing claims')
})
