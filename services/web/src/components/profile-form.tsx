// Profile: first and last name (email and username are shown, not editable here).
import { useState, type FormEvent } from 'react'
import { updateMe } from '../api/auth.js'
import { ApiError, describeError } from '../api/errors.js'
import { useSession } from '../lib/session.js'
import { FormAlert } from './feedback.js'
import { Field } from './field.js'
import { useToast } from './toast.js'

export function ProfileForm() {
  const { user, setUser } = useSession()
  const toast = useToast()
  const [firstName, setFirstName] = useState(user?.firstName ?? '')
  const [lastName, setLastName] = useState(user?.lastName ?? '')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (!user) return null

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(null)
    setErrors({})
    setBusy(true)
    try {
      const updated = await updateMe({ firstName: firstName.trim() || null, lastName: lastName.trim() || null })
      setUser(updated)
      toast('Profile saved')
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setErrors(e.fieldErrors())
      setMessage(describeError(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="profile-form">
      <dl className="facts">
        <div>
          <dt>Email</dt>
          <dd data-testid="profile-email">{user.email}</dd>
        </div>
        <div>
          <dt>Username</dt>
          <dd data-testid="profile-username">{user.username}</dd>
        </div>
      </dl>
      <FormAlert message={message} testId="profile-error" />
      <div className="form-row">
        <Field label="First name" name="firstName" autoComplete="given-name" value={firstName} maxLength={100} onChange={(e) => setFirstName(e.target.value)} error={errors.firstName} testId="profile-first-name" />
        <Field label="Last name" name="lastName" autoComplete="family-name" value={lastName} maxLength={100} onChange={(e) => setLastName(e.target.value)} error={errors.lastName} testId="profile-last-name" />
      </div>
      <div className="form-footer end">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="profile-submit">
          {busy ? 'Saving…' : 'Save profile'}
        </button>
      </div>
    </form>
  )
}
