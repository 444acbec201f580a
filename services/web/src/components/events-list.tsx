// Recent security events. The exact shape is not pinned by the contract, so
// every field is read defensively.
import { listEvents } from '../api/auth.js'
import { ApiError } from '../api/errors.js'
import type { SecurityEvent } from '../api/types.js'
import { formatDateTime } from '../lib/dates.js'
import { useAsync } from '../lib/use-async.js'
import { describeEventType, describeUserAgent } from '../lib/user-agent.js'
import { EmptyState, ErrorMessage, Skeleton } from './feedback.js'

const text = (v: unknown) => (typeof v === 'string' && v ? v : null)

function eventTime(e: SecurityEvent): string | null {
  const raw = e as unknown as Record<string, unknown>
  return text(raw.createdAt) ?? text(raw.at) ?? text(raw.time) ?? text(raw.timestamp)
}

export function EventsList({ reloadKey }: { reloadKey: number }) {
  const events = useAsync(() => listEvents(), [reloadKey])
  if (events.error instanceof ApiError && events.error.status === 404) {
    return <EmptyState title="Security history is not available yet" testId="events-unavailable" />
  }
  if (events.error) return <ErrorMessage error={events.error} onRetry={events.reload} testId="events-error" />
  if (events.loading && !events.data) return <Skeleton lines={4} testId="events-loading" />
  const list = (events.data ?? []).filter((e) => e && typeof e === 'object').slice(0, 50)
  if (list.length === 0) return <EmptyState title="No security events yet" testId="events-empty" />
  return (
    <ul className="item-list" data-testid="events-list">
      {list.map((e, i) => {
        const raw = e as unknown as Record<string, unknown>
        const ua = text(raw.userAgent) ?? text(raw.user_agent)
        const ip = text(raw.ip) ?? text(raw.ipAddress)
        return (
          <li key={text(raw.id) ?? String(i)} className="item" data-testid="event-item" data-event-type={text(raw.type) ?? ''}>
            <div>
              <p className="item-title">{describeEventType(raw.type, raw.detail)}</p>
              <p className="muted small">
                {formatDateTime(eventTime(e))}
                {ip ? ` · ${ip}` : ''}
                {ua ? ` · ${describeUserAgent(ua)}` : ''}
              </p>
            </div>
          </li>
        )
      })}
    </ul>
  )
}
