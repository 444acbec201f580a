/** Dashboards: one per user, created on first access. */
import { eq } from 'drizzle-orm'
import type { ShopDb } from '../db/database.js'
import { dashboards, type DashboardRow } from '../db/schema/index.js'

export const DEFAULT_DASHBOARD = { name: 'My shop', currency: 'USD' } as const

export class DashboardsRepository {
  constructor(private readonly db: ShopDb) {}

  async findByOwner(ownerUserId: string): Promise<DashboardRow | undefined> {
    const [row] = await this.db.select().from(dashboards).where(eq(dashboards.ownerUserId, ownerUserId)).limit(1)
    return row
  }

  /**
   * The caller's dashboard, created if this is their first request. Two first
   * requests racing both INSERT … ON CONFLICT DO NOTHING; the unique owner
   * column lets exactly one row in, and both then read that row.
   */
  async ensureForOwner(ownerUserId: string): Promise<DashboardRow> {
    const existing = await this.findByOwner(ownerUserId)
    if (existing) return existing
    const [created] = await this.db
      .insert(dashboards)
      .values({ ownerUserId, ...DEFAULT_DASHBOARD })
      .onConflictDoNothing({ target: dashboards.ownerUserId })
      .returning()
    if (created) return created
    const winner = await this.findByOwner(ownerUserId)
    if (!winner) throw new Error('dashboard vanished between insert and select')
    return winner
  }

  async update(id: string, patch: { name?: string; currency?: string }): Promise<DashboardRow> {
    const [row] = await this.db.update(dashboards).set(patch).where(eq(dashboards.id, id)).returning()
    if (!row) throw new Error('dashboard vanished during update')
    return row
  }
}
