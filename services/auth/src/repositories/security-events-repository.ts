/** SQL for the security event log. */
import { desc, eq } from 'drizzle-orm'
import type { AuthDb } from '../db/database.js'
import { securityEvents, type SecurityEventRow, type SecurityEventType } from '../db/schema/index.js'

export interface NewSecurityEvent {
  userId: string | null
  type: SecurityEventType
  ip?: string | null
  userAgent?: string | null
  detail?: Record<string, unknown>
}

export async function recordSecurityEvent(db: AuthDb, event: NewSecurityEvent, now: Date): Promise<void> {
  await db.insert(securityEvents).values({
    userId: event.userId,
    type: event.type,
    ip: event.ip ?? null,
    userAgent: event.userAgent ?? null,
    detail: event.detail ?? {},
    createdAt: now,
  })
}

export async function listUserSecurityEvents(db: AuthDb, userId: string, limit: number): Promise<SecurityEventRow[]> {
  return db.select().from(securityEvents).where(eq(securityEvents.userId, userId)).orderBy(desc(securityEvents.createdAt)).limit(limit)
}
