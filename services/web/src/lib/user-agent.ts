// A short, human label for a User-Agent string ("Firefox on macOS"); good
// enough to recognise one's own devices, not a full parser.

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  [/curl\//i, 'curl'],
]

const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iOS/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
]

export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return 'Unknown device'
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1]
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1]
  if (browser && system) return `${browser} on ${system}`
  return browser ?? system ?? (ua.length > 60 ? `${ua.slice(0, 57)}…` : ua)
}

/** Security event types arrive as codes ("login_failed"); show them as words. */
export function describeEventType(type: unknown, detail?: unknown): string {
  if (typeof type !== 'string' || !type) return 'Event'
  // A revoked session says why; "logout" is just the user signing out.
  const reason = detail && typeof detail === 'object' ? (detail as Record<string, unknown>).reason : undefined
  if (type === 'session_revoked' && typeof reason === 'string') {
    const reasons: Record<string, string> = {
      logout: 'Signed out',
      revoked_by_user: 'Session revoked from the account page',
      password_changed: 'Session ended by a password change',
      logout_all: 'Signed out everywhere',
    }
    if (reasons[reason]) return reasons[reason]
  }
  const known: Record<string, string> = {
    login: 'Signed in',
    login_succeeded: 'Signed in',
    refresh_reuse_detected: 'Reused refresh token: session revoked',
    key_rotated: 'Signing keys rotated',
    login_success: 'Signed in',
    login_failed: 'Failed sign-in attempt',
    logout: 'Signed out',
    logout_all: 'Signed out everywhere',
    register: 'Account created',
    registered: 'Account created',
    password_changed: 'Password changed',
    session_revoked: 'Session revoked',
    refresh_reuse: 'Reused refresh token: session revoked',
    refresh_token_reuse: 'Reused refresh token: session revoked',
    token_reuse_detected: 'Reused refresh token: session revoked',
    account_locked: 'Account temporarily locked',
    rate_limited: 'Too many attempts',
  }
  const key = type.toLowerCase().replace(/[.\s-]+/g, '_')
  if (known[key]) return known[key]
  const words = type.replace(/[._-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
