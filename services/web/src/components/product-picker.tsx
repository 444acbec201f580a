// Pick a product for a sale: type to search (debounced) or scan a barcode + Enter.
import { useEffect, useId, useState, type KeyboardEvent } from 'react'
import { ApiError, describeError } from '../api/errors.js'
import { getProductByBarcode, listProducts } from '../api/shop.js'
import type { Product } from '../api/types.js'
import { BARCODE } from '../lib/product-form.js'
import { useDashboard } from '../lib/dashboard.js'
import { useAsync, useDebounced } from '../lib/use-async.js'

interface Props {
  value: Product | null
  onChange: (product: Product | null) => void
  error?: string | undefined
}

export function ProductPicker({ value, onChange, error }: Props) {
  const { money } = useDashboard()
  const id = useId()
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const [scanMessage, setScanMessage] = useState<string | null>(null)
  const q = useDebounced(text.trim(), 250)
  const results = useAsync(
    (signal) => (open && q ? listProducts({ q, limit: 8 }, signal) : Promise.resolve({ items: [] as Product[], nextCursor: null })),
    [q, open],
  )
  const items = (results.data?.items ?? []).filter((p) => !p.archived)

  useEffect(() => setActive(0), [q])

  const choose = (product: Product) => {
    onChange(product)
    setText('')
    setOpen(false)
    setScanMessage(null)
  }

  const onKeyDown = async (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setOpen(true)
      setActive((a) => Math.min(a + 1, Math.max(items.length - 1, 0)))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((a) => Math.max(a - 1, 0))
    } else if (event.key === 'Escape') {
      setOpen(false)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      const typed = text.trim()
      const highlighted = items[active]
      // A scanner types digits faster than the debounce: try the barcode first.
      if (typed && BARCODE.test(typed) && (!highlighted || q !== typed)) {
        try {
          choose(await getProductByBarcode(typed))
          return
        } catch (e) {
          if (!(e instanceof ApiError && e.status === 404)) {
            setScanMessage(describeError(e))
            return
          }
        }
      }
      if (highlighted && q === typed) choose(highlighted)
      else if (typed) setScanMessage(`No product with barcode ${typed}. Pick one from the list.`)
    }
  }

  if (value) {
    return (
      <div className="field">
        <span className="label-text" id={`${id}-label`}>
          Product
        </span>
        <div className="picked" aria-labelledby={`${id}-label`} data-testid="sale-product-selected">
          <span>
            <strong>{value.name}</strong>
            <span className="muted">
              {' '}
              · {money(value.priceCents)} · {value.stock} in stock
            </span>
          </span>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(null)} data-testid="sale-product-change">
            Change
          </button>
        </div>
      </div>
    )
  }

  const listId = `${id}-list`
  return (
    <div className={`field combo${error ? ' has-error' : ''}`}>
      <label htmlFor={`${id}-input`}>Product</label>
      <input
        id={`${id}-input`}
        role="combobox"
        aria-expanded={open && items.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && items[active] ? `${id}-opt-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        placeholder="Search by name or scan a barcode"
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.target.value)
          setOpen(true)
          setScanMessage(null)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => void onKeyDown(e)}
        data-testid="sale-product-search"
      />
      <p className="field-hint" id={`${id}-hint`}>
        Type a name, or scan a barcode and press Enter.
      </p>
      {open && q && (
        <ul className="combo-list" id={listId} role="listbox" data-testid="sale-product-options">
          {results.loading ? (
            <li className="combo-empty">Searching…</li>
          ) : items.length === 0 ? (
            <li className="combo-empty">No matching products</li>
          ) : (
            items.map((p, i) => (
              <li
                key={p.id}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'combo-option active' : 'combo-option'}
                onMouseDown={(e) => {
                  e.preventDefault()
                  choose(p)
                }}
                data-testid="sale-product-option"
              >
                <span>{p.name}</span>
                <span className="muted">
                  {money(p.priceCents)} · {p.stock} left
                </span>
              </li>
            ))
          )}
        </ul>
      )}
      <div aria-live="polite">
        {(error || scanMessage) && (
          <p className="field-error" id={`${id}-error`} data-testid="sale-product-error">
            {error ?? scanMessage}
          </p>
        )}
      </div>
    </div>
  )
}
