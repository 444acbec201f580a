/**
 * Sales of one dashboard: recording one (stock falls atomically, price and
 * cost snapshotted, optionally idempotent), listing, voiding (restocks).
 */
import { createHash } from 'node:crypto'
import { and, desc, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm'
import type { ShopDb } from '../db/database.js'
import { idempotencyKeys, products, sales, type SaleRow } from '../db/schema/index.js'
import { IdempotencyKeyReusedError, InsufficientStockError, ProductArchivedError, ProductNotFoundError, SaleNotFoundError } from '../errors.js'
import { decodeCursor, encodeCursor } from '../lib/cursor.js'
import { saleRepresentation } from '../representations.js'
import type { Sale } from '../schemas/sale.js'

export interface SaleInput {
  productId: string
  quantity: number
  unitPriceCents?: number | undefined
  soldAt?: Date | undefined
  note?: string | null | undefined
}

export interface SaleListOptions {
  from?: Date | undefined
  to?: Date | undefined
  productId?: string | undefined
  limit: number
  cursor?: string | undefined
}

export interface RecordedSale {
  /** Only successes are stored for replay, so the status is always 201. */
  status: 201
  body: Sale
  /** True when this is the stored answer to an earlier request with the same Idempotency-Key. */
  replayed: boolean
}

type Tx = Parameters<Parameters<ShopDb['transaction']>[0]>[0]

/** Fingerprint of a request for Idempotency-Key reuse detection: key order in the JSON does not matter. */
export function requestFingerprint(route: string, body: unknown): string {
  return createHash('sha256').update(route).update('\n').update(canonicalJson(body)).digest('base64url')
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export class SalesRepository {
  constructor(private readonly db: ShopDb) {}

  /**
   * Records a sale in ONE transaction:
   * 1. with an Idempotency-Key, claim the key first (INSERT … ON CONFLICT DO
   *    NOTHING). A concurrent duplicate blocks on the unique index until the
   *    first transaction ends; if that one committed, the duplicate finds the
   *    stored answer and replays it, if it rolled back, the duplicate goes on.
   * 2. decrement stock with a conditional UPDATE (stock >= quantity, not
   *    archived, this dashboard): no read-modify-write, no oversell.
   * 3. insert the sale with the price (given or current) and cost snapshotted.
   * 4. store the answer on the key row.
   * Failures (404, 409) roll everything back, the key included, so a retry
   * after restocking can succeed.
   */
  async record(dashboardId: string, input: SaleInput, idempotency?: { key: string; fingerprint: string }): Promise<RecordedSale> {
    return this.db.transaction(async (tx) => {
      let keyRowId: string | undefined
      if (idempotency) {
        const [claimed] = await tx
          .insert(idempotencyKeys)
          .values({ dashboardId, key: idempotency.key, requestHash: idempotency.fingerprint })
          .onConflictDoNothing({ target: [idempotencyKeys.dashboardId, idempotencyKeys.key] })
          .returning({ id: idempotencyKeys.id })
        if (!claimed) return replay(tx, dashboardId, idempotency)
        keyRowId = claimed.id
      }

      const [snapshot] = await tx
        .update(products)
        .set({ stock: sql`${products.stock} - ${input.quantity}`, version: sql`${products.version} + 1`, updatedAt: sql`now()` })
        .where(
          and(
            eq(products.id, input.productId),
            eq(products.dashboardId, dashboardId),
            gte(products.stock, input.quantity),
            isNull(products.archivedAt),
          ),
        )
        .returning({ priceCents: products.priceCents, costCents: products.costCents })
      if (!snapshot) await explainRefusal(tx, dashboardId, input)

      const [row] = await tx
        .insert(sales)
        .values({
          dashboardId,
          productId: input.productId,
          quantity: input.quantity,
          unitPriceCents: input.unitPriceCents ?? snapshot!.priceCents,
          unitCostCents: snapshot!.costCents,
          ...(input.soldAt ? { soldAt: input.soldAt } : {}),
          note: input.note ?? null,
        })
        .returning()
      const body = saleRepresentation(row!)
      if (keyRowId) {
        await tx.update(idempotencyKeys).set({ responseStatus: 201, responseBody: body }).where(eq(idempotencyKeys.id, keyRowId))
      }
      return { status: 201, body, replayed: false }
    })
  }

  /**
   * Forgets Idempotency-Keys older than the retention window (24 h by
   * default, as payment APIs do): a retry that late is a new request.
   */
  async purgeIdempotencyKeys(olderThanMs: number): Promise<number> {
    const cutoff = new Date(Date.now() - olderThanMs).toISOString()
    const deleted = await this.db
      .delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, sql`${cutoff}::timestamptz`))
      .returning({ id: idempotencyKeys.id })
    return deleted.length
  }

  async get(dashboardId: string, id: string): Promise<SaleRow> {
    const [row] = await this.db
      .select()
      .from(sales)
      .where(and(eq(sales.dashboardId, dashboardId), eq(sales.id, id)))
      .limit(1)
    if (!row) throw new SaleNotFoundError()
    return row
  }

  /** Newest first, voided ones included (they carry voidedAt). */
  async list(dashboardId: string, options: SaleListOptions): Promise<{ rows: SaleRow[]; nextCursor: string | null }> {
    const conditions: SQL[] = [eq(sales.dashboardId, dashboardId)]
    if (options.from) conditions.push(gte(sales.soldAt, options.from))
    if (options.to) conditions.push(lt(sales.soldAt, options.to))
    if (options.productId) conditions.push(eq(sales.productId, options.productId))
    if (options.cursor) {
      const after = decodeCursor(options.cursor)
      conditions.push(sql`(${sales.soldAt}, ${sales.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`)
    }
    const rows = await this.db
      .select()
      .from(sales)
      .where(and(...conditions))
      .orderBy(desc(sales.soldAt), desc(sales.id))
      .limit(options.limit + 1)
    const page = rows.slice(0, options.limit)
    const last = page[page.length - 1]
    const nextCursor = rows.length > options.limit && last ? encodeCursor({ at: last.soldAt, id: last.id }) : null
    return { rows: page, nextCursor }
  }

  /**
   * Voids a sale and puts its quantity back in stock, atomically. Voiding an
   * already voided sale changes nothing and is not an error (DELETE is
   * idempotent: a retried request must not fail or restock twice).
   */
  async void(dashboardId: string, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [voided] = await tx
        .update(sales)
        .set({ voidedAt: sql`now()` })
        .where(and(eq(sales.dashboardId, dashboardId), eq(sales.id, id), isNull(sales.voidedAt)))
        .returning({ productId: sales.productId, quantity: sales.quantity })
      if (!voided) {
        const [existing] = await tx
          .select({ id: sales.id })
          .from(sales)
          .where(and(eq(sales.dashboardId, dashboardId), eq(sales.id, id)))
        if (!existing) throw new SaleNotFoundError()
        return
      }
      await tx
        .update(products)
        .set({ stock: sql`${products.stock} + ${voided.quantity}`, version: sql`${products.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(products.dashboardId, dashboardId), eq(products.id, voided.productId)))
    })
  }
}

async function replay(tx: Tx, dashboardId: string, idempotency: { key: string; fingerprint: string }): Promise<RecordedSale> {
  const [stored] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.dashboardId, dashboardId), eq(idempotencyKeys.key, idempotency.key)))
  // The claiming transaction filled the answer before it committed, so a visible row is complete.
  if (!stored || stored.responseStatus !== 201) throw new Error('idempotency key row without an answer')
  if (stored.requestHash !== idempotency.fingerprint) throw new IdempotencyKeyReusedError()
  return { status: 201, body: stored.responseBody as Sale, replayed: true }
}

/** The conditional UPDATE matched nothing: say why (404, archived, or short of stock). Always throws. */
async function explainRefusal(tx: Tx, dashboardId: string, input: SaleInput): Promise<never> {
  const [product] = await tx
    .select({ stock: products.stock, archivedAt: products.archivedAt })
    .from(products)
    .where(and(eq(products.dashboardId, dashboardId), eq(products.id, input.productId)))
  if (!product) throw new ProductNotFoundError()
  if (product.archivedAt) throw new ProductArchivedError()
  throw new InsufficientStockError(product.stock, input.quantity)
}
