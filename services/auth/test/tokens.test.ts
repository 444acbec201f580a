/** Access tokens and signing keys: JWKS contents, independent verification with jose, rotation, retirement, keys at rest. */
import t from 'tap'
import { sql } from 'drizzle-orm'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import { csrfTokenHash } from '@proddash/auth-plugin'
import { extractRows, testDatabaseKinds } from '@proddash/db/testing'
import { buildApp } from '../src/app.js'
import { systemClock } from '../src/lib/clock.js'
import { KeyStore, JWKS_RETIREMENT_MARGIN_SECONDS } from '../src/services/key-store.js'
import { AUDIENCE, ISSUER, buildTestApp, login, openAuthTestDatabase, register, testConfig } from './helper.js'
import type { FastifyInstance } from 'fastify'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { TEST_KEY } from './helper.js'

const run = promisify(execFile)
const packageRoot = fileURLToPath(new URL('..', import.meta.url))

/** Runs one of the service's CLIs from source, as `pnpm <script>:dev` does. */
function runCli(script: string, env: Record<string, string>) {
  return run(process.execPath, ['--conditions=proddash-source', '--import', 'tsx', `src/cli/${script}.ts`], {
    cwd: packageRoot,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', AUTH_KEY_ENCRYPTION_KEY: TEST_KEY, ...env },
    timeout: 60_000,
  })
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

async function fetchJwks(app: FastifyInstance) {
  const response = await app.inject('/.well-known/jwks.json')
  return { response, jwks: response.json() as JSONWebKeySet }
}

/** Verifies with jose, using nothing but the published JWKS. */
function verifyWithJwks(token: string, jwks: JSONWebKeySet) {
  return jwtVerify(token, createLocalJWKSet(jwks), { issuer: ISSUER, audience: AUDIENCE, typ: 'at+jwt', algorithms: ['EdDSA'] })
}

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const database = await openAuthTestDatabase(t, kind)
    t.beforeEach(() => database.reset())

    t.test('the JWKS lists public keys only and is cacheable for 5 minutes', async (t) => {
      const { app } = await buildTestApp(t, database)
      const { response, jwks } = await fetchJwks(app)
      t.equal(response.statusCode, 200)
      t.equal(response.headers['cache-control'], 'public, max-age=300')
      t.equal(jwks.keys.length, 1)
      const [key] = jwks.keys
      t.same(Object.keys(key!).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x'])
      t.match(key, { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: app.keyStore.activeKid })
      t.notOk('d' in key!, 'no private part')
    })

    t.test('an access token verifies with jose against the JWKS alone, with the contract claims', async (t) => {
      const { app, config } = await buildTestApp(t, database)
      const { response, browser } = await register(app)
      const userId = response.json().user.id
      const { jwks } = await fetchJwks(app)
      const { payload, protectedHeader } = await verifyWithJwks(browser.access!, jwks)
      t.same(protectedHeader, { alg: 'EdDSA', typ: 'at+jwt', kid: app.keyStore.activeKid })
      t.match(payload, { iss: ISSUER, aud: AUDIENCE, sub: userId, role: 'user', sid: UUID, jti: UUID })
      t.equal(payload.exp! - payload.iat!, config.ACCESS_TOKEN_TTL_SECONDS)
      t.ok(Math.abs(payload.iat! - Date.now() / 1000) < 5)
      t.equal(payload.csrf, csrfTokenHash(browser.csrf!), 'the csrf claim binds the CSRF cookie')
      t.same(Object.keys(payload).sort(), ['aud', 'csrf', 'exp', 'iat', 'iss', 'jti', 'role', 'sid', 'sub'])
      const [session] = extractRows<{ id: string }>(await database.db.execute(sql`select id from auth.sessions`))
      t.equal(payload.sid, session!.id)
      // The same token, tampered with, fails both jose and the service.
      const [h, p, s] = browser.access!.split('.')
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url')}.${s}`
      await t.rejects(verifyWithJwks(forged, jwks))
      t.equal((await app.inject({ url: '/auth/me', headers: { authorization: `Bearer ${forged}` } })).statusCode, 401)
      t.equal((await app.inject({ url: '/auth/me', headers: { authorization: `Bearer ${h}.${p}.${s}` } })).statusCode, 200)
    })

    t.test('rotation: new tokens use the new key; the old kid stays published until its tokens expired', async (t) => {
      const { app, clock, config } = await buildTestApp(t, database)
      const { browser: before } = await register(app)
      const oldKid = app.keyStore.activeKid!
      const { kid: newKid, retiredKid } = await app.keyStore.rotate()
      t.equal(retiredKid, oldKid)
      t.not(newKid, oldKid)

      const { jwks } = await fetchJwks(app)
      t.same(jwks.keys.map((key) => key.kid).sort(), [oldKid, newKid].sort())
      await verifyWithJwks(before.access!, jwks)
      t.pass('a token signed by the retired key still verifies with jose')
      t.equal((await app.inject({ url: '/auth/me', headers: { authorization: `Bearer ${before.access}` } })).statusCode, 200)

      const { response, browser: after } = await login(app, (await app.inject({ url: '/auth/me', headers: { authorization: `Bearer ${before.access}` } })).json().user.username, 'correct horse battery staple')
      t.equal(response.statusCode, 200)
      t.equal(decodeProtectedHeader(after.access!).kid, newKid)
      await verifyWithJwks(after.access!, jwks)
      t.equal((await app.inject({ url: '/auth/me', headers: { authorization: `Bearer ${after.access}` } })).statusCode, 200)

      const [row] = extractRows<{ retired: Date; expires: Date }>(
        await database.db.execute(sql`select retired_at as retired, expires_from_jwks_at as expires from auth.signing_keys where kid = ${oldKid}`),
      )
      t.equal(
        (new Date(row!.expires).getTime() - new Date(row!.retired).getTime()) / 1000,
        config.ACCESS_TOKEN_TTL_SECONDS + JWKS_RETIREMENT_MARGIN_SECONDS,
        'published for the access TTL plus a margin after retirement',
      )
      const [event] = extractRows<{ type: string; detail: { kid: string } }>(await database.db.execute(sql`select type, detail from auth.security_events where type = 'key_rotated'`))
      t.match(event, { type: 'key_rotated', detail: { kid: newKid, retiredKid: oldKid } })

      clock.advance(config.ACCESS_TOKEN_TTL_SECONDS + JWKS_RETIREMENT_MARGIN_SECONDS - 5)
      t.same((await fetchJwks(app)).jwks.keys.map((key) => key.kid).sort(), [oldKid, newKid].sort(), 'still there just before')
      clock.advance(10)
      t.same((await fetchJwks(app)).jwks.keys.map((key) => key.kid), [newKid], 'dropped once every token it signed has expired')
      await app.keyStore.reload()
      t.same((await fetchJwks(app)).jwks.keys.map((key) => key.kid), [newKid], 'and after re-reading the table')
    })

    t.test('a rotation by another instance (or the CLI) is picked up on reload', async (t) => {
      const { app, config } = await buildTestApp(t, database)
      const other = new KeyStore({ db: database.db, encryptionKey: config.AUTH_KEY_ENCRYPTION_KEY, accessTokenTtlSeconds: 900, refreshSeconds: 0, clock: systemClock })
      await other.start()
      t.equal(other.activeKid, app.keyStore.activeKid, 'the second instance reuses the existing key')
      const { kid } = await other.rotate()
      t.not(app.keyStore.activeKid, kid)
      await app.keyStore.reload()
      t.equal(app.keyStore.activeKid, kid)
      const { browser } = await register(app)
      t.equal(decodeProtectedHeader(browser.access!).kid, kid)
    })

    t.test('the CLIs: db:migrate is idempotent, keys:rotate rotates for running instances', { skip: kind === 'pglite' && 'PGlite is in-process: a second process cannot open it' }, async (t) => {
      const { app } = await buildTestApp(t, database)
      const before = app.keyStore.activeKid
      const migrated = await runCli('migrate', { DATABASE_URL: database.url! })
      t.match(migrated.stdout, /auth schema migrated \(postgres\)/)
      const rotated = await runCli('rotate-keys', { DATABASE_URL: database.url! })
      t.match(rotated.stdout, new RegExp(`retired`))
      t.match(rotated.stdout, before!)
      await app.keyStore.reload()
      t.not(app.keyStore.activeKid, before)
      t.match(rotated.stdout, app.keyStore.activeKid!)
      t.same((await fetchJwks(app)).jwks.keys.map((key) => key.kid).sort(), [before, app.keyStore.activeKid].sort())
      await t.rejects(runCli('rotate-keys', { DATABASE_URL: database.url!, AUTH_KEY_ENCRYPTION_KEY: 'short' }), /AUTH_KEY_ENCRYPTION_KEY/, 'a bad key stops it, naming the variable')
    })

    t.test('two instances starting on an empty database create exactly one active key', async (t) => {
      const { config } = await buildTestApp(t, database)
      await database.reset()
      const stores = Array.from(
        { length: 4 },
        () => new KeyStore({ db: database.db, encryptionKey: config.AUTH_KEY_ENCRYPTION_KEY, accessTokenTtlSeconds: 900, refreshSeconds: 0, clock: systemClock }),
      )
      await Promise.all(stores.map((store) => store.start()))
      const rows = extractRows<{ kid: string }>(await database.db.execute(sql`select kid from auth.signing_keys where retired_at is null`))
      t.equal(rows.length, 1)
      t.same(new Set(stores.map((store) => store.activeKid)), new Set([rows[0]!.kid]))
    })

    t.test('private keys are encrypted at rest under AUTH_KEY_ENCRYPTION_KEY, bound to their kid', async (t) => {
      const { app } = await buildTestApp(t, database)
      const [row] = extractRows<Record<string, string>>(await database.db.execute(sql`select * from auth.signing_keys`))
      t.equal(row!.kid, app.keyStore.activeKid)
      t.notMatch(JSON.stringify(row), /PRIVATE KEY/)
      t.equal(Buffer.from(row!.private_key_iv!, 'base64').length, 12)
      t.equal(Buffer.from(row!.private_key_tag!, 'base64').length, 16)
      const otherKey = Buffer.from('Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=', 'base64').toString('base64')
      await t.rejects(buildApp(testConfig({ AUTH_KEY_ENCRYPTION_KEY: otherKey }), { database }), /AUTH_KEY_ENCRYPTION_KEY/, 'another key cannot decrypt it')
      // Moving a ciphertext to another kid breaks the AAD.
      await database.db.execute(sql`update auth.signing_keys set kid = 'moved-kid'`)
      await t.rejects(buildApp(testConfig(), { database }), /cannot decrypt/)
    })
  })
}
