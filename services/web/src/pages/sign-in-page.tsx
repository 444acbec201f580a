// Sign in with username or email and password.
import { useState, type FormEvent } from 'react'
import { login } from '../api/auth.js'
import { ApiError, describeError } from '../api/errors.js'
import { Field } from '../components/field.js'
import { FormAlert } from '../components/feedback.js'
import { Link, navigate, safeNext, useLocation } from '../lib/router.js'
import { useSession } from '../lib/session.js'
import { useCountdown } from '../lib/use-countdown.js'
import { AuthLayout, retryMessage } from './auth-layout.js'

export function SignInPage() {
  const { search } = useLocation()
  const next = safeNext(search.get('next'))
  const { setUser } = useSession()
  const [identifier, setIdentifier] = useState('')
  const [password, setPassword] = useState('')
  const [showPassword, setShowPassword] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [waitLeft, startWait] = useCountdown()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    setFieldErrors({})
    if (!identifier.trim() || !password) {
      setError('Enter your username or email and your password.')
      return
    }
    setBusy(true)
    try {
      const user = await login(identifier.trim(), password)
      setUser(user)
      navigate(next, { replace: true })
    } catch (e) {
      setPassword('')
      if (e instanceof ApiError && e.status === 401) {
        setError('That username/email and password do not match. Check them and try again.')
      } else if (e instanceof ApiError && e.status === 429) {
        if (e.retryAfter) startWait(e.retryAfter)
        setError(e.retryAfter ? null : describeError(e))
      } else if (e instanceof ApiError && e.status === 400) {
        setFieldErrors(e.fieldErrors())
        setError(e.detail || 'Please check the highlighted fields.')
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
      title="Welcome back"
      subtitle="Sign in to see how your shop is doing."
      footer={
        <>
          New here?{' '}
          <Link to={next === '/' ? '/sign-up' : `/sign-up?next=${encodeURIComponent(next)}`} data-testid="link-sign-up">
            Create an account
          </Link>
        </>
      }
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="sign-in-form">
        <FormAlert message={message} testId="sign-in-error" />
        <Field
          label="Username or email"
          name="identifier"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={identifier}
          onChange={(e) => setIdentifier(e.target.value)}
          error={fieldErrors.identifier}
          testId="sign-in-identifier"
          autoFocus
          required
        />
        <Field
          label="Password"
          name="password"
          type={showPassword ? 'text' : 'password'}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors.password}
          testId="sign-in-password"
          required
        />
        <label className="checkbox">
          <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} data-testid="sign-in-show-password" />
          Show password
        </label>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || waitLeft > 0} data-testid="sign-in-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  )
}
