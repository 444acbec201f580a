// Form → API body conversions: periods become [from, to) instants, product
// forms become integer-cent bodies, and edits send only what changed.
import t from 'tap'
import type { Product } from '../src/api/types.js'
import { addDays, bucketFor, bucketLabel, localTimeZone, parseDateInput, periodDays, periodRange, presetPeriod, previousPeriod } from '../src/lib/dates.js'
import { emptyProductForm, parseProductForm, productPatch, productToForm } from '../src/lib/product-form.js'

t.test('periods are whole local days with an exclusive end', async (t) => {
  const today = new Date(2026, 2, 15, 17, 42) // 15 March 2026, afternoon, local time
  const week = presetPeriod('7d', today)
  t.same(week, { kind: '7d', fromDate: '2026-03-09', toDate: '2026-03-15' })
  t.equal(periodDays(week), 7)
  const range = periodRange(week)
  t.equal(range.from, new Date(2026, 2, 9).toISOString(), 'from = local midnight of the first day')
  t.equal(range.to, new Date(2026, 2, 16).toISOString(), 'to = local midnight after the last day')
  t.equal(periodDays(presetPeriod('90d', today)), 90)
  // The comparison period has the same length and ends the day before.
  t.same(previousPeriod(week), { kind: 'custom', fromDate: '2026-03-02', toDate: '2026-03-08' })
  t.equal(periodRange(previousPeriod(week)).to, range.from, 'the two ranges touch without overlap')
})

t.test('the chart bucket follows the length of the period', async (t) => {
  t.equal(bucketFor({ kind: 'custom', fromDate: '2026-01-01', toDate: '2026-01-31' }), 'day')
  t.equal(bucketFor({ kind: 'custom', fromDate: '2026-01-01', toDate: '2026-03-31' }), 'week')
  t.equal(bucketFor({ kind: 'custom', fromDate: '2024-01-01', toDate: '2026-01-01' }), 'month')
})

t.test('west of Greenwich a period of local days gets one local bucket per day, labelled in local time', async (t) => {
  // Node re-reads TZ when it changes; restore it so the other tests keep their zone.
  const saved = process.env.TZ
  process.env.TZ = 'America/New_York'
  t.teardown(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })
  t.equal(localTimeZone(), 'America/New_York', 'the zone sent as tz with the timeseries request')
  const period = presetPeriod('30d', new Date(2026, 2, 15, 17, 42))
  const range = periodRange(period)
  t.equal(range.from, '2026-02-14T05:00:00.000Z', 'local midnight (EST)')
  t.equal(range.to, '2026-03-16T04:00:00.000Z', 'local midnight after the last day (EDT, after the DST change)')
  // The api's daily buckets for tz=America/New_York start at each local midnight of the period.
  const starts = Array.from({ length: periodDays(period) }, (_, i) => addDays(parseDateInput(period.fromDate)!, i))
  t.equal(starts.length, 30)
  const labels = starts.map((start) => bucketLabel(start, 'day', localTimeZone()))
  t.equal(new Set(labels).size, 30, 'no two buckets share a label (none doubled or skipped at the DST change)')
  t.equal(labels[0], new Date(2026, 1, 14).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }))
  t.equal(labels[29], new Date(2026, 2, 15).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }), 'the last bucket is the last day, not the day after')
  // A sale at 20:00 local on the last day is 00:00Z the next day: in local time it is still the last day's bucket.
  const evening = new Date('2026-03-16T00:00:00Z')
  t.equal(bucketLabel(evening, 'day', 'America/New_York'), labels[29])
  t.not(bucketLabel(evening, 'day', 'UTC'), labels[29], 'UTC labels would put it on the next (future) day')
  t.equal(bucketLabel(new Date('2026-02-01T05:00:00Z'), 'month', 'America/New_York'), new Date(2026, 1, 1).toLocaleDateString(undefined, { month: 'short', year: '2-digit' }))
})

t.test('a product form becomes an integer-cent body', async (t) => {
  const parsed = parseProductForm({ name: '  Oat milk ', price: '2,49', cost: '1.10', stock: '12', barcode: ' 4006381333931 ', imageUrl: '' }, 2)
  t.same(parsed, { ok: true, input: { name: 'Oat milk', priceCents: 249, costCents: 110, stock: 12, barcode: '4006381333931' } })

  const bad = parseProductForm({ name: '', price: '12.345', cost: 'abc', stock: '-1', barcode: 'has space', imageUrl: 'http://x.test/a.png' }, 2)
  t.equal(bad.ok, false)
  if (!bad.ok) t.same(Object.keys(bad.errors).sort(), ['barcode', 'costCents', 'imageUrl', 'name', 'priceCents', 'stock'])

  t.same(parseProductForm({ ...emptyProductForm(), name: 'Yen thing', price: '1500' }, 0), { ok: true, input: { name: 'Yen thing', priceCents: 1500, stock: 0 } })
})

t.test('an edit sends only the fields that changed, clearing with null', async (t) => {
  const before: Product = {
    id: 'p1',
    name: 'Tea',
    priceCents: 300,
    costCents: 120,
    stock: 4,
    barcode: 'TEA-1',
    imageUrl: 'https://img.test/tea.png',
    archived: false,
    createdAt: '',
    updatedAt: '',
  }
  const form = productToForm(before, 2)
  t.same(form, { name: 'Tea', price: '3.00', cost: '1.20', stock: '4', barcode: 'TEA-1', imageUrl: 'https://img.test/tea.png' })
  const unchanged = parseProductForm(form, 2)
  t.ok(unchanged.ok)
  if (unchanged.ok) t.same(productPatch(before, unchanged.input), {}, 'nothing changed, nothing sent')

  const edited = parseProductForm({ ...form, price: '3.50', barcode: '', imageUrl: '', cost: '' }, 2)
  t.ok(edited.ok)
  if (edited.ok) t.same(productPatch(before, edited.input), { priceCents: 350, costCents: 0, barcode: null, imageUrl: null })
})

t.test('security events and devices read as words', async (t) => {
  const { describeEventType, describeUserAgent } = await import('../src/lib/user-agent.js')
  t.equal(describeEventType('login_failed'), 'Failed sign-in attempt')
  t.equal(describeEventType('session_revoked', { reason: 'logout' }), 'Signed out')
  t.equal(describeEventType('session_revoked', { reason: 'something_new' }), 'Session revoked')
  t.equal(describeEventType('brand_new_event'), 'Brand new event')
  t.equal(describeEventType(undefined), 'Event')
  t.equal(describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15'), 'Safari on macOS')
  t.equal(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0'), 'Edge on Windows')
  t.equal(describeUserAgent(null), 'Unknown device')
})
