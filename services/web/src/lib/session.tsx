// Who is signed in, as far as the page knows. The truth lives in HttpOnly
// cookies; this context only mirrors GET /auth/me and reacts to the client
// announcing that the session ended (refresh failed, sign-out in another tab).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { getMe } from '../api/auth.js'
import { onSessionChange } from '../api/client.js'
import type { User } from '../api/types.js'
import { ApiError } from '../api/errors.js'

export type SessionStatus = 'loading' | 'signed-in' | 'signed-out' | 'unreachable'

interface SessionValue {
  status: SessionStatus
  user: User | null
  setUser: (user: User | null) => void
  recheck: () => void
}

const SessionContext = createContext<SessionValue | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUserState] = useState<User | null>(null)
  const [status, setStatus] = useState<SessionStatus>('loading')

  const recheck = useCallback(() => {
    setStatus((s) => (s === 'signed-in' ? s : 'loading'))
    getMe().then(
      (me) => {
        setUserState(me)
        setStatus('signed-in')
      },
      (error: unknown) => {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          setUserState(null)
          setStatus('signed-out')
        } else {
          setStatus('unreachable')
        }
      },
    )
  }, [])

  useEffect(() => {
    recheck()
    return onSessionChange((event) => {
      if (event === 'signed-out') {
        setUserState(null)
        setStatus('signed-out')
      } else {
        recheck()
      }
    })
  }, [recheck])

  const setUser = useCallback((next: User | null) => {
    setUserState(next)
    setStatus(next ? 'signed-in' : 'signed-out')
  }, [])

  const value = useMemo(() => ({ status, user, setUser, recheck }), [status, user, setUser, recheck])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value
}

export function displayName(user: User): string {
  const full = [user.firstName, user.lastName].filter(Boolean).join(' ').trim()
  return full || user.username
}
