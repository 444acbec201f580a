// A field that takes scanner input (code + Enter) and finds the product.
import { useRef, useState, type FormEvent } from 'react'
import { ApiError, describeError } from '../api/errors.js'
import { getProductByBarcode } from '../api/shop.js'
import type { Product } from '../api/types.js'
import { BARCODE } from '../lib/product-form.js'

interface Props {
  onFound: (product: Product) => void
  onMissing?: (barcode: string) => void
  testId?: string
  label?: string
}

export function BarcodeLookup({ onFound, onMissing, testId = 'barcode-lookup', label = 'Scan or type a barcode' }: Props) {
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [missing, setMissing] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const barcode = code.trim()
    if (!barcode) return
    if (!BARCODE.test(barcode) || barcode.length > 64) {
      setMessage('A barcode uses letters, digits and dashes only.')
      setMissing(null)
      return
    }
    setBusy(true)
    setMessage(null)
    setMissing(null)
    try {
      const product = await getProductByBarcode(barcode)
      onFound(product)
      setCode('')
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setMessage(`No product has barcode ${barcode}.`)
        setMissing(barcode)
      } else {
        setMessage(describeError(e))
      }
    } finally {
      setBusy(false)
      // Ready for the next scan.
      input.current?.focus()
      input.current?.select()
    }
  }

  return (
    <form className="barcode-lookup" onSubmit={(e) => void submit(e)} role="search" data-testid={testId}>
      <label htmlFor={`${testId}-input`} className="visually-hidden">
        {label}
      </label>
      <div className="input-with-button">
        <span className="input-icon" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="18" height="18">
            <path d="M3 5v14M6 5v14M9 5v14M13 5v14M15 5v14M18 5v14M21 5v14" stroke="currentColor" strokeWidth="1.6" />
          </svg>
        </span>
        <input
          ref={input}
          id={`${testId}-input`}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder={label}
          autoComplete="off"
          inputMode="numeric"
          enterKeyHint="search"
          data-testid={`${testId}-input`}
        />
        <button type="submit" className="btn btn-small" disabled={busy || !code.trim()} data-testid={`${testId}-submit`}>
          {busy ? 'Looking…' : 'Find'}
        </button>
      </div>
      <div aria-live="polite" className="lookup-message">
        {message && (
          <span data-testid={`${testId}-message`}>
            {message}{' '}
            {missing && onMissing && (
              <button type="button" className="link-btn" onClick={() => onMissing(missing)} data-testid={`${testId}-create`}>
                Create it
              </button>
            )}
          </span>
        )}
      </div>
    </form>
  )
}
