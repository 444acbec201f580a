export { cookieNames, csrfTokenHash, safeEqual, CSRF_HEADER, UNSAFE_METHODS, type CookieNames } from './cookies.js'
export {
  ROLES,
  ACCESS_TOKEN_TYPE,
  ACCESS_TOKEN_ALGORITHM,
  type Role,
  type AccessTokenClaims,
  type AuthenticatedUser,
  type JsonWebKeySet,
  type PublicJsonWebKey,
} from './types.js'
export { default, default as authPlugin, type AuthPluginOptions, type TokenSource } from './plugin.js'
export { JwksKeyStore, remoteJwks, type JwksSource } from './jwks-key-store.js'
export { InvalidTokenError, CsrfError, ForbiddenRoleError } from './errors.js'
