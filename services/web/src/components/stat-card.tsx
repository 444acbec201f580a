// One headline number on the overview.
import type { ReactNode } from 'react'

export function StatCard({ label, value, hint, tone, testId }: { label: string; value: ReactNode; hint?: ReactNode; tone?: 'good' | 'bad'; testId: string }) {
  return (
    <div className={`card stat-card${tone ? ` stat-${tone}` : ''}`} data-testid={testId}>
      <p className="stat-label">{label}</p>
      <p className="stat-value" data-testid={`${testId}-value`}>
        {value}
      </p>
      {hint && <p className="stat-hint">{hint}</p>}
    </div>
  )
}

export function StatCardSkeleton({ testId }: { testId: string }) {
  return (
    <div className="card stat-card" aria-hidden="true" data-testid={testId}>
      <div className="skeleton-line short" />
      <div className="skeleton-line tall" />
    </div>
  )
}
