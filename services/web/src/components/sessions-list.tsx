// The user's signed-in devices, with "revoke" for the others.
import { useState } from 'react'
import { listSessions, revokeSession } from '../api/auth.js'
import type { Session } from '../api/types.js'
import { formatDateTime } from '../lib/dates.js'
import { useAsync } from '../lib/use-async.js'
import { describeUserAgent } from '../lib/user-agent.js'
import { ConfirmDialog } from './dialog.js'
import { EmptyState, ErrorMessage, Skeleton } from './feedback.js'
import { useToast } from './toast.js'

export function SessionsList({ reloadKey }: { reloadKey: number }) {
  const sessions = useAsync(() => listSessions(), [reloadKey])
  const [toRevoke, setToRevoke] = useState<Session | null>(null)
  const toast = useToast()

  const revoke = async () => {
    if (!toRevoke) return
    await revokeSession(toRevoke.id)
    const id = toRevoke.id
    sessions.setData((list) => (list ?? []).filter((s) => s.id !== id))
    toast('Session revoked')
  }

  if (sessions.error) return <ErrorMessage error={sessions.error} onRetry={sessions.reload} testId="sessions-error" />
  if (sessions.loading && !sessions.data) return <Skeleton lines={3} testId="sessions-loading" />
  const list = [...(sessions.data ?? [])].sort((a, b) => Number(Boolean(b.current)) - Number(Boolean(a.current)))
  if (list.length === 0) return <EmptyState title="No active sessions" testId="sessions-empty" />

  return (
    <>
      <ul className="item-list" data-testid="sessions-list">
        {list.map((s) => (
          <li key={s.id} className="item" data-testid="session-item" data-current={s.current ? 'true' : 'false'}>
            <div>
              <p className="item-title">
                {describeUserAgent(s.userAgent)}
                {s.current && (
                  <span className="badge badge-good" data-testid="session-current">
                    This device
                  </span>
                )}
              </p>
              <p className="muted small">
                Signed in {formatDateTime(s.createdAt)} · last active {formatDateTime(s.lastUsedAt ?? s.createdAt)}
                {s.ip ? ` · ${s.ip}` : ''}
              </p>
            </div>
            {!s.current && (
              <button type="button" className="btn btn-small btn-ghost-danger" onClick={() => setToRevoke(s)} data-testid="session-revoke">
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={toRevoke !== null}
        title="Revoke this session?"
        message={<p>{describeUserAgent(toRevoke?.userAgent)} will be signed out within a few minutes.</p>}
        confirmLabel="Revoke"
        danger
        onConfirm={revoke}
        onClose={() => setToRevoke(null)}
        testId="revoke-dialog"
      />
    </>
  )
}
