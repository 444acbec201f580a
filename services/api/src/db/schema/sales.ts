/** Recorded sales with the price and cost snapshotted at the moment of sale; voiding keeps the row. */
import { sql } from 'drizzle-orm'
import { bigint, check, foreignKey, index, integer, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { dashboards } from './dashboards.js'
import { products } from './products.js'
import { shop } from './shop.js'

export const sales = shop.table(
  'sales',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    dashboardId: uuid('dashboard_id')
      .notNull()
      .references(() => dashboards.id, { onDelete: 'cascade' }),
    // Products are archived, never deleted, so a sale always keeps its product.
    productId: uuid('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceCents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
    unitCostCents: bigint('unit_cost_cents', { mode: 'number' }).notNull(),
    soldAt: timestamp('sold_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    note: text('note'),
    voidedAt: timestamp('voided_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    // The product must belong to the sale's own dashboard: tenancy enforced by the database too, not only by queries.
    foreignKey({
      name: 'sales_product_same_dashboard_fk',
      columns: [table.dashboardId, table.productId],
      foreignColumns: [products.dashboardId, products.id],
    }).onDelete('restrict'),
    check('sales_quantity_check', sql`${table.quantity} > 0`),
    check('sales_unit_price_cents_check', sql`${table.unitPriceCents} >= 0`),
    check('sales_unit_cost_cents_check', sql`${table.unitCostCents} >= 0`),
    // Listing (keyset on sold_at desc, id desc) and every stats range scan.
    index('sales_dashboard_sold_at_idx').on(table.dashboardId, table.soldAt.desc(), table.id.desc()),
    index('sales_product_idx').on(table.productId),
  ],
)

export type SaleRow = typeof sales.$inferSelect
