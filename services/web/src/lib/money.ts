// Money helpers. Amounts travel as integer minor units ("cents"); user input is
// parsed from its string form digit by digit so no float ever touches a price.

export type MoneyParseResult =
  | { ok: true; cents: number }
  | { ok: false; reason: string }

/**
 * Parses what a person types as a price ("12.50", "12,5", "1 234.00", "$3")
 * into integer minor units. `fractionDigits` is the currency's minor-unit
 * count (2 for EUR/USD, 0 for JPY). Negative amounts are refused: prices and
 * costs are never below zero.
 */
export function parseMoney(input: string, fractionDigits = 2): MoneyParseResult {
  let text = input.trim()
  if (text === '') return { ok: false, reason: 'Enter an amount' }
  // Currency symbols and codes around the number are noise, not meaning.
  text = text.replace(/^[^\d.,-]+/, '').replace(/[^\d.,]+$/, '')
  if (text.startsWith('-')) return { ok: false, reason: 'The amount cannot be negative' }
  // Spaces (incl. narrow no-break) and apostrophes group thousands.
  text = text.replace(/[\s\u00a0\u202f']/g, '')
  if (!/^[\d.,]+$/.test(text)) return { ok: false, reason: 'Use digits and one decimal point, e.g. 12.50' }

  const hasDot = text.includes('.')
  const hasComma = text.includes(',')
  let decimalSep: '.' | ',' | null = null
  if (hasDot && hasComma) {
    // Both present: whichever comes last separates the decimals ("1,234.50", "1.234,50").
    decimalSep = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ','
  } else if (hasDot || hasComma) {
    const sep = hasDot ? '.' : ','
    const occurrences = text.split(sep).length - 1
    const tail = text.length - text.lastIndexOf(sep) - 1
    // One separator reads as decimals ("12.50", "12,5"), except an English
    // thousands comma ("1,234"); several read as grouping ("1.234.567").
    decimalSep = occurrences === 1 && !(sep === ',' && tail === 3) ? sep : null
  }
  const groupSep = decimalSep === ',' ? '.' : decimalSep === '.' ? ',' : hasDot ? '.' : ','

  let whole = text
  let fraction = ''
  if (decimalSep !== null) {
    const at = text.lastIndexOf(decimalSep)
    whole = text.slice(0, at)
    fraction = text.slice(at + 1)
  }
  if (!/^\d*$/.test(fraction)) return { ok: false, reason: 'Use one decimal point, e.g. 12.50' }
  if (!isWellGrouped(whole, groupSep)) return { ok: false, reason: 'Thousands separators look misplaced' }
  whole = whole.split(groupSep).join('')
  if (whole === '' && fraction === '') return { ok: false, reason: 'Enter an amount' }
  if (fraction.length > fractionDigits) {
    return {
      ok: false,
      reason: fractionDigits === 0 ? 'This currency has no decimals' : `Use at most ${fractionDigits} decimals`,
    }
  }
  const digits = (whole === '' ? '0' : whole) + fraction.padEnd(fractionDigits, '0')
  const normalized = digits.replace(/^0+(?=\d)/, '')
  if (normalized.length > 15) return { ok: false, reason: 'That amount is too large' }
  const cents = Number(normalized)
  if (!Number.isSafeInteger(cents)) return { ok: false, reason: 'That amount is too large' }
  return { ok: true, cents }
}

function isWellGrouped(whole: string, sep: string): boolean {
  const parts = whole.split(sep)
  if (parts.length === 1) return /^\d*$/.test(whole)
  const [head, ...rest] = parts
  return head !== undefined && /^\d{1,3}$/.test(head) && rest.every((p) => /^\d{3}$/.test(p))
}

/** Integer minor units → the plain string a form field shows ("1250" → "12.50"). */
export function centsToInput(cents: number, fractionDigits = 2): string {
  if (!Number.isSafeInteger(cents)) return ''
  const negative = cents < 0
  const text = String(Math.abs(cents)).padStart(fractionDigits + 1, '0')
  const whole = fractionDigits === 0 ? text : text.slice(0, -fractionDigits)
  const fraction = fractionDigits === 0 ? '' : '.' + text.slice(-fractionDigits)
  return (negative ? '-' : '') + whole + fraction
}

/** How many minor-unit digits a currency has (2 for EUR, 0 for JPY). */
export function currencyFractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

const formatters = new Map<string, Intl.NumberFormat>()

/** Formats integer minor units for display with the dashboard's currency. */
export function formatMoney(cents: number, currency: string, locale?: string): string {
  const key = `${locale ?? ''}|${currency}`
  let formatter = formatters.get(key)
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(locale, { style: 'currency', currency })
    } catch {
      formatter = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    }
    formatters.set(key, formatter)
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2
  // Display only: a division is fine here, the value never goes back to the server.
  return formatter.format(cents / 10 ** digits)
}
