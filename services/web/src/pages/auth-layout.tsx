// The centred card used by sign-in and sign-up.
import type { ReactNode } from 'react'
import { formatWait } from '../api/errors.js'

export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle: string; children: ReactNode; footer: ReactNode }) {
  return (
    <main id="main" className="auth-page">
      <div className="auth-card card">
        <div className="auth-brand">
          <svg aria-hidden="true" viewBox="0 0 32 32" width="40" height="40">
            <rect width="32" height="32" rx="8" fill="var(--brand)" />
            <path d="M8 22V12M14 22V8M20 22v-6M26 22V11" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
          </svg>
          <span>ProdDash</span>
        </div>
        <h1 data-testid="page-title">{title}</h1>
        <p className="auth-subtitle">{subtitle}</p>
        {children}
        <div className="auth-footer">{footer}</div>
      </div>
    </main>
  )
}

/** Counts down Retry-After seconds so the button re-enables by itself. */
export function retryMessage(seconds: number): string {
  return `Too many attempts. Try again in ${formatWait(seconds)}.`
}
