// The frame around signed-in pages: brand, navigation, account menu.
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { logout } from '../api/auth.js'
import { describeError } from '../api/errors.js'
import { useDashboard } from '../lib/dashboard.js'
import { Link, navigate, useLocation } from '../lib/router.js'
import { displayName, useSession } from '../lib/session.js'
import { ErrorMessage, PageLoader } from './feedback.js'
import { useToast } from './toast.js'

const NAV = [
  { to: '/', label: 'Overview', testId: 'nav-overview' },
  { to: '/products', label: 'Products', testId: 'nav-products' },
  { to: '/sales', label: 'Sales', testId: 'nav-sales' },
  { to: '/account', label: 'Account', testId: 'nav-account' },
]

export function AppShell({ children }: { children: ReactNode }) {
  const { pathname } = useLocation()
  const { user, setUser } = useSession()
  const { dashboard, error: dashboardError, reload: reloadDashboard } = useDashboard()
  const toast = useToast()
  const [busy, setBusy] = useState(false)
  const main = useRef<HTMLElement>(null)
  const firstRender = useRef(true)

  // After client-side navigation, move focus to the new page so screen
  // readers announce it and Tab starts from the content, as on a full load.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    main.current?.focus({ preventScroll: true })
  }, [pathname])

  const signOut = async () => {
    setBusy(true)
    try {
      await logout(false)
    } catch (error) {
      toast(describeError(error), 'error')
    } finally {
      setBusy(false)
      setUser(null)
      navigate('/sign-in', { replace: true })
    }
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand" data-testid="brand">
            <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
              <rect width="32" height="32" rx="8" fill="var(--brand)" />
              <path d="M8 22V12M14 22V8M20 22v-6M26 22V11" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
            </svg>
            <span className="brand-text">
              <span className="brand-name">ProdDash</span>
              {dashboard && (
                <span className="brand-shop" data-testid="dashboard-name">
                  {dashboard.name}
                </span>
              )}
            </span>
          </Link>
          <nav className="nav" aria-label="Main">
            {NAV.map((item) => {
              const active = item.to === '/' ? pathname === '/' : pathname.startsWith(item.to)
              return (
                <Link key={item.to} to={item.to} className={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined} data-testid={item.testId}>
                  {item.label}
                </Link>
              )
            })}
          </nav>
          <div className="topbar-user">
            {user && (
              <span className="user-name" data-testid="user-name">
                {displayName(user)}
              </span>
            )}
            <button type="button" className="btn btn-ghost btn-small" onClick={() => void signOut()} disabled={busy} data-testid="sign-out">
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1} ref={main}>
        {/* Pages wait for the dashboard: every amount is formatted in its currency. */}
        {dashboard ? (
          children
        ) : dashboardError ? (
          <div className="shell-banner">
            <ErrorMessage error={dashboardError} onRetry={reloadDashboard} testId="dashboard-error" />
          </div>
        ) : (
          <PageLoader label="Loading your shop…" />
        )}
      </main>
    </div>
  )
}

export function PageHeader({ title, actions, children }: { title: string; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1 data-testid="page-title">{title}</h1>
        {children && <p className="page-subtitle">{children}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  )
}
