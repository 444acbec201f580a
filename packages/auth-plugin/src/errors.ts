/**
 * The plugin's coded errors. A service's problem handler turns them into
 * problem+json (`PD_AUTHN_INVALID_TOKEN` → code `invalid_token`).
 */
import createError from '@fastify/error'

export const InvalidTokenError = createError('PD_AUTHN_INVALID_TOKEN', 'Authentication is required: %s', 401)
export const CsrfError = createError('PD_AUTHN_CSRF_FAILED', 'The X-CSRF-Token header is missing or does not match this session', 403)
export const ForbiddenRoleError = createError('PD_AUTHN_FORBIDDEN', 'This action needs the %s role', 403)
