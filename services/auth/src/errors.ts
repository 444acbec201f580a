/**
 * The auth service's coded errors (`PD_AUTH_…`). The shared problem handler
 * turns each into problem+json with `code` = the name in snake_case
 * (PD_AUTH_INVALID_CREDENTIALS → invalid_credentials). Field-level reasons
 * and extra response headers are attached with @proddash/http's
 * withFieldErrors / withHeaders.
 */
import createError from '@fastify/error'

export const InvalidCredentialsError = createError('PD_AUTH_INVALID_CREDENTIALS', 'The username/email or password is not correct', 401)
export const InvalidRefreshTokenError = createError('PD_AUTH_INVALID_REFRESH_TOKEN', 'The session has ended or the refresh token is not valid; sign in again', 401)
export const SessionEndedError = createError('PD_AUTH_SESSION_ENDED', 'This session has ended; sign in again', 401)
export const CurrentPasswordWrongError = createError('PD_AUTH_CURRENT_PASSWORD_WRONG', 'The current password is not correct', 400)
export const WeakPasswordError = createError('PD_AUTH_WEAK_PASSWORD', 'The password cannot be used; see errors for why', 400)
export const AccountTakenError = createError('PD_AUTH_ACCOUNT_TAKEN', 'An account with this %s already exists', 409)
export const CsrfRefusedError = createError('PD_AUTH_CSRF_FAILED', 'The X-CSRF-Token header is missing or does not match this session', 403)
export const CrossSiteRefusedError = createError('PD_AUTH_CROSS_SITE_REFUSED', 'Cross-site requests to this endpoint are refused', 403)
export const TooManyAttemptsError = createError('PD_AUTH_TOO_MANY_ATTEMPTS', 'Too many attempts; try again in %d seconds', 429)
export const SessionNotFoundError = createError('PD_AUTH_SESSION_NOT_FOUND', 'No such session', 404)
