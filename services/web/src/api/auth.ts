// Calls to the auth service (/auth/*). Cookies carry the session; bodies never do.
import { announceSession, api } from './client.js'
import type { SecurityEvent, Session, User } from './types.js'

export interface RegisterInput {
  email: string
  username: string
  password: string
  firstName?: string
  lastName?: string
}

export async function register(input: RegisterInput): Promise<User> {
  const { user } = await api<{ user: User }>('/auth/register', { method: 'POST', body: input })
  announceSession('signed-in')
  return user
}

export async function login(identifier: string, password: string): Promise<User> {
  const { user } = await api<{ user: User }>('/auth/login', { method: 'POST', body: { identifier, password } })
  announceSession('signed-in')
  return user
}

export async function logout(everywhere = false): Promise<void> {
  try {
    await api<void>(everywhere ? '/auth/logout-all' : '/auth/logout', { method: 'POST' })
  } finally {
    // Even if the server call failed the user asked to leave; other tabs follow.
    announceSession('signed-out')
  }
}

export async function getMe(): Promise<User> {
  return (await api<{ user: User }>('/auth/me')).user
}

export async function updateMe(patch: { firstName?: string | null; lastName?: string | null }): Promise<User> {
  return (await api<{ user: User }>('/auth/me', { method: 'PATCH', body: patch })).user
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api<void>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } })
}

/** The contract lists sessions without fixing the envelope; accept `{items}`, `{sessions}` or a bare array. */
export async function listSessions(): Promise<Session[]> {
  return pickList<Session>(await api<unknown>('/auth/sessions'), 'sessions')
}

export async function revokeSession(id: string): Promise<void> {
  await api<void>(`/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' })
}

export async function listEvents(): Promise<SecurityEvent[]> {
  return pickList<SecurityEvent>(await api<unknown>('/auth/events'), 'events')
}

export function pickList<T>(body: unknown, alt: string): T[] {
  if (Array.isArray(body)) return body as T[]
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>
    if (Array.isArray(o.items)) return o.items as T[]
    if (Array.isArray(o[alt])) return o[alt] as T[]
  }
  return []
}
