/** Token claims and the identity routes see. */

export type Role = 'user' | 'admin'
export const ROLES: readonly Role[] = ['user', 'admin']

/** Header of every access token: `{alg: 'EdDSA', typ: 'at+jwt', kid}`. */
export const ACCESS_TOKEN_TYPE = 'at+jwt'
export const ACCESS_TOKEN_ALGORITHM = 'EdDSA'

/** Claims of an access token (RFC 9068 profile plus ProdDash's own). */
export interface AccessTokenClaims {
  iss: string
  aud: string
  /** user id (UUID) */
  sub: string
  /** session id (UUID) */
  sid: string
  role: Role
  iat: number
  exp: number
  jti: string
  /** csrfTokenHash() of the session's CSRF token */
  csrf: string
}

/** What `request.user` holds once a token verified. */
export interface AuthenticatedUser {
  id: string
  sessionId: string
  role: Role
}

/** A JSON Web Key Set as served at /.well-known/jwks.json (public OKP keys only). */
export interface JsonWebKeySet {
  keys: PublicJsonWebKey[]
}

export interface PublicJsonWebKey {
  kty: 'OKP'
  crv: 'Ed25519'
  x: string
  kid: string
  alg: 'EdDSA'
  use: 'sig'
}
