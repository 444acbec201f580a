/**
 * A real token issuer for tests of services that use this plugin: it makes an
 * Ed25519 key, serves it as a JWKS on 127.0.0.1, and mints access tokens the
 * way the auth service does (same header, same claims), plus the cookie and
 * CSRF header a browser would send. End-to-end tests use the auth service
 * itself; this lets a resource service test its routes without one.
 */
import { createServer, type Server } from 'node:http'
import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { cookieNames, csrfTokenHash, type CookieNames } from '../cookies.js'
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, type AccessTokenClaims, type JsonWebKeySet, type PublicJsonWebKey, type Role } from '../types.js'

export interface TestSigningKey {
  kid: string
  privateKey: KeyObject
  jwk: PublicJsonWebKey
}

export function generateTestSigningKey(kid: string = randomUUID()): TestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const { x } = publicKey.export({ format: 'jwk' }) as { x: string }
  return { kid, privateKey, jwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' } }
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Signs any header and payload with an Ed25519 key: tests use it to forge tokens too. */
export function signEd25519Jwt(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: KeyObject): string {
  const input = `${base64url(header)}.${base64url(payload)}`
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`
}

export interface MintedSession {
  userId: string
  sessionId: string
  role: Role
  csrfToken: string
  accessToken: string
  /** `Authorization` header value */
  bearer: string
  /** `Cookie` header with the access and CSRF cookies, as a browser sends them */
  cookie: string
  /** headers for a cookie-authenticated unsafe request (cookie + X-CSRF-Token) */
  cookieHeaders: Record<string, string>
}

export interface TestIssuer {
  issuer: string
  audience: string
  jwksUrl: string
  keys: TestSigningKey[]
  cookieNames: CookieNames
  jwks(): JsonWebKeySet
  /** Number of JWKS requests served so far. */
  jwksRequests(): number
  /** Stops answering (as if the auth service were down) until resumed. */
  setDown(down: boolean): void
  /** Adds a key and publishes it; later tokens are signed with it. */
  rotate(): TestSigningKey
  mint(options?: { userId?: string; sessionId?: string; role?: Role; ttlSeconds?: number; claims?: Partial<AccessTokenClaims> }): MintedSession
  close(): Promise<void>
}

export async function startTestIssuer(options: { issuer?: string; audience?: string; secureCookies?: boolean } = {}): Promise<TestIssuer> {
  const issuer = options.issuer ?? 'https://auth.test.proddash'
  const audience = options.audience ?? 'proddash-api'
  const names = cookieNames(options.secureCookies ?? true)
  const keys = [generateTestSigningKey()]
  let down = false
  let requests = 0
  const jwks = (): JsonWebKeySet => ({ keys: keys.map((key) => key.jwk) })

  const server: Server = createServer((request, response) => {
    requests++
    if (down) {
      response.destroy()
      return
    }
    if (request.url === '/.well-known/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' })
      response.end(JSON.stringify(jwks()))
      return
    }
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    issuer,
    audience,
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    keys,
    cookieNames: names,
    jwks,
    jwksRequests: () => requests,
    setDown: (value) => {
      down = value
    },
    rotate: () => {
      const key = generateTestSigningKey()
      keys.push(key)
      return key
    },
    mint: (mintOptions = {}) => {
      const key = keys[keys.length - 1]!
      const now = Math.floor(Date.now() / 1000)
      const csrfToken = randomBytes(32).toString('base64url')
      const claims: AccessTokenClaims = {
        iss: issuer,
        aud: audience,
        sub: mintOptions.userId ?? randomUUID(),
        sid: mintOptions.sessionId ?? randomUUID(),
        role: mintOptions.role ?? 'user',
        iat: now,
        exp: now + (mintOptions.ttlSeconds ?? 900),
        jti: randomUUID(),
        csrf: csrfTokenHash(csrfToken),
        ...mintOptions.claims,
      }
      const accessToken = signEd25519Jwt({ alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: key.kid }, { ...claims }, key.privateKey)
      const cookie = `${names.access}=${accessToken}; ${names.csrf}=${csrfToken}`
      return {
        userId: claims.sub,
        sessionId: claims.sid,
        role: claims.role,
        csrfToken,
        accessToken,
        bearer: `Bearer ${accessToken}`,
        cookie,
        cookieHeaders: { cookie, 'x-csrf-token': csrfToken },
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
