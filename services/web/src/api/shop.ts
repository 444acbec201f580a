// Calls to the resource service (/api/*).
import { api, request } from './client.js'
import type { Bucket, Dashboard, Page, Product, ProductInput, Sale, SaleInput, Summary, Timeseries } from './types.js'
import { localTimeZone } from '../lib/dates.js'

const id = (value: string) => encodeURIComponent(value)

export const getDashboard = () => api<Dashboard>('/api/dashboard')

export const updateDashboard = (patch: { name?: string; currency?: string }) =>
  api<Dashboard>('/api/dashboard', { method: 'PATCH', body: patch })

export const listProducts = (
  params: { q?: string; cursor?: string | null; limit?: number; archived?: boolean },
  signal?: AbortSignal,
) =>
  api<Page<Product>>('/api/products', {
    query: { q: params.q, cursor: params.cursor, limit: params.limit ?? 25, archived: params.archived ? 'true' : undefined },
    signal,
  })

/** Returns the product and its ETag, which a later PATCH sends back in If-Match. */
export async function getProduct(productId: string): Promise<{ product: Product; etag: string | null }> {
  const response = await request<Product>(`/api/products/${id(productId)}`)
  return { product: response.data, etag: response.headers.get('etag') }
}

export const getProductByBarcode = (barcode: string) =>
  api<Product>(`/api/products/by-barcode/${id(barcode)}`)

export const createProduct = (input: ProductInput) =>
  api<Product>('/api/products', { method: 'POST', body: input })

export const updateProduct = (productId: string, patch: Partial<ProductInput>, etag: string | null) =>
  api<Product>(`/api/products/${id(productId)}`, {
    method: 'PATCH',
    body: patch,
    headers: etag ? { 'if-match': etag } : {},
  })

export const archiveProduct = (productId: string) =>
  api<void>(`/api/products/${id(productId)}`, { method: 'DELETE' })

export const listSales = (
  params: { from?: string; to?: string; productId?: string; cursor?: string | null; limit?: number },
  signal?: AbortSignal,
) =>
  api<Page<Sale>>('/api/sales', {
    query: { from: params.from, to: params.to, productId: params.productId, cursor: params.cursor, limit: params.limit ?? 50 },
    signal,
  })

export const createSale = (input: SaleInput, idempotencyKey: string) =>
  api<Sale>('/api/sales', { method: 'POST', body: input, headers: { 'idempotency-key': idempotencyKey } })

export const voidSale = (saleId: string) => api<void>(`/api/sales/${id(saleId)}`, { method: 'DELETE' })

export const getSummary = (from: string, to: string, signal?: AbortSignal) =>
  api<Summary>('/api/stats/summary', { query: { from, to }, signal })

/** Buckets are cut in `tz` (the browser's zone by default), so they line up with periods of local days. */
export const getTimeseries = (from: string, to: string, bucket: Bucket, signal?: AbortSignal, tz: string = localTimeZone()) =>
  api<Timeseries>('/api/stats/timeseries', { query: { from, to, bucket, tz }, signal })
