// Turns the product form's strings into an API body, validating as a person
// would expect (money through parseMoney, never floats).
import type { Product, ProductInput } from '../api/types.js'
import { centsToInput, parseMoney } from './money.js'

/** What the api accepts as a barcode (EAN/UPC digits, Code 128/39 letters and dashes). */
export const BARCODE = /^[0-9A-Za-z-]+$/

export interface ProductFormValues {
  name: string
  price: string
  cost: string
  stock: string
  barcode: string
  imageUrl: string
}

export const emptyProductForm = (barcode = ''): ProductFormValues => ({ name: '', price: '', cost: '', stock: '0', barcode, imageUrl: '' })

export function productToForm(p: Product, fractionDigits: number): ProductFormValues {
  return {
    name: p.name,
    price: centsToInput(p.priceCents, fractionDigits),
    cost: p.costCents ? centsToInput(p.costCents, fractionDigits) : '',
    stock: String(p.stock ?? 0),
    barcode: p.barcode ?? '',
    imageUrl: p.imageUrl ?? '',
  }
}

export type ProductFormResult = { ok: true; input: ProductInput } | { ok: false; errors: Record<string, string> }

export function parseProductForm(values: ProductFormValues, fractionDigits: number): ProductFormResult {
  const errors: Record<string, string> = {}
  const name = values.name.trim()
  if (!name) errors.name = 'Give the product a name'
  else if (name.length > 200) errors.name = 'Keep the name under 200 characters'

  const price = parseMoney(values.price, fractionDigits)
  if (!price.ok) errors.priceCents = price.reason

  let costCents: number | undefined
  if (values.cost.trim() !== '') {
    const cost = parseMoney(values.cost, fractionDigits)
    if (cost.ok) costCents = cost.cents
    else errors.costCents = cost.reason
  }

  const stockText = values.stock.trim() === '' ? '0' : values.stock.trim()
  if (!/^\d+$/.test(stockText) || !Number.isSafeInteger(Number(stockText))) errors.stock = 'Stock is a whole number, 0 or more'

  const barcode = values.barcode.trim()
  if (barcode.length > 64) errors.barcode = 'That barcode is too long'
  else if (barcode && !BARCODE.test(barcode)) errors.barcode = 'Use letters, digits and dashes only'

  const imageUrl = values.imageUrl.trim()
  if (imageUrl) {
    let url: URL | null = null
    try {
      url = new URL(imageUrl)
    } catch {
      url = null
    }
    if (!url || url.protocol !== 'https:') errors.imageUrl = 'Use a full https:// address'
  }

  if (Object.keys(errors).length || !price.ok) return { ok: false, errors }
  const input: ProductInput = { name, priceCents: price.cents, stock: Number(stockText) }
  if (costCents !== undefined) input.costCents = costCents
  if (barcode) input.barcode = barcode
  if (imageUrl) input.imageUrl = imageUrl
  return { ok: true, input }
}

/** Only what changed, so a PATCH does not overwrite fields someone else edited. */
export function productPatch(before: Product, input: ProductInput): Partial<ProductInput> {
  const patch: Partial<ProductInput> = {}
  if (input.name !== before.name) patch.name = input.name
  if (input.priceCents !== before.priceCents) patch.priceCents = input.priceCents
  const cost = input.costCents ?? 0
  if (cost !== (before.costCents ?? 0)) patch.costCents = cost
  if ((input.stock ?? 0) !== before.stock) patch.stock = input.stock ?? 0
  if ((input.barcode ?? null) !== (before.barcode ?? null)) patch.barcode = input.barcode ?? null
  if ((input.imageUrl ?? null) !== (before.imageUrl ?? null)) patch.imageUrl = input.imageUrl ?? null
  return patch
}
