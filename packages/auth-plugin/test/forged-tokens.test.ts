/**
 * Attacks on the token, each of which must be refused with 401, after which
 * the genuine token must still work.
 */
import t from 'tap'
import { createHmac, createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto'
import { buildResourceService } from './helper.js'
import { generateTestSigningKey, signEd25519Jwt } from '../src/testing/index.js'

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

t.test('forged tokens are refused with 401 and WWW-Authenticate', async (t) => {
  const { app, issuer } = await buildResourceService(t)
  const genuine = issuer.mint()
  const [genuineHeader, genuinePayload, genuineSignature] = genuine.accessToken.split('.') as [string, string, string]
  const key = issuer.keys[0]!
  const now = Math.floor(Date.now() / 1000)
  const claims = {
    iss: issuer.issuer,
    aud: issuer.audience,
    sub: genuine.userId,
    sid: genuine.sessionId,
    role: 'admin',
    iat: now,
    exp: now + 600,
    jti: randomUUID(),
    csrf: 'x',
  }
  const header = { alg: 'EdDSA', typ: 'at+jwt', kid: key.kid }
  const publicKeyPem = Buffer.from(createPublicKey(key.privateKey).export({ format: 'pem', type: 'spki' }) as string)
  const hmac = (secret: string | Buffer, input: string) => createHmac('sha256', secret).update(input).digest('base64url')
  const attacker = generateTestSigningKey(key.kid) // same kid, attacker's own key
  const es256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })

  const forgeries: Record<string, string> = {
    'alg none, no signature': `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims)}.`,
    'alg None, no signature': `${b64({ alg: 'None', typ: 'at+jwt' })}.${b64(claims)}.`,
    'alg NONE, no signature': `${b64({ alg: 'NONE', typ: 'at+jwt' })}.${b64(claims)}.`,
    'alg none with a signature': `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims)}.${genuineSignature}`,
    'stripped signature': `${genuineHeader}.${genuinePayload}.`,
    'HS256 signed with the public key': (() => {
      const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })}.${b64(claims)}`
      return `${input}.${hmac(publicKeyPem, input)}`
    })(),
    'HS256 with an empty secret': (() => {
      const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })}.${b64(claims)}`
      return `${input}.${hmac('', input)}`
    })(),
    'ES256 psychic signature (r = s = 0)': `${b64({ alg: 'ES256', typ: 'at+jwt', kid: key.kid })}.${b64(claims)}.${Buffer.alloc(64).toString('base64url')}`,
    'embedded jwk of the attacker': signEd25519Jwt({ ...header, jwk: attacker.jwk }, claims, attacker.privateKey),
    'jku pointing elsewhere': signEd25519Jwt({ ...header, jku: 'http://127.0.0.1:9/jwks.json' }, claims, attacker.privateKey),
    'x5u pointing elsewhere': signEd25519Jwt({ ...header, x5u: 'http://127.0.0.1:9/cert.pem' }, claims, attacker.privateKey),
    'x5c chain of the attacker': signEd25519Jwt({ ...header, x5c: ['MIIB'] }, claims, attacker.privateKey),
    'kid path traversal': signEd25519Jwt({ ...header, kid: '../../dev/null' }, claims, attacker.privateKey),
    'kid SQL injection': signEd25519Jwt({ ...header, kid: "x' UNION SELECT '1';--" }, claims, attacker.privateKey),
    'signed by an unknown key with the genuine kid': signEd25519Jwt(header, claims, attacker.privateKey),
    'refresh token sent as access token': 'q3J0wGx1uY8m3rQ4m6mRz2gq9Lq7oXhVb0eYtq3wP8E',
    'CSRF token sent as access token': genuine.csrfToken,
    expired: issuer.mint({ ttlSeconds: -120 }).accessToken,
    'not yet valid': issuer.mint({ claims: { nbf: now + 3600 } as never }).accessToken,
    'wrong issuer': issuer.mint({ claims: { iss: 'https://evil.example' } }).accessToken,
    'wrong audience': issuer.mint({ claims: { aud: 'another-service' } }).accessToken,
    'wrong typ': signEd25519Jwt({ ...header, typ: 'JWT' }, claims, key.privateKey),
    'refresh typ': signEd25519Jwt({ ...header, typ: 'rt+jwt' }, claims, key.privateKey),
    'tampered claim (role upgraded)': `${genuineHeader}.${b64({ ...JSON.parse(Buffer.from(genuinePayload, 'base64url').toString()), role: 'admin' })}.${genuineSignature}`,
    'sub that is not a uuid': signEd25519Jwt(header, { ...claims, sub: "1 OR 1=1" }, key.privateKey),
    'unknown role': signEd25519Jwt(header, { ...claims, role: 'root' }, key.privateKey),
    'oversized token': signEd25519Jwt(header, { ...claims, pad: 'x'.repeat(5000) }, key.privateKey),
    'ES256 properly signed by attacker': (() => {
      const input = `${b64({ alg: 'ES256', typ: 'at+jwt', kid: key.kid })}.${b64(claims)}`
      return `${input}.${sign('sha256', Buffer.from(input), { key: es256.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`
    })(),
  }

  for (const [name, token] of Object.entries(forgeries)) {
    for (const via of ['bearer', 'cookie'] as const) {
      const headers = via === 'bearer' ? { authorization: `Bearer ${token}` } : { cookie: `${issuer.cookieNames.access}=${token}` }
      const response = await app.inject({ url: '/me', headers })
      t.equal(response.statusCode, 401, `${name} via ${via}`)
      t.match(response.headers['www-authenticate'], /^Bearer .*error="invalid_token"/, `${name} via ${via}: WWW-Authenticate`)
      t.equal(response.json().code, 'invalid_token')
    }
  }

  const after = await app.inject({ url: '/me', headers: { authorization: genuine.bearer } })
  t.equal(after.statusCode, 200, 'the genuine token still works afterwards')
  t.same(after.json().user, { id: genuine.userId, sessionId: genuine.sessionId, role: 'user' })
})

t.test('malformed Authorization headers are refused, not ignored', async (t) => {
  const { app, issuer } = await buildResourceService(t)
  const genuine = issuer.mint()
  for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer  two spaces', `Token ${genuine.accessToken}`]) {
    // even with a valid cookie alongside: an explicit bad header is not silently replaced by ambient authority
    const response = await app.inject({ url: '/me', headers: { authorization, cookie: genuine.cookie } })
    t.equal(response.statusCode, 401, authorization)
  }
  t.equal((await app.inject('/me')).statusCode, 401, 'no token at all')
})
