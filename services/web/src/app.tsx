// Top-level routing and guards. Signed-out visits to a dashboard page go to
// /sign-in?next=<page> (after GET /auth/me answered 401 and the refresh
// failed), and come back there after signing in.
import { useEffect, type ReactNode } from 'react'
import { AppShell } from './components/app-shell.js'
import { ErrorMessage, PageLoader } from './components/feedback.js'
import { ToastProvider } from './components/toast.js'
import { DashboardProvider } from './lib/dashboard.js'
import { Link, Redirect, safeNext, useLocation } from './lib/router.js'
import { SessionProvider, useSession } from './lib/session.js'
import { AccountPage } from './pages/account-page.js'
import { OverviewPage } from './pages/overview-page.js'
import { ProductsPage } from './pages/products-page.js'
import { SalesPage } from './pages/sales-page.js'
import { SignInPage } from './pages/sign-in-page.js'
import { SignUpPage } from './pages/sign-up-page.js'

const PROTECTED: Record<string, { title: string; render: () => ReactNode }> = {
  '/': { title: 'Overview', render: () => <OverviewPage /> },
  '/products': { title: 'Products', render: () => <ProductsPage /> },
  '/sales': { title: 'Sales', render: () => <SalesPage /> },
  '/account': { title: 'Account', render: () => <AccountPage /> },
}

const PUBLIC: Record<string, { title: string; render: () => ReactNode }> = {
  '/sign-in': { title: 'Sign in', render: () => <SignInPage /> },
  '/sign-up': { title: 'Sign up', render: () => <SignUpPage /> },
}

export function App() {
  return (
    <ToastProvider>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </ToastProvider>
  )
}

function Routes() {
  const { pathname, href } = useLocation()
  const { status, recheck } = useSession()
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  const route = PROTECTED[path] ?? PUBLIC[path]

  useEffect(() => {
    document.title = route ? `${route.title} · ProdDash` : 'Not found · ProdDash'
  }, [route])

  if (status === 'loading') return <PageLoader label="Checking your session…" />
  if (status === 'unreachable') {
    return (
      <main id="main" className="auth-page">
        <div className="card auth-card">
          <h1>Can’t reach ProdDash</h1>
          <ErrorMessage error={new Error('The server did not answer. Check your connection.')} onRetry={recheck} testId="session-error" />
        </div>
      </main>
    )
  }

  const publicRoute = PUBLIC[path]
  if (publicRoute) {
    if (status === 'signed-in') {
      const next = new URL(href, window.location.origin).searchParams.get('next')
      return <Redirect to={safeNext(next)} />
    }
    return <>{publicRoute.render()}</>
  }

  if (status === 'signed-out') {
    const wanted = PROTECTED[path] ? href : '/'
    return <Redirect to={wanted === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(wanted)}`} />
  }

  return (
    <DashboardProvider>
      <AppShell>{route ? route.render() : <NotFound />}</AppShell>
    </DashboardProvider>
  )
}

function NotFound() {
  return (
    <div className="card not-found" data-testid="not-found">
      <h1>Page not found</h1>
      <p>That address does not exist in ProdDash.</p>
      <Link to="/" className="btn btn-primary">
        Go to the overview
      </Link>
    </div>
  )
}
