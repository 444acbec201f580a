// The product list as a table; less important columns fold away on phones.
import { useState } from 'react'
import type { Product } from '../api/types.js'
import { useDashboard } from '../lib/dashboard.js'

interface Props {
  products: Product[]
  onEdit: (p: Product) => void
  onArchive: (p: Product) => void
  onSell: (p: Product) => void
  onRestore: (p: Product) => void
}

const LOW_STOCK = 5

export function ProductTable({ products, onEdit, onArchive, onSell, onRestore }: Props) {
  const { money } = useDashboard()
  return (
    <div className="table-wrap">
      <table className="table" data-testid="products-table">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="hide-sm">
              Barcode
            </th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col" className="num hide-sm">
              Cost
            </th>
            <th scope="col" className="num">
              Stock
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {products.map((p) => (
            <tr key={p.id} className={p.archived ? 'archived' : undefined} data-testid="product-row" data-product-id={p.id}>
              <td>
                <div className="product-cell">
                  <Thumb product={p} />
                  <span>
                    <span className="product-name" data-testid="product-row-name">
                      {p.name}
                    </span>
                    {p.archived && <span className="badge">Archived</span>}
                  </span>
                </div>
              </td>
              <td className="hide-sm mono">{p.barcode ?? '—'}</td>
              <td className="num" data-testid="product-row-price">
                {money(p.priceCents)}
              </td>
              <td className="num hide-sm">{money(p.costCents)}</td>
              <td className="num" data-testid="product-row-stock">
                <span className={p.stock <= 0 ? 'badge badge-danger' : p.stock <= LOW_STOCK ? 'badge badge-warn' : undefined}>{p.stock}</span>
              </td>
              <td className="actions">
                <div className="row-actions">
                  {!p.archived && (
                    <button type="button" className="btn btn-small btn-ghost hide-sm" onClick={() => onSell(p)} data-testid="product-sell" aria-label={`Record a sale of ${p.name}`}>
                      Sell
                    </button>
                  )}
                  <button type="button" className="btn btn-small" onClick={() => onEdit(p)} data-testid="product-edit" aria-label={`Edit ${p.name}`}>
                    Edit
                  </button>
                  {p.archived && (
                    <button type="button" className="btn btn-small btn-ghost" onClick={() => onRestore(p)} data-testid="product-restore" aria-label={`Restore ${p.name}`}>
                      Restore
                    </button>
                  )}
                  {!p.archived && (
                    <button type="button" className="btn btn-small btn-ghost-danger" onClick={() => onArchive(p)} data-testid="product-archive" aria-label={`Archive ${p.name}`}>
                      Archive
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The product's picture, or its initial when there is none or it fails to load. */
function Thumb({ product }: { product: Product }) {
  const [failed, setFailed] = useState(false)
  if (product.imageUrl && !failed) {
    return <img src={product.imageUrl} alt="" className="thumb" loading="lazy" referrerPolicy="no-referrer" onError={() => setFailed(true)} />
  }
  return (
    <span className="thumb thumb-empty" aria-hidden="true">
      {product.name.slice(0, 1).toUpperCase()}
    </span>
  )
}
