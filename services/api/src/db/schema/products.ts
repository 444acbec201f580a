/** The catalogue: one row per product of a dashboard; archived rows stay for the sales that reference them. */
import { sql } from 'drizzle-orm'
import { bigint, check, index, integer, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { dashboards } from './dashboards.js'
import { shop } from './shop.js'

export const products = shop.table(
  'products',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    dashboardId: uuid('dashboard_id')
      .notNull()
      .references(() => dashboards.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // bigint: the contract allows up to 1e11 cents, beyond int4. mode 'number' is exact up to 2^53.
    priceCents: bigint('price_cents', { mode: 'number' }).notNull(),
    costCents: bigint('cost_cents', { mode: 'number' }).notNull().default(0),
    stock: integer('stock').notNull().default(0),
    barcode: text('barcode'),
    imageUrl: text('image_url'),
    archivedAt: timestamp('archived_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    // Bumped on every write; the ETag is derived from it (optimistic concurrency with If-Match).
    version: integer('version').notNull().default(1),
  },
  (table) => [
    check('products_price_cents_check', sql`${table.priceCents} >= 0`),
    check('products_cost_cents_check', sql`${table.costCents} >= 0`),
    // The last line of defence against overselling: even a buggy UPDATE cannot drive stock negative.
    check('products_stock_check', sql`${table.stock} >= 0`),
    // Names are unique per dashboard regardless of case (and of archiving, so unarchiving never conflicts).
    uniqueIndex('products_dashboard_name_key').on(table.dashboardId, sql`lower(${table.name})`),
    // Target of the sales (dashboard_id, product_id) foreign key.
    unique('products_dashboard_id_id_key').on(table.dashboardId, table.id),
    uniqueIndex('products_dashboard_barcode_key').on(table.dashboardId, table.barcode),
    // Keyset pagination: (created_at desc, id desc) within a dashboard, active and archived listed separately.
    index('products_dashboard_page_idx').on(table.dashboardId, table.createdAt.desc(), table.id.desc()),
    // Low-stock report: the few active products with the least stock.
    index('products_dashboard_stock_idx').on(table.dashboardId, table.stock).where(sql`${table.archivedAt} is null`),
  ],
)

export type ProductRow = typeof products.$inferSelect
