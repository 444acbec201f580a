// Create or edit a product. Editing loads the product with its ETag and sends
// it back as If-Match, so two people (or tabs) cannot silently overwrite each other.
import { useEffect, useState, type FormEvent } from 'react'
import { ApiError, describeError } from '../api/errors.js'
import { createProduct, getProduct, updateProduct } from '../api/shop.js'
import type { Product } from '../api/types.js'
import { useDashboard } from '../lib/dashboard.js'
import { emptyProductForm, parseProductForm, productPatch, productToForm, type ProductFormValues } from '../lib/product-form.js'
import { Dialog } from './dialog.js'
import { ErrorMessage, FormAlert, Skeleton } from './feedback.js'
import { Field } from './field.js'

// Barcode scanners type the code and press Enter; that Enter must not submit the form half-filled.
function swallowScannerEnter(event: { key: string; preventDefault: () => void }) {
  if (event.key === 'Enter') event.preventDefault()
}

interface Props {
  open: boolean
  /** null = create; otherwise the id of the product to edit. */
  productId: string | null
  initialBarcode?: string
  onClose: () => void
  onSaved: (product: Product, created: boolean) => void
  /** The latest version was fetched for editing (it may be newer than the caller's copy). */
  onLoaded?: (product: Product) => void
}

export function ProductFormDialog({ open, productId, initialBarcode, onClose, onSaved, onLoaded }: Props) {
  const { fractionDigits, currency } = useDashboard()
  const [values, setValues] = useState<ProductFormValues>(emptyProductForm())
  const [original, setOriginal] = useState<Product | null>(null)
  const [etag, setEtag] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<string | null>(null)
  const [conflict, setConflict] = useState(false)
  const [busy, setBusy] = useState(false)

  const load = async (id: string) => {
    setLoading(true)
    setLoadError(null)
    try {
      const { product, etag: tag } = await getProduct(id)
      setOriginal(product)
      setEtag(tag)
      setValues(productToForm(product, fractionDigits))
      // Another tab may have changed it: let the list show what the form shows,
      // even if this dialog is then closed or saved without changes.
      onLoaded?.(product)
    } catch (e) {
      setLoadError(e)
    } finally {
      setLoading(false)
    }
  }

  useEffect(() => {
    if (!open) return
    setErrors({})
    setMessage(null)
    setConflict(false)
    setOriginal(null)
    setEtag(null)
    if (productId) void load(productId)
    else setValues(emptyProductForm(initialBarcode ?? ''))
  }, [open, productId, initialBarcode])

  const set = (key: keyof ProductFormValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(null)
    const parsed = parseProductForm(values, fractionDigits)
    if (!parsed.ok) {
      setErrors(parsed.errors)
      setMessage('Please check the highlighted fields.')
      return
    }
    setErrors({})
    setBusy(true)
    try {
      if (productId) {
        // Not loaded yet (the form is not shown then; this is a guard, so an
        // edit can never turn into a create).
        if (original?.id !== productId) return
        const patch = productPatch(original, parsed.input)
        if (Object.keys(patch).length === 0) {
          onClose()
          return
        }
        const saved = await updateProduct(productId, patch, etag)
        onSaved(saved, false)
      } else {
        const saved = await createProduct(parsed.input)
        onSaved(saved, true)
      }
      onClose()
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        setConflict(true)
        setMessage('Someone changed this product while you were editing (maybe in another tab). Load the latest version, then apply your changes again.')
      } else if (e instanceof ApiError && e.status === 409) {
        const text = `${e.code} ${e.detail}`.toLowerCase()
        const fields: Record<string, string> = {}
        if (text.includes('barcode')) fields.barcode = 'Another product already uses this barcode'
        else fields.name = 'Another product already has this name'
        setErrors(fields)
        setMessage(e.detail || 'A product with the same name or barcode already exists.')
      } else if (e instanceof ApiError && e.status === 400) {
        setErrors(e.fieldErrors())
        setMessage(e.detail || 'Please check the highlighted fields.')
      } else {
        setMessage(describeError(e))
      }
    } finally {
      setBusy(false)
    }
  }

  const moneyHint = `In ${currency}, e.g. ${fractionDigits === 0 ? '1500' : '12.50'}`
  // Between opening and the load starting (the effect runs after the first
  // render) the state still holds the previous dialog's values: show the
  // skeleton until the product being edited is here, not a stale form.
  const waiting = loading || (productId !== null && original?.id !== productId && !loadError)
  return (
    <Dialog open={open} title={productId ? 'Edit product' : 'New product'} onClose={onClose} testId="product-dialog">
      {waiting ? (
        <Skeleton lines={6} testId="product-form-loading" />
      ) : loadError ? (
        <ErrorMessage error={loadError} onRetry={() => productId && void load(productId)} testId="product-form-load-error" />
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="product-form">
          <FormAlert message={message} testId="product-form-error" />
          {conflict && productId && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                setConflict(false)
                setMessage(null)
                void load(productId)
              }}
              data-testid="product-form-reload"
            >
              Load latest version
            </button>
          )}
          <Field label="Name" name="name" value={values.name} onChange={set('name')} error={errors.name} testId="product-name" autoFocus required />
          <div className="form-row">
            <Field label="Price" name="price" inputMode="decimal" autoComplete="off" value={values.price} onChange={set('price')} error={errors.priceCents} hint={moneyHint} testId="product-price" required />
            <Field label="Cost (optional)" name="cost" inputMode="decimal" autoComplete="off" value={values.cost} onChange={set('cost')} error={errors.costCents} hint="What you pay per unit" testId="product-cost" />
          </div>
          <div className="form-row">
            <Field label="Stock" name="stock" type="number" inputMode="numeric" min={0} step={1} value={values.stock} onChange={set('stock')} error={errors.stock} testId="product-stock" />
            <Field label="Barcode (optional)" name="barcode" autoComplete="off" value={values.barcode} onChange={set('barcode')} error={errors.barcode} testId="product-barcode" onKeyDown={swallowScannerEnter} />
          </div>
          <Field label="Image URL (optional)" name="imageUrl" type="url" inputMode="url" placeholder="https://…" value={values.imageUrl} onChange={set('imageUrl')} error={errors.imageUrl} testId="product-image-url" />
          <div className="dialog-actions">
            <button type="button" className="btn btn-ghost" onClick={onClose} data-testid="product-form-cancel">
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="product-form-submit">
              {busy ? 'Saving…' : productId ? 'Save changes' : 'Create product'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  )
}
