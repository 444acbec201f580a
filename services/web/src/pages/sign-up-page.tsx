// Create an account: email, username, password, optional name.
import { useState, type FormEvent } from 'react'
import { register } from '../api/auth.js'
import { ApiError, describeError } from '../api/errors.js'
import { Field } from '../components/field.js'
import { FormAlert } from '../components/feedback.js'
import { Link, navigate, safeNext, useLocation } from '../lib/router.js'
import { useSession } from '../lib/session.js'
import { useCountdown } from '../lib/use-countdown.js'
import { AuthLayout, retryMessage } from './auth-layout.js'

const MIN_PASSWORD = 12
const MAX_PASSWORD = 128
// The auth service's username rule.
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

type Form = { email: string; username: string; password: string; firstName: string; lastName: string }

export function SignUpPage() {
  const { search } = useLocation()
  const next = safeNext(search.get('next'))
  const { setUser } = useSession()
  const [form, setForm] = useState<Form>({ email: '', username: '', password: '', firstName: '', lastName: '' })
  const [showPassword, setShowPassword] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [waitLeft, startWait] = useCountdown()

  const set = (key: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }))

  const validate = (): Record<string, string> => {
    const errors: Record<string, string> = {}
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) errors.email = 'Enter a valid email address'
    const username = form.username.trim()
    if (!username) errors.username = 'Choose a username'
    else if (username.length < 3 || username.length > 32) errors.username = 'Use 3 to 32 characters'
    else if (!USERNAME.test(username)) errors.username = 'Start with a letter or digit; then letters, digits, dots, dashes or underscores'
    if ([...form.password].length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters`
    else if ([...form.password].length > MAX_PASSWORD) errors.password = `Use at most ${MAX_PASSWORD} characters`
    return errors
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    const local = validate()
    setFieldErrors(local)
    if (Object.keys(local).length) {
      setError('Please check the highlighted fields.')
      return
    }
    setBusy(true)
    try {
      const user = await register({
        email: form.email.trim(),
        username: form.username.trim(),
        password: form.password,
        ...(form.firstName.trim() ? { firstName: form.firstName.trim() } : {}),
        ...(form.lastName.trim() ? { lastName: form.lastName.trim() } : {}),
      })
      setUser(user)
      navigate(next, { replace: true })
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 409)) {
        // The auth service names the field and the reason (weak password, email or username taken).
        const fields = e.fieldErrors()
        setFieldErrors(fields)
        if (!Object.keys(fields).length) setError(describeError(e))
        else setError(e.status === 409 ? 'That email or username is already in use. Sign in instead?' : 'Please check the highlighted fields.')
      } else if (e instanceof ApiError && e.status === 429 && e.retryAfter) {
        startWait(e.retryAfter)
      } else {
        setError(describeError(e))
      }
    } finally {
      setBusy(false)
    }
  }

  const message = waitLeft > 0 ? retryMessage(waitLeft) : error
  return (
    <AuthLayout
      title="Create your account"
      subtitle="Track products, sales and profit in one place."
      footer={
        <>
          Already have an account?{' '}
          <Link to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} data-testid="link-sign-in">
            Sign in
          </Link>
        </>
      }
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="sign-up-form">
        <FormAlert message={message} testId="sign-up-error" />
        <Field label="Email" name="email" type="email" autoComplete="email" value={form.email} onChange={set('email')} error={fieldErrors.email} testId="sign-up-email" autoFocus required />
        <Field
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={form.username}
          onChange={set('username')}
          error={fieldErrors.username}
          hint="3–32 characters: letters, digits, . _ -"
          maxLength={32}
          testId="sign-up-username"
          required
        />
        <Field
          label="Password"
          name="password"
          type={showPassword ? 'text' : 'password'}
          autoComplete="new-password"
          value={form.password}
          onChange={set('password')}
          error={fieldErrors.password}
          hint={`${MIN_PASSWORD}–${MAX_PASSWORD} characters. A passphrase of a few words works well; common passwords are refused.`}
          testId="sign-up-password"
          required
        />
        <label className="checkbox">
          <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} data-testid="sign-up-show-password" />
          Show password
        </label>
        <div className="form-row">
          <Field label="First name (optional)" name="firstName" autoComplete="given-name" value={form.firstName} maxLength={100} onChange={set('firstName')} error={fieldErrors.firstName} testId="sign-up-first-name" />
          <Field label="Last name (optional)" name="lastName" autoComplete="family-name" value={form.lastName} maxLength={100} onChange={set('lastName')} error={fieldErrors.lastName} testId="sign-up-last-name" />
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || waitLeft > 0} data-testid="sign-up-submit">
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthLayout>
  )
}
