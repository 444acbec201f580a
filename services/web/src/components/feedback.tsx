// Loading, error and empty states, so every page says what is going on.
import type { ReactNode } from 'react'
import { describeError } from '../api/errors.js'

export function Spinner({ label = 'Loading…', testId }: { label?: string; testId?: string }) {
  return (
    <span className="spinner-wrap" role="status" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      <span className="visually-hidden">{label}</span>
    </span>
  )
}

export function PageLoader({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="page-loader" data-testid="page-loader">
      <Spinner label={label} />
    </div>
  )
}

export function Skeleton({ lines = 3, testId }: { lines?: number; testId?: string }) {
  return (
    <div className="skeleton-block" aria-hidden="true" data-testid={testId}>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton-line" />
      ))}
    </div>
  )
}

export function ErrorMessage({
  error,
  onRetry,
  testId = 'error-message',
  compact = false,
}: {
  error: unknown
  onRetry?: () => void
  testId?: string
  compact?: boolean
}) {
  return (
    <div className={compact ? 'alert alert-error compact' : 'alert alert-error'} role="alert" data-testid={testId}>
      <span>{describeError(error)}</span>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry} data-testid={`${testId}-retry`}>
          Try again
        </button>
      )}
    </div>
  )
}

/** A form-level message region; screen readers announce it when it changes. */
export function FormAlert({ message, testId, tone = 'error' }: { message: string | null; testId: string; tone?: 'error' | 'success' }) {
  return (
    <div aria-live="assertive" data-testid={`${testId}-live`}>
      {message && (
        <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
          {message}
        </div>
      )}
    </div>
  )
}

export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <svg aria-hidden="true" viewBox="0 0 48 48" width="48" height="48">
        <rect x="6" y="10" width="36" height="28" rx="6" fill="none" stroke="currentColor" strokeWidth="2.5" />
        <path d="M6 20h36" stroke="currentColor" strokeWidth="2.5" />
      </svg>
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  )
}
