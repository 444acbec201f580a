// Shop settings: the dashboard's name and the currency money is shown in.
import { useEffect, useState, type FormEvent } from 'react'
import { ApiError, describeError } from '../api/errors.js'
import { updateDashboard } from '../api/shop.js'
import { useDashboard } from '../lib/dashboard.js'
import { ErrorMessage, FormAlert, Skeleton } from './feedback.js'
import { Field, SelectField } from './field.js'
import { useToast } from './toast.js'

const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'NZD', 'JPY', 'CNY', 'INR', 'BRL', 'MXN', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'ZAR', 'SGD', 'HKD']

function currencyName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'currency' }).of(code) ?? code
  } catch {
    return code
  }
}

export function DashboardSettingsForm() {
  const { dashboard, loading, error, reload, setDashboard } = useDashboard()
  const toast = useToast()
  const [name, setName] = useState('')
  const [currency, setCurrency] = useState('USD')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (dashboard) {
      setName(dashboard.name)
      setCurrency(dashboard.currency)
    }
  }, [dashboard])

  if (error) return <ErrorMessage error={error} onRetry={reload} testId="dashboard-settings-error-load" />
  if (loading || !dashboard) return <Skeleton lines={3} />

  const currencies = COMMON_CURRENCIES.includes(dashboard.currency) ? COMMON_CURRENCIES : [dashboard.currency, ...COMMON_CURRENCIES]

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(null)
    if (!name.trim()) {
      setErrors({ name: 'Give your shop a name' })
      return
    }
    setErrors({})
    const patch: { name?: string; currency?: string } = {}
    if (name.trim() !== dashboard.name) patch.name = name.trim()
    if (currency !== dashboard.currency) patch.currency = currency
    if (!Object.keys(patch).length) return
    setBusy(true)
    try {
      setDashboard(await updateDashboard(patch))
      toast('Shop settings saved')
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setErrors(e.fieldErrors())
      setMessage(describeError(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="dashboard-settings-form">
      <FormAlert message={message} testId="dashboard-settings-error" />
      <div className="form-row">
        <Field label="Shop name" name="name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} error={errors.name} testId="dashboard-name-input" />
        <SelectField label="Currency" name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)} error={errors.currency} testId="dashboard-currency">
          {currencies.map((c) => (
            <option key={c} value={c}>
              {c} — {currencyName(c)}
            </option>
          ))}
        </SelectField>
      </div>
      {currency !== dashboard.currency && (
        <p className="field-hint">Amounts are not converted: the same numbers will be shown in {currency}.</p>
      )}
      <div className="form-footer end">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="dashboard-settings-submit">
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  )
}
