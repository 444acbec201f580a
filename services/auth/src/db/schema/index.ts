/** Every table of the auth schema, for drizzle-kit and the relational query API. */
export { authSchema, AUTH_SCHEMA_NAME } from './auth-schema.js'
export { users, userRole, type UserRow } from './users.js'
export { sessions, type SessionRow } from './sessions.js'
export { refreshTokens, type RefreshTokenRow } from './refresh-tokens.js'
export { signingKeys, type SigningKeyRow } from './signing-keys.js'
export { securityEvents, SECURITY_EVENT_TYPES, type SecurityEventRow, type SecurityEventType } from './security-events.js'
