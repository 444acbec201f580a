// Change password; the server signs out every other session afterwards.
import { useState, type FormEvent } from 'react'
import { changePassword } from '../api/auth.js'
import { ApiError, describeError } from '../api/errors.js'
import { FormAlert } from './feedback.js'
import { Field } from './field.js'

export function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<{ text: string; tone: 'error' | 'success' } | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(null)
    const local: Record<string, string> = {}
    if (!current) local.currentPassword = 'Enter your current password'
    if ([...next].length < 12) local.newPassword = 'Use at least 12 characters'
    else if ([...next].length > 128) local.newPassword = 'Use at most 128 characters'
    if (confirm !== next) local.confirm = 'The two new passwords differ'
    setErrors(local)
    if (Object.keys(local).length) return
    setBusy(true)
    try {
      await changePassword(current, next)
      setCurrent('')
      setNext('')
      setConfirm('')
      setMessage({ text: 'Password changed. Your other sessions were signed out.', tone: 'success' })
      onChanged()
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 401 || e.status === 403) && /current|incorrect|wrong|invalid_credentials/i.test(`${e.code} ${e.detail}`)) {
        setErrors({ currentPassword: 'Your current password is not correct' })
        setMessage({ text: 'Your current password is not correct.', tone: 'error' })
      } else if (e instanceof ApiError && e.status === 400) {
        const fields = e.fieldErrors()
        setErrors(Object.keys(fields).length ? fields : { newPassword: e.detail || 'Choose another password' })
        setMessage({ text: e.detail || 'Please check the highlighted fields.', tone: 'error' })
      } else {
        setMessage({ text: describeError(e), tone: 'error' })
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="password-form">
      <FormAlert message={message?.text ?? null} tone={message?.tone} testId="password-message" />
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={errors.currentPassword} testId="password-current" />
      <div className="form-row">
        <Field label="New password" name="newPassword" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} error={errors.newPassword} hint="12–128 characters; common passwords are refused." testId="password-new" />
        <Field label="Repeat new password" name="confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={errors.confirm} testId="password-confirm" />
      </div>
      <div className="form-footer end">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="password-submit">
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  )
}
