/** Every table of the `shop` schema, for drizzle (queries) and drizzle-kit (migrations). */
export { shop } from './shop.js'
export { dashboards, type DashboardRow } from './dashboards.js'
export { products, type ProductRow } from './products.js'
export { sales, type SaleRow } from './sales.js'
export { idempotencyKeys, type IdempotencyKeyRow } from './idempotency-keys.js'
