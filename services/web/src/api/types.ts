// JSON shapes from /work/shared/DESIGN.md. Money is integer minor units.

export interface User {
  id: string
  email: string
  username: string
  firstName: string | null
  lastName: string | null
  role: 'user' | 'admin'
  createdAt: string
}

export interface Session {
  id: string
  createdAt?: string
  lastUsedAt?: string | null
  userAgent?: string | null
  ip?: string | null
  current?: boolean
  expiresAt?: string | null
}

export interface SecurityEvent {
  id: string
  type: string
  createdAt: string
  ip?: string | null
  userAgent?: string | null
  detail?: unknown
}

export interface Dashboard {
  id: string
  name: string
  currency: string
  createdAt: string
}

export interface Product {
  id: string
  name: string
  priceCents: number
  costCents: number
  stock: number
  barcode: string | null
  imageUrl: string | null
  archived: boolean
  createdAt: string
  updatedAt: string
}

export interface ProductInput {
  archived?: boolean
  name: string
  priceCents: number
  costCents?: number
  stock?: number
  barcode?: string | null
  imageUrl?: string | null
}

export interface Sale {
  id: string
  productId: string
  quantity: number
  unitPriceCents: number
  unitCostCents: number
  soldAt: string
  note: string | null
  /** Set once the sale was voided (and restocked); voided sales stay in the list. */
  voidedAt?: string | null
  /** Not in the contract today; used if a server embeds it, else names are looked up. */
  productName?: string
}

export interface SaleInput {
  productId: string
  quantity: number
  unitPriceCents?: number
  soldAt?: string
  note?: string
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface Summary {
  from: string
  to: string
  revenueCents: number
  costCents: number
  profitCents: number
  marginPct: number | null
  unitsSold: number
  salesCount: number
  topProducts: { productId: string; name: string; unitsSold: number; revenueCents: number }[]
  lowStock: { productId: string; name: string; stock: number }[]
}

export type Bucket = 'day' | 'week' | 'month'

export interface Timeseries {
  bucket: Bucket
  /** The IANA zone the buckets were cut in; absent from an api older than the `tz` parameter (then UTC). */
  tz?: string
  /** `start`: the instant of the bucket's local start in `tz`. */
  points: { start: string; revenueCents: number; profitCents: number; unitsSold: number }[]
}
