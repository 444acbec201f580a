/**
 * Products of one dashboard. Every statement filters by dashboard id, so a
 * product id from another dashboard behaves exactly like a missing one.
 */
import { and, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core'
import { PG_UNIQUE_VIOLATION, postgresErrorCode, violatedConstraint } from '@proddash/db'
import type { ShopDb } from '../db/database.js'
import { products, type ProductRow } from '../db/schema/index.js'
import { BarcodeTakenError, NameTakenError, PreconditionFailedError, ProductNotFoundError } from '../errors.js'
import { decodeCursor, encodeCursor } from '../lib/cursor.js'

export interface ProductInput {
  name: string
  priceCents: number
  costCents?: number | undefined
  stock?: number | undefined
  barcode?: string | null | undefined
  imageUrl?: string | null | undefined
}

export interface ProductChanges extends Partial<ProductInput> {
  archived?: boolean | undefined
}

export interface ProductListOptions {
  q?: string | undefined
  limit: number
  cursor?: string | undefined
  archived: boolean
}

/** `%`, `_` and `\` in a search term are literal characters, not patterns. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`)
}

export class ProductsRepository {
  constructor(private readonly db: ShopDb) {}

  async list(dashboardId: string, options: ProductListOptions): Promise<{ rows: ProductRow[]; nextCursor: string | null }> {
    const conditions: (SQL | undefined)[] = [
      eq(products.dashboardId, dashboardId),
      options.archived ? isNotNull(products.archivedAt) : isNull(products.archivedAt),
    ]
    if (options.q) {
      const pattern = `%${escapeLike(options.q)}%`
      conditions.push(or(ilike(products.name, pattern), ilike(products.barcode, pattern)))
    }
    if (options.cursor) {
      const after = decodeCursor(options.cursor)
      // Row comparison matches the (created_at desc, id desc) order and the index behind it.
      conditions.push(sql`(${products.createdAt}, ${products.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`)
    }
    const rows = await this.db
      .select()
      .from(products)
      .where(and(...conditions))
      .orderBy(desc(products.createdAt), desc(products.id))
      .limit(options.limit + 1)
    const page = rows.slice(0, options.limit)
    const last = page[page.length - 1]
    const nextCursor = rows.length > options.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null
    return { rows: page, nextCursor }
  }

  async get(dashboardId: string, id: string): Promise<ProductRow> {
    const [row] = await this.db
      .select()
      .from(products)
      .where(and(eq(products.dashboardId, dashboardId), eq(products.id, id)))
      .limit(1)
    if (!row) throw new ProductNotFoundError()
    return row
  }

  async getByBarcode(dashboardId: string, barcode: string): Promise<ProductRow> {
    const [row] = await this.db
      .select()
      .from(products)
      .where(and(eq(products.dashboardId, dashboardId), eq(products.barcode, barcode)))
      .limit(1)
    if (!row) throw new ProductNotFoundError()
    return row
  }

  async create(dashboardId: string, input: ProductInput): Promise<ProductRow> {
    try {
      const [row] = await this.db
        .insert(products)
        .values({
          dashboardId,
          name: input.name.trim(),
          priceCents: input.priceCents,
          costCents: input.costCents ?? 0,
          stock: input.stock ?? 0,
          barcode: input.barcode ?? null,
          imageUrl: input.imageUrl ?? null,
        })
        .returning()
      return row!
    } catch (error) {
      throw uniqueViolation(error, input) ?? error
    }
  }

  /**
   * Applies changes when `precondition(version)` holds (If-Match). The row is
   * locked while the precondition is checked, so two PATCHes holding the same
   * ETag cannot both win.
   */
  async update(
    dashboardId: string,
    id: string,
    changes: ProductChanges,
    precondition?: (version: number) => boolean,
  ): Promise<ProductRow> {
    try {
      return await this.db.transaction(async (tx) => {
        const [current] = await tx
          .select({ version: products.version, archivedAt: products.archivedAt })
          .from(products)
          .where(and(eq(products.dashboardId, dashboardId), eq(products.id, id)))
          .for('update')
        if (!current) throw new ProductNotFoundError()
        if (precondition && !precondition(current.version)) throw new PreconditionFailedError()

        const set: PgUpdateSetSource<typeof products> = {}
        if (changes.name !== undefined) set.name = changes.name.trim()
        if (changes.priceCents !== undefined) set.priceCents = changes.priceCents
        if (changes.costCents !== undefined) set.costCents = changes.costCents
        if (changes.stock !== undefined) set.stock = changes.stock
        if (changes.barcode !== undefined) set.barcode = changes.barcode
        if (changes.imageUrl !== undefined) set.imageUrl = changes.imageUrl
        if (changes.archived === true && current.archivedAt === null) set.archivedAt = sql`now()`
        if (changes.archived === false) set.archivedAt = null
        const [row] = await tx
          .update(products)
          .set({ ...set, version: sql`${products.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(products.dashboardId, dashboardId), eq(products.id, id)))
          .returning()
        return row!
      })
    } catch (error) {
      throw uniqueViolation(error, changes) ?? error
    }
  }

  /** Archives (never deletes: sales keep their product). Archiving twice is a no-op. */
  async archive(dashboardId: string, id: string): Promise<void> {
    const [row] = await this.db
      .update(products)
      .set({ archivedAt: sql`now()`, version: sql`${products.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(products.dashboardId, dashboardId), eq(products.id, id), isNull(products.archivedAt)))
      .returning({ id: products.id })
    if (!row) await this.get(dashboardId, id) // 404 unless it exists (already archived)
  }
}

function uniqueViolation(error: unknown, input: Partial<ProductInput>): Error | undefined {
  if (postgresErrorCode(error) !== PG_UNIQUE_VIOLATION) return undefined
  const constraint = violatedConstraint(error)
  if (constraint === 'products_dashboard_name_key') return new NameTakenError(input.name?.trim() ?? '')
  if (constraint === 'products_dashboard_barcode_key') return new BarcodeTakenError(input.barcode ?? '')
  return undefined
}
