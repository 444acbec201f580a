// Sales: record one (from a product, with quantity and optional price) and
// review / void the sales of a period.
import { useCallback, useState } from 'react'
import { listSales, voidSale } from '../api/shop.js'
import type { Sale } from '../api/types.js'
import { PageHeader } from '../components/app-shell.js'
import { ConfirmDialog } from '../components/dialog.js'
import { EmptyState, ErrorMessage, Skeleton } from '../components/feedback.js'
import { PeriodPicker } from '../components/period-picker.js'
import { SaleForm } from '../components/sale-form.js'
import { useToast } from '../components/toast.js'
import { useDashboard } from '../lib/dashboard.js'
import { describePeriod, formatDateTime, formatShortDateTime, periodRange, presetPeriod, type Period } from '../lib/dates.js'
import { useProductNames } from '../lib/product-names.js'
import { useLocation } from '../lib/router.js'
import { usePagedList } from '../lib/use-paged-list.js'

export function SalesPage() {
  const { search } = useLocation()
  const initialProductId = search.get('product')
  const toast = useToast()
  const { money } = useDashboard()
  const [period, setPeriod] = useState<Period>(() => presetPeriod('7d'))
  const [toVoid, setToVoid] = useState<Sale | null>(null)
  const range = periodRange(period)

  const fetchPage = useCallback(
    (cursor: string | null, signal?: AbortSignal) => listSales({ from: range.from, to: range.to, cursor }, signal),
    [range.from, range.to],
  )
  const list = usePagedList(fetchPage, [fetchPage])
  const { names, remember } = useProductNames(list.items.filter((s) => !s.productName).map((s) => s.productId))
  const nameOf = (sale: Sale) => sale.productName ?? names.get(sale.productId) ?? '…'

  const doVoid = async () => {
    if (!toVoid) return
    await voidSale(toVoid.id)
    const id = toVoid.id
    // Voided sales stay listed (the API keeps them, with voidedAt), struck through.
    const voidedAt = new Date().toISOString()
    list.update((items) => items.map((s) => (s.id === id ? { ...s, voidedAt } : s)))
    toast('Sale voided; stock restored')
  }

  return (
    <div className="page" data-testid="sales-page">
      <PageHeader title="Sales">Record what you sell; stock updates by itself.</PageHeader>

      <div className="sales-layout">
        <section className="card" aria-labelledby="record-title">
          <div className="card-header">
            <h2 id="record-title">Record a sale</h2>
          </div>
          <SaleForm
            initialProductId={initialProductId}
            onRecorded={(sale, product) => {
              remember(product.id, product.name)
              toast(`Sold ${sale.quantity} × ${product.name}`)
              const soldAt = new Date(sale.soldAt).getTime()
              if (soldAt >= new Date(range.from).getTime() && soldAt < new Date(range.to).getTime()) {
                // Newest first, like the API; a back-dated sale lands in its place.
                list.update((items) => {
                  const rest = items.filter((s) => s.id !== sale.id)
                  const at = rest.findIndex((s) => new Date(s.soldAt).getTime() <= soldAt)
                  return at < 0 ? [...rest, sale] : [...rest.slice(0, at), sale, ...rest.slice(at)]
                })
              }
            }}
          />
        </section>

        <section className="card table-card" aria-labelledby="sales-title" aria-busy={list.loading}>
          <div className="card-header wrap">
            <div>
              <h2 id="sales-title">Sales</h2>
              <span className="muted small">{describePeriod(period)}</span>
            </div>
            <PeriodPicker value={period} onChange={setPeriod} testId="sales-period" />
          </div>
          {list.error ? (
            <ErrorMessage error={list.error} onRetry={list.reload} testId="sales-error" />
          ) : list.loading && list.items.length === 0 ? (
            <Skeleton lines={6} testId="sales-loading" />
          ) : list.items.length === 0 ? (
            <EmptyState title="No sales in this period" testId="sales-empty" />
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" data-testid="sales-table">
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Product</th>
                      <th scope="col" className="num">
                        Qty
                      </th>
                      <th scope="col" className="num hide-sm">
                        Unit price
                      </th>
                      <th scope="col" className="num">
                        Total
                      </th>
                      <th scope="col" className="num hide-sm">
                        Profit
                      </th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.items.map((sale) => (
                      <tr key={sale.id} className={sale.voidedAt ? 'voided' : undefined} data-testid="sale-row" data-sale-id={sale.id} data-voided={sale.voidedAt ? 'true' : 'false'}>
                        <td className="when">
                          <time dateTime={sale.soldAt} title={formatDateTime(sale.soldAt)}>
                            {formatShortDateTime(sale.soldAt)}
                          </time>
                        </td>
                        <td className="product-col" data-testid="sale-row-product">
                          {nameOf(sale)}
                          {sale.voidedAt && (
                            <span className="badge" data-testid="sale-row-voided">
                              Voided
                            </span>
                          )}
                          {sale.note && <span className="muted small block">{sale.note}</span>}
                        </td>
                        <td className="num" data-testid="sale-row-quantity">
                          {sale.quantity}
                        </td>
                        <td className="num hide-sm">{money(sale.unitPriceCents)}</td>
                        <td className="num" data-testid="sale-row-total">
                          {money(sale.unitPriceCents * sale.quantity)}
                        </td>
                        <td className="num hide-sm">{money((sale.unitPriceCents - sale.unitCostCents) * sale.quantity)}</td>
                        <td className="actions">
                          {!sale.voidedAt && (
                            <button type="button" className="btn btn-small btn-ghost-danger" onClick={() => setToVoid(sale)} data-testid="sale-void" aria-label={`Void sale of ${nameOf(sale)}`}>
                              Void
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {list.moreError ? <ErrorMessage error={list.moreError} onRetry={list.loadMore} compact testId="sales-more-error" /> : null}
              {list.hasMore && (
                <div className="load-more">
                  <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore} data-testid="sales-load-more">
                    {list.loadingMore ? 'Loading…' : 'Load more'}
                  </button>
                </div>
              )}
            </>
          )}
        </section>
      </div>

      <ConfirmDialog
        open={toVoid !== null}
        title="Void this sale?"
        message={
          <p>
            {toVoid && (
              <>
                {toVoid.quantity} × <strong>{nameOf(toVoid)}</strong> ({money(toVoid.unitPriceCents * toVoid.quantity)}) will be removed and the stock put back.
              </>
            )}
          </p>
        }
        confirmLabel="Void sale"
        danger
        onConfirm={doVoid}
        onClose={() => setToVoid(null)}
        testId="void-dialog"
      />
    </div>
  )
}
