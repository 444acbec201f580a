// Last 7 / 30 / 90 days or a custom range of local calendar days.
import { useState } from 'react'
import { parseDateInput, presetPeriod, type Period, type PeriodKind } from '../lib/dates.js'

const PRESETS: { kind: Exclude<PeriodKind, 'custom'>; label: string }[] = [
  { kind: '7d', label: '7 days' },
  { kind: '30d', label: '30 days' },
  { kind: '90d', label: '90 days' },
]

export function PeriodPicker({ value, onChange, testId = 'period-picker' }: { value: Period; onChange: (p: Period) => void; testId?: string }) {
  const [customOpen, setCustomOpen] = useState(value.kind === 'custom')
  const [from, setFrom] = useState(value.fromDate)
  const [to, setTo] = useState(value.toDate)
  const [error, setError] = useState<string | null>(null)

  const applyCustom = () => {
    const f = parseDateInput(from)
    const t = parseDateInput(to)
    if (!f || !t) return setError('Pick both dates')
    if (f > t) return setError('The start must be before the end')
    setError(null)
    onChange({ kind: 'custom', fromDate: from, toDate: to })
  }

  return (
    <div className="period-picker" data-testid={testId}>
      <div className="segmented" role="group" aria-label="Period">
        {PRESETS.map((p) => (
          <button
            key={p.kind}
            type="button"
            className={value.kind === p.kind ? 'seg active' : 'seg'}
            aria-pressed={value.kind === p.kind}
            onClick={() => {
              setCustomOpen(false)
              onChange(presetPeriod(p.kind))
            }}
            data-testid={`${testId}-${p.kind}`}
          >
            {p.label}
          </button>
        ))}
        <button
          type="button"
          className={value.kind === 'custom' || customOpen ? 'seg active' : 'seg'}
          aria-pressed={value.kind === 'custom'}
          aria-expanded={customOpen}
          onClick={() => setCustomOpen((o) => !o)}
          data-testid={`${testId}-custom`}
        >
          Custom
        </button>
      </div>
      {customOpen && (
        <form
          className="custom-range"
          onSubmit={(e) => {
            e.preventDefault()
            applyCustom()
          }}
          data-testid={`${testId}-custom-form`}
        >
          <label>
            <span>From</span>
            <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} data-testid={`${testId}-from`} required />
          </label>
          <label>
            <span>To</span>
            <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} data-testid={`${testId}-to`} required />
          </label>
          <button type="submit" className="btn btn-small btn-primary" data-testid={`${testId}-apply`}>
            Apply
          </button>
          <span aria-live="polite" className="field-error">
            {error}
          </span>
        </form>
      )}
    </div>
  )
}
