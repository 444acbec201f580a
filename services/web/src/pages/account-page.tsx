// Account: profile, shop settings, password, sessions and security history.
import { useState } from 'react'
import { logout } from '../api/auth.js'
import { PageHeader } from '../components/app-shell.js'
import { DashboardSettingsForm } from '../components/dashboard-settings-form.js'
import { ConfirmDialog } from '../components/dialog.js'
import { EventsList } from '../components/events-list.js'
import { PasswordForm } from '../components/password-form.js'
import { ProfileForm } from '../components/profile-form.js'
import { SessionsList } from '../components/sessions-list.js'
import { navigate } from '../lib/router.js'
import { useSession } from '../lib/session.js'

export function AccountPage() {
  const { setUser } = useSession()
  const [reloadKey, setReloadKey] = useState(0)
  const [confirmAll, setConfirmAll] = useState(false)

  const signOutEverywhere = async () => {
    await logout(true)
    setUser(null)
    navigate('/sign-in', { replace: true })
  }

  return (
    <div className="page" data-testid="account-page">
      <PageHeader title="Account">Your profile, shop settings and security.</PageHeader>
      <div className="account-grid">
        <section className="card" aria-labelledby="profile-title">
          <div className="card-header">
            <h2 id="profile-title">Profile</h2>
          </div>
          <ProfileForm />
        </section>
        <section className="card" aria-labelledby="shop-title">
          <div className="card-header">
            <h2 id="shop-title">Shop</h2>
          </div>
          <DashboardSettingsForm />
        </section>
        <section className="card" aria-labelledby="password-title">
          <div className="card-header">
            <h2 id="password-title">Password</h2>
          </div>
          <PasswordForm onChanged={() => setReloadKey((k) => k + 1)} />
        </section>
        <section className="card" aria-labelledby="sessions-title">
          <div className="card-header wrap">
            <h2 id="sessions-title">Active sessions</h2>
            <button type="button" className="btn btn-small btn-ghost-danger" onClick={() => setConfirmAll(true)} data-testid="sign-out-everywhere">
              Sign out everywhere
            </button>
          </div>
          <SessionsList reloadKey={reloadKey} />
        </section>
        <section className="card span-2" aria-labelledby="events-title">
          <div className="card-header">
            <h2 id="events-title">Recent security events</h2>
          </div>
          <EventsList reloadKey={reloadKey} />
        </section>
      </div>
      <ConfirmDialog
        open={confirmAll}
        title="Sign out everywhere?"
        message={<p>Every device signed in to your account, including this one, will be signed out.</p>}
        confirmLabel="Sign out everywhere"
        danger
        onConfirm={signOutEverywhere}
        onClose={() => setConfirmAll(false)}
        testId="logout-all-dialog"
      />
    </div>
  )
}
