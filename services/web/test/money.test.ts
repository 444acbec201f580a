// Money parsing is where floats would silently lose cents, so every accepted
// and refused shape of user input is pinned here.
import t from 'tap'
import { centsToInput, currencyFractionDigits, formatMoney, parseMoney } from '../src/lib/money.js'

const cents = (input: string, digits?: number) => {
  const result = parseMoney(input, digits)
  return result.ok ? result.cents : result.reason
}

t.test('parses plain decimal input to integer cents', async (t) => {
  t.equal(cents('12.50'), 1250)
  t.equal(cents('12.5'), 1250)
  t.equal(cents('12'), 1200)
  t.equal(cents('12.'), 1200)
  t.equal(cents('.5'), 50)
  t.equal(cents('0.01'), 1)
  t.equal(cents('0'), 0)
  t.equal(cents('  7.05 '), 705)
  // The classic float trap: 0.1 + 0.2 and 19.99 * 100 must stay exact.
  t.equal(cents('19.99'), 1999)
  t.equal(cents('1.15'), 115)
  t.equal(cents('4.35'), 435)
  t.equal(cents('0.29'), 29)
})

t.test('accepts comma decimals, grouping and currency symbols', async (t) => {
  t.equal(cents('12,50'), 1250)
  t.equal(cents('1,234.56'), 123456)
  t.equal(cents('1.234,56'), 123456)
  t.equal(cents('1,234'), 123400)
  t.equal(cents('1,234,567'), 123456700)
  t.equal(cents('1 234.00'), 123400)
  t.equal(cents('$3'), 300)
  t.equal(cents('€ 3,20'), 320)
  t.equal(cents('3.20 EUR'), 320)
})

t.test('refuses what is not an amount', async (t) => {
  t.type(cents(''), 'string')
  t.type(cents('   '), 'string')
  t.type(cents('.'), 'string')
  t.type(cents('abc'), 'string')
  t.type(cents('1.2.3.4'), 'string')
  t.type(cents('12.505'), 'string')
  t.type(cents('-5'), 'string')
  t.type(cents('1e3'), 'string')
  t.type(cents('12,34,5'), 'string')
  t.type(cents('99999999999999999999'), 'string')
  t.match(cents('1.234'), /at most 2 decimals/)
})

t.test('honours the currency minor unit count', async (t) => {
  t.equal(cents('1500', 0), 1500)
  t.equal(cents('1,500', 0), 1500)
  t.match(cents('15.5', 0), /no decimals/)
  t.equal(cents('1.234', 3), 1234)
  t.equal(currencyFractionDigits('EUR'), 2)
  t.equal(currencyFractionDigits('JPY'), 0)
  t.equal(currencyFractionDigits('not-a-currency'), 2)
})

t.test('cents back to an input string without floats', async (t) => {
  t.equal(centsToInput(1250), '12.50')
  t.equal(centsToInput(5), '0.05')
  t.equal(centsToInput(0), '0.00')
  t.equal(centsToInput(1500, 0), '1500')
  t.equal(centsToInput(-120), '-1.20')
  for (const n of [0, 1, 99, 100, 1999, 123456789]) {
    t.equal(cents(centsToInput(n)), n, `round trip ${n}`)
  }
})

t.test('formats with the dashboard currency', async (t) => {
  t.equal(formatMoney(123456, 'USD', 'en-US'), '$1,234.56')
  t.equal(formatMoney(1500, 'JPY', 'en-US'), '¥1,500')
  t.match(formatMoney(99, 'EUR', 'en-US'), /0\.99/)
})
