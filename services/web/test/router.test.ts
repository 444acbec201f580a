// safeNext: where sign-in may send the user afterwards. Only same-origin
// paths, judged after the URL parser's normalisation (tabs and newlines
// dropped, "\" read as "/"), so history.replaceState never gets a
// cross-origin URL (it would throw and strand the user on the sign-in page).
import t from 'tap'
import { safeNext } from '../src/lib/router.js'

t.test('same-origin paths are kept, with query and hash', async (t) => {
  t.equal(safeNext('/products'), '/products')
  t.equal(safeNext('/sales?product=0b7e2c1a-5d7f-4c1e-9a65-2f3c0e1d9b8a'), '/sales?product=0b7e2c1a-5d7f-4c1e-9a65-2f3c0e1d9b8a')
  t.equal(safeNext('/account#sessions'), '/account#sessions')
})

t.test('nothing, or another origin, falls back to the overview', async (t) => {
  for (const next of [null, undefined, '', 'products', 'https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
    t.equal(safeNext(next), '/', JSON.stringify(next))
  }
})

t.test('control characters and dot segments cannot smuggle in another origin', async (t) => {
  for (const next of ['/\t/evil.example/', '/\n/evil.example', '/\r\n/evil.example', '\t//evil.example', '/./\t/evil.example', '/.//evil.example', '/\\/evil.example']) {
    const safe = safeNext(next)
    t.equal(new URL(safe, 'https://shop.example').origin, 'https://shop.example', `${JSON.stringify(next)} → ${safe}`)
    t.notMatch(safe, /^\/\//)
  }
})

t.test('never back to the sign-in or sign-up pages', async (t) => {
  t.equal(safeNext('/sign-in'), '/')
  t.equal(safeNext('/sign-up?next=/products'), '/')
  t.equal(safeNext('/\tsign-in'), '/')
})
