/**
 * Rows → the JSON shapes of the contract (DESIGN.md "Shapes"). Kept apart
 * from the routes because the idempotency store records a sale's answer too.
 */
import type { DashboardRow, ProductRow, SaleRow } from './db/schema/index.js'
import type { Dashboard } from './schemas/dashboard.js'
import type { Product } from './schemas/product.js'
import type { Sale } from './schemas/sale.js'

export function dashboardRepresentation(row: DashboardRow): Dashboard {
  return { id: row.id, name: row.name, currency: row.currency, createdAt: row.createdAt.toISOString() }
}

export function productRepresentation(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    priceCents: row.priceCents,
    costCents: row.costCents,
    stock: row.stock,
    barcode: row.barcode,
    imageUrl: row.imageUrl,
    archived: row.archivedAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function saleRepresentation(row: SaleRow): Sale {
  return {
    id: row.id,
    productId: row.productId,
    quantity: row.quantity,
    unitPriceCents: row.unitPriceCents,
    unitCostCents: row.unitCostCents,
    soldAt: row.soldAt.toISOString(),
    note: row.note,
    voidedAt: row.voidedAt ? row.voidedAt.toISOString() : null,
  }
}
