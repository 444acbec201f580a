// Products: search, keyset "Load more", barcode lookup, create / edit / archive.
import { useCallback, useState } from 'react'
import { describeError } from '../api/errors.js'
import { archiveProduct, listProducts, updateProduct } from '../api/shop.js'
import type { Product } from '../api/types.js'
import { PageHeader } from '../components/app-shell.js'
import { BarcodeLookup } from '../components/barcode-lookup.js'
import { ConfirmDialog } from '../components/dialog.js'
import { EmptyState, ErrorMessage, Skeleton, Spinner } from '../components/feedback.js'
import { ProductFormDialog } from '../components/product-form-dialog.js'
import { ProductTable } from '../components/product-table.js'
import { useToast } from '../components/toast.js'
import { useDashboard } from '../lib/dashboard.js'
import { navigate } from '../lib/router.js'
import { useDebounced } from '../lib/use-async.js'
import { usePagedList } from '../lib/use-paged-list.js'

type Editor = { open: false } | { open: true; productId: string | null; barcode?: string }

export function ProductsPage() {
  const toast = useToast()
  const { money } = useDashboard()
  const [query, setQuery] = useState('')
  const q = useDebounced(query.trim(), 300)
  const [showArchived, setShowArchived] = useState(false)
  const [editor, setEditor] = useState<Editor>({ open: false })
  const [toArchive, setToArchive] = useState<Product | null>(null)
  const [found, setFound] = useState<Product | null>(null)

  const fetchPage = useCallback(
    (cursor: string | null, signal?: AbortSignal) => listProducts({ q: q || undefined, cursor, archived: showArchived }, signal),
    [q, showArchived],
  )
  const list = usePagedList(fetchPage, [fetchPage])

  // A newer version of a listed product (saved here, or fetched for editing
  // after another tab changed it) replaces the row; one that no longer
  // belongs to the list shown (archived / restored) moves out of view.
  const refreshRow = (product: Product) => {
    list.update((items) => items.flatMap((p) => (p.id !== product.id ? [p] : product.archived === showArchived ? [product] : [])))
    if (found?.id === product.id) setFound(product)
  }
  const onSaved = (product: Product, created: boolean) => {
    toast(created ? `“${product.name}” created` : `“${product.name}” saved`)
    if (created && !showArchived) list.update((items) => [product, ...items.filter((p) => p.id !== product.id)])
    else refreshRow(product)
    if (created && found?.id === product.id) setFound(product)
  }

  const archive = async () => {
    if (!toArchive) return
    await archiveProduct(toArchive.id)
    const name = toArchive.name
    const id = toArchive.id
    list.update((items) => items.filter((p) => p.id !== id))
    if (found?.id === id) setFound(null)
    toast(`“${name}” archived`)
  }

  const restore = async (product: Product) => {
    try {
      await updateProduct(product.id, { archived: false }, null)
      list.update((items) => items.filter((p) => p.id !== product.id))
      toast(`“${product.name}” restored`)
    } catch (e) {
      toast(describeError(e), 'error')
    }
  }

  return (
    <div className="page" data-testid="products-page">
      <PageHeader
        title="Products"
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setEditor({ open: true, productId: null })} data-testid="product-new">
            + New product
          </button>
        }
      >
        Your catalogue: prices, costs and what is on the shelf.
      </PageHeader>

      <div className="toolbar card">
        <div className="search-field">
          <label htmlFor="product-search" className="visually-hidden">
            Search products
          </label>
          <input
            id="product-search"
            type="search"
            placeholder="Search by name or barcode…"
            maxLength={200}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="product-search"
          />
          {list.loading && list.items.length > 0 && <Spinner label="Searching…" />}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} data-testid="product-show-archived" />
          Show archived products
        </label>
        <BarcodeLookup onFound={setFound} onMissing={(barcode) => setEditor({ open: true, productId: null, barcode })} />
      </div>

      {found && (
        <div className="card found-card" data-testid="barcode-result" aria-live="polite">
          <div>
            <p className="muted small">Found by barcode {found.barcode}</p>
            <p className="found-name" data-testid="barcode-result-name">
              {found.name}
            </p>
            <p className="muted">
              {money(found.priceCents)} · {found.stock} in stock{found.archived ? ' · archived' : ''}
            </p>
          </div>
          <div className="row-actions">
            <button type="button" className="btn btn-small" onClick={() => setEditor({ open: true, productId: found.id })} data-testid="barcode-result-edit">
              Edit
            </button>
            {!found.archived && (
              <button type="button" className="btn btn-small btn-primary" onClick={() => navigate(`/sales?product=${encodeURIComponent(found.id)}`)} data-testid="barcode-result-sell">
                Record sale
              </button>
            )}
            <button type="button" className="icon-btn" onClick={() => setFound(null)} aria-label="Dismiss" data-testid="barcode-result-dismiss">
              ×
            </button>
          </div>
        </div>
      )}

      <section className="card table-card" aria-busy={list.loading} aria-label="Product list">
        {list.error ? (
          <ErrorMessage error={list.error} onRetry={list.reload} testId="products-error" />
        ) : list.loading && list.items.length === 0 ? (
          <Skeleton lines={6} testId="products-loading" />
        ) : list.items.length === 0 ? (
          q ? (
            <EmptyState title={`No products match “${q}”`} testId="products-empty" />
          ) : showArchived ? (
            <EmptyState title="No archived products" testId="products-empty" />
          ) : (
            <EmptyState title="No products yet" testId="products-empty">
              <button type="button" className="btn btn-primary" onClick={() => setEditor({ open: true, productId: null })} data-testid="products-empty-new">
                Add your first product
              </button>
            </EmptyState>
          )
        ) : (
          <>
            <ProductTable
              products={list.items}
              onEdit={(p) => setEditor({ open: true, productId: p.id })}
              onArchive={setToArchive}
              onSell={(p) => navigate(`/sales?product=${encodeURIComponent(p.id)}`)}
              onRestore={(p) => void restore(p)}
            />
            {list.moreError ? <ErrorMessage error={list.moreError} onRetry={list.loadMore} compact testId="products-more-error" /> : null}
            {list.hasMore && (
              <div className="load-more">
                <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore} data-testid="products-load-more">
                  {list.loadingMore ? 'Loading…' : 'Load more'}
                </button>
              </div>
            )}
          </>
        )}
      </section>

      <ProductFormDialog
        open={editor.open}
        productId={editor.open ? editor.productId : null}
        initialBarcode={editor.open ? editor.barcode : undefined}
        onClose={() => setEditor({ open: false })}
        onSaved={onSaved}
        onLoaded={refreshRow}
      />
      <ConfirmDialog
        open={toArchive !== null}
        title="Archive product?"
        message={
          <p>
            <strong>{toArchive?.name}</strong> will be hidden from the catalogue. Its past sales stay in your reports.
          </p>
        }
        confirmLabel="Archive"
        danger
        onConfirm={archive}
        onClose={() => setToArchive(null)}
        testId="archive-dialog"
      />
    </div>
  )
}
