// Record a sale. Each submission gets an Idempotency-Key; a retry of the same
// submission (after a network error or 5xx) reuses it, so the sale is never
// recorded twice. Changing any field starts a new submission with a new key.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { newIdempotencyKey } from '../api/client.js'
import { ApiError, describeError } from '../api/errors.js'
import { createSale, getProduct } from '../api/shop.js'
import type { Product, Sale, SaleInput } from '../api/types.js'
import { useDashboard } from '../lib/dashboard.js'
import { parseMoney } from '../lib/money.js'
import { FormAlert } from './feedback.js'
import { Field } from './field.js'
import { ProductPicker } from './product-picker.js'

interface Props {
  initialProductId?: string | null
  onRecorded: (sale: Sale, product: Product) => void
}

export function SaleForm({ initialProductId, onRecorded }: Props) {
  const { money, fractionDigits, currency } = useDashboard()
  const [product, setProduct] = useState<Product | null>(null)
  const [quantity, setQuantity] = useState('1')
  const [unitPrice, setUnitPrice] = useState('')
  const [note, setNote] = useState('')
  // Empty = now; a local date-time lets the owner record yesterday's sales.
  const [soldAt, setSoldAt] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<string | null>(null)
  const [canRetry, setCanRetry] = useState(false)
  const [busy, setBusy] = useState(false)
  const idempotencyKey = useRef<string | null>(null)

  useEffect(() => {
    if (!initialProductId) return
    let cancelled = false
    getProduct(initialProductId).then(
      ({ product: p }) => !cancelled && setProduct(p),
      (e: unknown) => !cancelled && setMessage(describeError(e)),
    )
    return () => {
      cancelled = true
    }
  }, [initialProductId])

  // Any edit makes it a different sale: forget the previous key.
  const edited = <T,>(setter: (v: T) => void) => (v: T) => {
    idempotencyKey.current = null
    setCanRetry(false)
    setter(v)
  }

  const submit = async (event?: FormEvent) => {
    event?.preventDefault()
    setMessage(null)
    const fieldErrors: Record<string, string> = {}
    if (!product) fieldErrors.productId = 'Choose a product'
    const qty = quantity.trim()
    if (!/^\d+$/.test(qty) || Number(qty) < 1 || !Number.isSafeInteger(Number(qty))) fieldErrors.quantity = 'Quantity is a whole number, 1 or more'
    let unitPriceCents: number | undefined
    if (unitPrice.trim()) {
      const parsed = parseMoney(unitPrice, fractionDigits)
      if (parsed.ok) unitPriceCents = parsed.cents
      else fieldErrors.unitPriceCents = parsed.reason
    }
    let soldAtIso: string | undefined
    if (soldAt) {
      const when = new Date(soldAt)
      if (Number.isNaN(when.getTime())) fieldErrors.soldAt = 'Pick a date and time'
      else if (when.getTime() > Date.now() + 60_000) fieldErrors.soldAt = 'A sale cannot be in the future'
      else soldAtIso = when.toISOString()
    }
    setErrors(fieldErrors)
    if (Object.keys(fieldErrors).length || !product) {
      setMessage('Please check the highlighted fields.')
      return
    }
    const input: SaleInput = { productId: product.id, quantity: Number(qty) }
    if (unitPriceCents !== undefined) input.unitPriceCents = unitPriceCents
    if (note.trim()) input.note = note.trim()
    if (soldAtIso) input.soldAt = soldAtIso
    idempotencyKey.current ??= newIdempotencyKey()
    setBusy(true)
    setCanRetry(false)
    try {
      const sale = await createSale(input, idempotencyKey.current)
      idempotencyKey.current = null
      onRecorded(sale, product)
      setProduct({ ...product, stock: product.stock - sale.quantity })
      setQuantity('1')
      setUnitPrice('')
      setNote('')
      setSoldAt('')
    } catch (e) {
      if (e instanceof ApiError && e.code === 'insufficient_stock') {
        idempotencyKey.current = null
        setErrors({ quantity: 'More than you have in stock' })
        setMessage(e.detail || `Not enough stock: ${product.name} has ${product.stock} left.`)
      } else if (e instanceof ApiError && e.code === 'product_archived') {
        idempotencyKey.current = null
        setErrors({ productId: 'This product is archived' })
        setMessage(e.detail || 'This product is archived and cannot be sold.')
      } else if (e instanceof ApiError && e.status === 400) {
        idempotencyKey.current = null
        setErrors(e.fieldErrors())
        setMessage(e.detail || 'Please check the highlighted fields.')
      } else if (e instanceof ApiError && (e.status === 0 || e.status >= 500 || e.status === 429)) {
        // Unknown outcome: keep the key so retrying cannot record it twice.
        setCanRetry(true)
        setMessage(`${describeError(e)} Retrying is safe: the sale will not be recorded twice.`)
      } else {
        idempotencyKey.current = null
        setMessage(describeError(e))
      }
    } finally {
      setBusy(false)
    }
  }

  const total = (() => {
    if (!product || !/^\d+$/.test(quantity.trim())) return null
    const price = unitPrice.trim() ? parseMoney(unitPrice, fractionDigits) : { ok: true as const, cents: product.priceCents }
    return price.ok ? price.cents * Number(quantity) : null
  })()

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="sale-form">
      <FormAlert message={message} testId="sale-form-error" />
      {canRetry && (
        <button type="button" className="btn btn-small" onClick={() => void submit()} disabled={busy} data-testid="sale-form-retry">
          Try again
        </button>
      )}
      <ProductPicker value={product} onChange={edited(setProduct)} error={errors.productId} />
      <div className="form-row">
        <Field
          label="Quantity"
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={quantity}
          onChange={(e) => edited(setQuantity)(e.target.value)}
          error={errors.quantity}
          testId="sale-quantity"
          required
        />
        <Field
          label="Unit price (optional)"
          name="unitPrice"
          inputMode="decimal"
          autoComplete="off"
          placeholder={product ? money(product.priceCents) : `In ${currency}`}
          value={unitPrice}
          onChange={(e) => edited(setUnitPrice)(e.target.value)}
          error={errors.unitPriceCents}
          hint="Leave empty to use the product price"
          testId="sale-unit-price"
        />
      </div>
      <Field
        label="Sold at (optional)"
        name="soldAt"
        type="datetime-local"
        value={soldAt}
        max={toLocalInput(new Date())}
        onChange={(e) => edited(setSoldAt)(e.target.value)}
        error={errors.soldAt}
        hint="Leave empty for now"
        testId="sale-sold-at"
      />
      <Field label="Note (optional)" name="note" value={note} maxLength={500} onChange={(e) => edited(setNote)(e.target.value)} error={errors.note} testId="sale-note" />
      <div className="form-footer">
        <span className="muted" data-testid="sale-total">
          {total !== null ? <>Total {money(total)}</> : null}
        </span>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="sale-submit">
          {busy ? 'Recording…' : 'Record sale'}
        </button>
      </div>
    </form>
  )
}

/** A Date as the value of an <input type="datetime-local"> (local time, minutes). */
function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}
