/**
 * The whole stack in a real browser: auth + api on a fresh PostgreSQL
 * database, the built web bundle, and Caddy in front with its internal CA on
 * https://localhost — exactly what `pnpm start` runs. Chromium trusts this
 * run's CA through --ignore-certificate-errors-spki-list (no trust store, no
 * "ignore all certificate errors"). It walks a shop owner's day (sign up, add
 * products, sell, read the overview, void a sale, sign out) and checks what
 * only a browser can show: cookie attributes as the browser stored them, no
 * token in web storage, the page's CSP enforced, tenant isolation between two
 * users, two tabs sharing one refresh after the access token really expired
 * (and If-Match guarding their edits, and sign-out reaching both), a crafted
 * ?next= after sign-up, and the HTTP→HTTPS redirect and security headers.
 *
 * Needs `pnpm build` (the root `pnpm test` builds first; ensureBuilt rebuilds
 * a stale tree), caddy, /usr/bin/chromium and PostgreSQL on 127.0.0.1:5432.
 * Screenshots of each screen go to a temporary directory, or to
 * docs/screenshots/ when UPDATE_SCREENSHOTS=1 (they change on every run, so a
 * plain test run does not rewrite the committed ones).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPostgresTestDatabase } from '@proddash/db/testing'
import { chromium, type Browser, type BrowserContext, type Cookie, type Locator, type Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { ROOT, caddySpkiList, ensureBuilt, onPath, startStack, type Stack } from '../../../scripts/stack.mjs'
import { freePorts, request } from './helpers/stack-http.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// Short enough to wait out in a test; long enough that a page load fits in it.
const ACCESS_TTL_SECONDS = 6
const UI_TIMEOUT = 30_000
const PASSWORD = 'plum-orchard-lantern-4821'

const missing = [
  !onPath('caddy') && 'caddy is not on PATH',
  !existsSync(CHROMIUM) && `${CHROMIUM} does not exist (set CHROMIUM_PATH)`,
].filter(Boolean)
if (missing.length > 0) {
  t.plan(0, missing.join('; '))
  process.exit(0)
}

// Figures are formatted the way the page formats them (en-US, the new dashboard's USD).
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })
const money = (cents: number) => usd.format(cents / 100)

const screenshotDir = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'proddash-screens-'))
mkdirSync(screenshotDir, { recursive: true })
if (process.env.UPDATE_SCREENSHOTS !== '1') t.teardown(() => rmSync(screenshotDir, { recursive: true, force: true }))

// The last lines the stack printed, shown when something fails.
const stackLog: string[] = []
const log = (name: string, line: string) => {
  // Caddy's access log says little that the failing step does not.
  if (name === 'caddy' && line.includes('"msg":"handled request"')) return
  stackLog.push(`${name.padEnd(6)}| ${line}`)
  if (stackLog.length > 300) stackLog.shift()
}

await ensureBuilt({ log: (name, line) => t.comment(`${name}: ${line}`) })
const databaseUrl = await createPostgresTestDatabase(t)
const dataDir = mkdtempSync(join(tmpdir(), 'proddash-browser-'))
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
const ports = await freePorts()
const stack: Stack = await startStack({
  caddy: true,
  build: false,
  databaseUrl,
  dataDir,
  ports,
  log,
  env: { LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_SECONDS) },
})
// Teardowns run last-registered first: contexts, browser, stack, then (registered
// above) the data directory and the database.
t.teardown(() => stack.stop())
const caCertPath = stack.caCertPath
if (!caCertPath) throw new Error('startStack({ caddy: true }) returned no CA certificate')
const ca = readFileSync(caCertPath)
const origin = stack.url

const browser: Browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-dev-shm-usage',
    // Trust this run's Caddy CA (its intermediate and root) and nothing else.
    // Playwright always passes its own --user-data-dir, which Chromium needs
    // before it honours this flag.
    `--ignore-certificate-errors-spki-list=${caddySpkiList(caCertPath)}`,
  ],
})
t.teardown(() => browser.close())
// A service that dies mid-run would otherwise leave every step waiting out its
// UI timeout: say which one, and close the browser so pending steps fail now.
void stack.exited.then(({ name, code, signal }) => {
  t.comment(`${name} exited on its own (${signal ?? `code ${code}`}); last output:\n${stackLog.slice(-60).join('\n')}`)
  void browser.close()
})

t.afterEach(async (t) => {
  if (!t.passing()) t.comment(`last stack output:\n${stackLog.slice(-60).join('\n')}`)
})

async function newContext(viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC' })
  context.setDefaultTimeout(UI_TIMEOUT)
  t.teardown(() => context.close())
  return context
}

/** Polls until `read()` equals `expected`; fails with the last value seen. */
async function eventually<T>(read: () => Promise<T>, expected: T, what: string, timeout = UI_TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeout
  let last: T | undefined
  for (;;) {
    last = await read()
    if (JSON.stringify(last) === JSON.stringify(expected)) return last
    if (Date.now() > deadline) throw new Error(`${what}: expected ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * The answer to `method path` that the page acted on. A 401 is skipped: with
 * a short token lifetime the client may meet an expired token, refresh, and
 * retry — the retry's answer is the one that counts.
 */
function answerTo(page: Page, method: string, path: string) {
  return page.waitForResponse(
    (r) => r.request().method() === method && new URL(r.url()).pathname === path && r.status() !== 401,
  )
}

const textOf = async (locator: Locator) => ((await locator.textContent()) ?? '').trim()

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  // Fonts settle the layout; toasts from earlier steps would cover the page.
  // (Hidden through the CSSOM: the page's CSP refuses injected <style>
  // elements, so Playwright's `style` option has no effect here.)
  const toggleToasts = (visibility: string) =>
    page.evaluate(async (visibility) => {
      await document.fonts.ready
      const toasts = document.querySelector<HTMLElement>('[data-testid="toasts"]')
      if (toasts) toasts.style.visibility = visibility
    }, visibility)
  await toggleToasts('hidden')
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: options.fullPage ?? false, animations: 'disabled' })
  await toggleToasts('')
}

async function signUp(page: Page, who: { email: string; username: string; firstName: string; lastName: string }, next?: string) {
  await page.goto(`${origin}/sign-up${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`)
  await page.getByTestId('sign-up-email').fill(who.email)
  await page.getByTestId('sign-up-username').fill(who.username)
  await page.getByTestId('sign-up-password').fill(PASSWORD)
  await page.getByTestId('sign-up-first-name').fill(who.firstName)
  await page.getByTestId('sign-up-last-name').fill(who.lastName)
  await page.getByTestId('sign-up-submit').click()
  await page.getByTestId('overview-page').waitFor()
}

async function signIn(page: Page, identifier: string) {
  await page.goto(`${origin}/sign-in`)
  await page.getByTestId('sign-in-identifier').fill(identifier)
  await page.getByTestId('sign-in-password').fill(PASSWORD)
  await page.getByTestId('sign-in-submit').click()
  await page.getByTestId('overview-page').waitFor()
}

async function addProduct(page: Page, product: { name: string; price: string; cost: string; stock: number; barcode: string }) {
  await page.getByTestId('product-new').click()
  const dialog = page.getByTestId('product-dialog')
  await dialog.waitFor()
  await page.getByTestId('product-name').fill(product.name)
  await page.getByTestId('product-price').fill(product.price)
  await page.getByTestId('product-cost').fill(product.cost)
  await page.getByTestId('product-stock').fill(String(product.stock))
  await page.getByTestId('product-barcode').fill(product.barcode)
  const created = answerTo(page, 'POST', '/api/products')
  await page.getByTestId('product-form-submit').click()
  const response = await created
  t.equal(response.status(), 201, `${product.name} created`)
  const body = (await response.json()) as { id: string; priceCents: number; costCents: number; stock: number }
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('product-row').filter({ hasText: product.name }).waitFor()
  return body
}

/** The sale form already has a product chosen: set the quantity (and a back-dated time) and submit; returns the sale id. */
async function recordSale(page: Page, quantity: number, daysAgo?: number): Promise<string> {
  await page.getByTestId('sale-quantity').fill(String(quantity))
  if (daysAgo !== undefined) {
    // datetime-local, in the context's time zone (UTC).
    const when = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 16)
    await page.getByTestId('sale-sold-at').fill(when)
  }
  const created = answerTo(page, 'POST', '/api/sales')
  await page.getByTestId('sale-submit').click()
  const response = await created
  t.equal(response.status(), 201, `sale of ${quantity} recorded`)
  const { id } = (await response.json()) as { id: string }
  await page.locator(`[data-testid="sale-row"][data-sale-id="${id}"]`).waitFor()
  return id
}

const productStock = (page: Page, id: string) => textOf(page.locator(`[data-testid="product-row"][data-product-id="${id}"] [data-testid="product-row-stock"]`))

function cookieNamed(cookies: Cookie[], name: string): Cookie | undefined {
  return cookies.find((cookie) => cookie.name === name)
}

/** The three session cookies with the contract's attributes, as the browser stored them. */
function checkSessionCookies(t: Test, cookies: Cookie[], when: string) {
  const access = cookieNamed(cookies, '__Host-pd_at')
  const refresh = cookieNamed(cookies, '__Secure-pd_rt')
  const csrf = cookieNamed(cookies, '__Host-pd_csrf')
  t.match(access, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', domain: 'localhost' }, `__Host-pd_at ${when}`)
  t.match(refresh, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/auth', domain: 'localhost' }, `__Secure-pd_rt ${when}`)
  t.match(csrf, { httpOnly: false, secure: true, sameSite: 'Strict', path: '/', domain: 'localhost' }, `__Host-pd_csrf ${when}`)
  // The access cookie lives no longer than the token in it.
  t.ok(access && access.expires > 0 && access.expires <= Date.now() / 1000 + ACCESS_TTL_SECONDS + 2, `access cookie expires with the token ${when}`)
  t.equal(cookies.filter((c) => c.name.includes('pd_')).length, 3, `exactly the three session cookies ${when}`)
  return { access, refresh, csrf }
}

// ---------------------------------------------------------------------------

t.test('TLS: Caddy serves localhost with a certificate from its own CA', async (t) => {
  const answer = await request(`${origin}/`, { ca })
  t.equal(answer.status, 200)
  t.equal(answer.authorized, true, 'the chain verifies against Caddy’s root')
  t.match(answer.certificate?.subjectaltname ?? '', /DNS:localhost/)
  // Without that root nothing vouches for it: the trust really comes from the CA.
  await t.rejects(request(`${origin}/`), { code: /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/ })
})

t.test('plain HTTP is redirected to HTTPS, the API included', async (t) => {
  for (const path of ['/products?from=2026-01-01', '/api/products', '/auth/login']) {
    const answer = await request(`http://localhost:${ports.http}${path}`)
    t.ok([301, 308].includes(answer.status), `${path}: permanent redirect (${answer.status})`)
    t.equal(answer.headers.location, `https://localhost:${ports.https}${path}`)
    t.notMatch(answer.body, /items|priceCents/, 'no data over plain HTTP')
    t.notOk(answer.headers['set-cookie'], 'no cookie over plain HTTP')
  }
})

t.test('security headers on the page, the API and the auth service', async (t) => {
  const checkCommon = (headers: Record<string, unknown>, what: string) => {
    t.match(headers['strict-transport-security'], /max-age=\d{8,}/, `${what}: HSTS for a year or more`)
    t.equal(headers['x-content-type-options'], 'nosniff', `${what}: nosniff`)
    t.ok(headers['referrer-policy'], `${what}: Referrer-Policy`)
    t.notOk(headers.server, `${what}: no Server header`)
    t.notOk(headers['x-powered-by'], `${what}: no X-Powered-By`)
    t.match(headers['content-security-policy'], /frame-ancestors 'none'/, `${what}: CSP forbids framing`)
  }
  const page = await request(`${origin}/products`, { ca })
  t.equal(page.status, 200)
  checkCommon(page.headers, 'page')
  const csp = String(page.headers['content-security-policy'])
  t.match(csp, /script-src 'self'/)
  t.notMatch(csp, /unsafe-inline|unsafe-eval/, 'no inline scripts or styles allowed')
  t.equal(page.headers['x-frame-options'], 'DENY')

  const api = await request(`${origin}/api/products`, { ca })
  t.equal(api.status, 401, 'the API refuses an anonymous request')
  t.match(api.headers['content-type'], /^application\/problem\+json/)
  t.match(api.headers['www-authenticate'], /^Bearer/)
  checkCommon(api.headers, 'api')
  t.match(api.headers['cache-control'], /no-store/)
  t.match(api.headers['content-security-policy'], /default-src 'none'/, 'an API answer may load nothing')

  const auth = await request(`${origin}/auth/me`, { ca })
  t.equal(auth.status, 401)
  checkCommon(auth.headers, 'auth')
  t.match(auth.headers['cache-control'], /no-store/)

  const jwks = await request(`${origin}/.well-known/jwks.json`, { ca })
  t.equal(jwks.status, 200)
  t.match(JSON.parse(jwks.body), { keys: [{ kty: 'OKP', crv: 'Ed25519' }] })
})

// State the later tests build on (subtests of one file run in order).
const owner = { email: 'olive@example.test', username: 'olive', firstName: 'Olive', lastName: 'Baker' }
// What the owner types (price, cost) and what it means in cents.
const beans = { name: 'Espresso beans 1 kg', price: '24.90', priceCents: 2490, cost: '13.25', costCents: 1325, stock: 40, barcode: '4006381333931' }
const mug = { name: 'Ceramic mug', price: '12.50', priceCents: 1250, cost: '4.80', costCents: 480, stock: 25, barcode: '5012345678900' }
let beansId = ''
let mugId = ''

t.test("a shop owner's day: sign up, products, sales, overview, void, sign out", async (t) => {
  const context = await newContext()
  const page = await context.newPage()

  await t.test('the sign-in and sign-up screens', async (t) => {
    await page.goto(`${origin}/`)
    await page.waitForURL(`${origin}/sign-in`)
    await page.getByTestId('sign-in-form').waitFor()
    t.equal(await page.title(), 'Sign in · ProdDash')
    await shoot(page, 'sign-in')
    await page.getByTestId('link-sign-up').click()
    await page.getByTestId('sign-up-form').waitFor()
    await shoot(page, 'sign-up')
  })

  await t.test('sign up lands on the overview with session cookies set as the contract says', async (t) => {
    await signUp(page, owner)
    t.equal(new URL(page.url()).pathname, '/')
    t.equal(await textOf(page.getByTestId('user-name')), 'Olive Baker')
    await page.getByTestId('getting-started').waitFor()

    const { access, refresh, csrf } = checkSessionCookies(t, await context.cookies(), 'after sign-up')

    // Scripts see the CSRF token and nothing else; web storage holds no token.
    const fromPage = await page.evaluate(() => ({
      cookie: document.cookie,
      local: Object.entries(localStorage),
      session: Object.entries(sessionStorage),
    }))
    t.equal(fromPage.cookie, `__Host-pd_csrf=${csrf?.value}`, 'document.cookie shows only the CSRF cookie')
    const stored = JSON.stringify([fromPage.local, fromPage.session])
    for (const cookie of [access, refresh]) t.notOk(cookie && stored.includes(cookie.value), `${cookie?.name} value is not in web storage`)
    t.notMatch(stored, /eyJ[\w-]+\.[\w-]+\./, 'no JWT in web storage')
    t.notMatch(stored, /token/i, 'no token-named entry in web storage')
  })

  await t.test("the page's CSP is enforced: an injected inline script does not run", async (t) => {
    const outcome = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) => resolve(`blocked by ${event.effectiveDirective}`), { once: true })
          const script = document.createElement('script')
          script.textContent = 'window.__proddashInline = true'
          document.head.append(script)
          setTimeout(() => resolve('__proddashInline' in window ? 'ran' : 'no violation reported'), 5000)
        }),
    )
    t.match(outcome, /^blocked by script-src/)
  })

  await t.test('two products with money amounts', async (t) => {
    await page.getByTestId('nav-products').click()
    await page.getByTestId('products-empty').waitFor()
    const createdBeans = await addProduct(page, beans)
    const createdMug = await addProduct(page, mug)
    beansId = createdBeans.id
    mugId = createdMug.id
    t.match(createdBeans, { priceCents: beans.priceCents, costCents: beans.costCents, stock: beans.stock }, 'money strings became integer cents')
    t.match(createdMug, { priceCents: mug.priceCents, costCents: mug.costCents, stock: mug.stock })
    t.equal(await page.getByTestId('product-row').count(), 2)
    t.equal(await textOf(page.locator(`[data-product-id="${beansId}"] [data-testid="product-row-price"]`)), money(beans.priceCents))
    t.equal(await textOf(page.locator(`[data-product-id="${mugId}"] [data-testid="product-row-price"]`)), money(mug.priceCents))
  })

  // The day's sales; the third is voided later. Two are back-dated (within
  // both the sales list's 7 days and the overview's 30).
  const sales = [
    { product: beans, quantity: 3 },
    { product: mug, quantity: 2 },
    { product: mug, quantity: 5, voided: true },
    { product: mug, quantity: 4, daysAgo: 2 },
    { product: beans, quantity: 2, daysAgo: 5 },
  ]
  const totals = (list: typeof sales) => {
    const revenue = list.reduce((sum, s) => sum + s.quantity * s.product.priceCents, 0)
    const cost = list.reduce((sum, s) => sum + s.quantity * s.product.costCents, 0)
    const units = list.reduce((sum, s) => sum + s.quantity, 0)
    const unitsOf = (product: typeof beans) => list.filter((s) => s.product === product).reduce((sum, s) => sum + s.quantity, 0)
    return { revenue, cost, profit: revenue - cost, units, count: list.length, unitsOf }
  }
  let voidId = ''

  await t.test('sales: from the product row, the product search and a scanned barcode', async (t) => {
    const [first, second, third, fourth, fifth] = sales as [(typeof sales)[number], (typeof sales)[number], (typeof sales)[number], (typeof sales)[number], (typeof sales)[number]]
    // "Sell" on a row opens the sales page with that product chosen.
    await page.locator(`[data-product-id="${beansId}"] [data-testid="product-sell"]`).click()
    await page.getByTestId('sales-page').waitFor()
    await eventually(() => textOf(page.getByTestId('sale-product-selected')).then((s) => s.includes(beans.name)), true, 'beans preselected')
    await recordSale(page, first.quantity)

    // Pick the mug through the search box.
    await page.getByTestId('sale-product-change').click()
    await page.getByTestId('sale-product-search').fill('mug')
    await page.getByTestId('sale-product-option').filter({ hasText: mug.name }).click()
    await eventually(() => textOf(page.getByTestId('sale-product-selected')).then((s) => s.includes(mug.name)), true, 'mug chosen')
    await recordSale(page, second.quantity)
    voidId = await recordSale(page, third.quantity)
    t.equal(await textOf(page.locator(`[data-sale-id="${voidId}"] [data-testid="sale-row-total"]`)), money(third.quantity * mug.priceCents))
    await recordSale(page, fourth.quantity, fourth.daysAgo)

    // A scanner types the barcode and Enter.
    await page.getByTestId('sale-product-change').click()
    await page.getByTestId('sale-product-search').fill(beans.barcode)
    await page.getByTestId('sale-product-search').press('Enter')
    await eventually(() => textOf(page.getByTestId('sale-product-selected')).then((s) => s.includes(beans.name)), true, 'beans scanned')
    await recordSale(page, fifth.quantity, fifth.daysAgo)

    t.equal(await page.getByTestId('sale-row').count(), sales.length)
    // Newest first: the back-dated sales sit below today's.
    const quantities = await page.getByTestId('sale-row-quantity').allTextContents()
    t.strictSame(quantities.map((q) => q.trim()), ['5', '2', '3', '4', '2'])

    // More than in stock: refused with the server's explanation, nothing recorded.
    await page.getByTestId('sale-quantity').fill('1000')
    const refused = answerTo(page, 'POST', '/api/sales')
    await page.getByTestId('sale-submit').click()
    t.equal((await refused).status(), 409)
    await page.getByTestId('sale-form-error').waitFor()
    t.match(await textOf(page.getByTestId('sale-form-error')), /stock/i)
    t.equal(await page.getByTestId('sale-row').count(), sales.length)
  })

  await t.test('the overview shows revenue and profit of those sales', async (t) => {
    const expected = totals(sales)
    await page.getByTestId('nav-overview').click()
    await page.getByTestId('overview-page').waitFor()
    await eventually(() => textOf(page.getByTestId('card-revenue-value')), money(expected.revenue), 'revenue')
    t.equal(await textOf(page.getByTestId('card-revenue-value')), money(expected.revenue), `revenue ${money(expected.revenue)}`)
    t.equal(await textOf(page.getByTestId('card-profit-value')), money(expected.profit), `profit ${money(expected.profit)}`)
    t.match(await textOf(page.getByTestId('card-profit')), `Cost ${money(expected.cost)}`)
    t.equal(await textOf(page.getByTestId('card-units-value')), String(expected.units))
    t.equal(await textOf(page.getByTestId('card-sales-value')), String(expected.count))
    const margin = parseFloat(await textOf(page.getByTestId('card-margin-value')))
    t.ok(Math.abs(margin - (expected.profit / expected.revenue) * 100) < 0.1, `margin ${margin} % ≈ profit / revenue`)
    // Best sellers by revenue: the mug (11 × 12.50) before the beans (5 × 24.90).
    await page.getByTestId('top-product').first().waitFor()
    const top = await page.getByTestId('top-product').allTextContents()
    t.match(top[0], mug.name)
    t.match(top[0], money(expected.unitsOf(mug) * mug.priceCents))
    t.match(top[1], beans.name)
    await page.locator('[data-testid="revenue-chart"] canvas').waitFor()
    // Buckets are the period's local days (tz sent with the request): 30 days, 30 points.
    t.match(await page.getByTestId('revenue-chart').getAttribute('aria-label'), /per day, 30 points$/)
    t.notOk(await page.getByTestId('getting-started').isVisible(), 'no first-steps card once there are sales')
    await shoot(page, 'overview')
  })

  await t.test('voiding a sale restocks the product and leaves the overview', async (t) => {
    const stockLeft = (product: typeof beans, list: typeof sales) => String(product.stock - totals(list).unitsOf(product))
    const kept = sales.filter((s) => !s.voided)
    await page.getByTestId('nav-products').click()
    await page.getByTestId('products-table').waitFor()
    await eventually(() => productStock(page, mugId), stockLeft(mug, sales), 'mug stock after the sales')
    t.equal(await productStock(page, mugId), '14', 'mug: 25 - 11')
    t.equal(await productStock(page, beansId), stockLeft(beans, sales))

    await page.getByTestId('nav-sales').click()
    const row = page.locator(`[data-testid="sale-row"][data-sale-id="${voidId}"]`)
    await row.getByTestId('sale-void').click()
    await page.getByTestId('void-dialog').waitFor()
    const voided = answerTo(page, 'DELETE', `/api/sales/${voidId}`)
    await page.getByTestId('void-dialog-confirm').click()
    t.ok((await voided).ok(), 'DELETE /api/sales/:id succeeded')
    await eventually(() => row.getAttribute('data-voided'), 'true', 'row marked voided')
    await row.getByTestId('sale-row-voided').waitFor()
    t.equal(await row.getByTestId('sale-void').count(), 0, 'a voided sale cannot be voided again')
    await shoot(page, 'sales')

    await page.getByTestId('nav-products').click()
    await page.getByTestId('products-table').waitFor()
    await eventually(() => productStock(page, mugId), stockLeft(mug, kept), 'mug stock after the void')
    t.equal(await productStock(page, mugId), '19', 'the 5 voided mugs are back in stock')
    t.equal(await productStock(page, beansId), stockLeft(beans, kept))
    await shoot(page, 'products')

    const expected = totals(kept)
    await page.getByTestId('nav-overview').click()
    await eventually(() => textOf(page.getByTestId('card-revenue-value')), money(expected.revenue), 'revenue after the void')
    t.equal(await textOf(page.getByTestId('card-revenue-value')), money(expected.revenue))
    t.equal(await textOf(page.getByTestId('card-profit-value')), money(expected.profit))
    t.equal(await textOf(page.getByTestId('card-sales-value')), String(expected.count))

    // The phone layout of the same overview.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.locator('[data-testid="revenue-chart"] canvas').waitFor()
    await shoot(page, 'overview-phone')
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  await t.test('the account page', async (t) => {
    await page.getByTestId('nav-account').click()
    await page.getByTestId('account-page').waitFor()
    await page.locator('[data-testid="session-item"][data-current="true"]').waitFor()
    await page.getByTestId('event-item').first().waitFor()
    t.equal(await textOf(page.getByTestId('profile-email')), owner.email)
    await shoot(page, 'account')
  })

  await t.test('sign out: cookies gone, and the dashboard sends you to sign in', async (t) => {
    const loggedOut = answerTo(page, 'POST', '/auth/logout')
    await page.getByTestId('sign-out').click()
    t.equal((await loggedOut).status(), 204)
    await page.waitForURL(/\/sign-in/)
    const left = (await context.cookies()).filter((c) => c.name.includes('pd_'))
    t.notOk(cookieNamed(left, '__Host-pd_at'), 'access cookie cleared')
    t.notOk(cookieNamed(left, '__Secure-pd_rt'), 'refresh cookie cleared')

    await page.goto(`${origin}/`)
    await page.waitForURL(`${origin}/sign-in`)
    await page.getByTestId('sign-in-form').waitFor()
    await page.goto(`${origin}/products`)
    await page.waitForURL(`${origin}/sign-in?next=%2Fproducts`)
    await page.getByTestId('sign-in-form').waitFor()
    t.equal(await page.getByTestId('products-page').count(), 0, 'no products page while signed out')
  })
})

t.test("a second user sees none of the first user's data", async (t) => {
  const context = await newContext()
  const page = await context.newPage()
  // A crafted ?next= that the URL parser turns into another origin ("/<TAB>/x" is "//x"):
  // the sign-up still lands on the overview, not on a page error.
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await signUp(page, { email: 'sam@example.test', username: 'sam', firstName: 'Sam', lastName: 'Other' }, '/\t/evil.example/')
  t.equal(page.url(), `${origin}/`)
  t.strictSame(pageErrors, [], 'no script errors')
  t.equal(await eventually(() => textOf(page.getByTestId('card-revenue-value')), money(0), 'revenue'), money(0))
  t.equal(await textOf(page.getByTestId('card-profit-value')), money(0))
  t.equal(await textOf(page.getByTestId('card-sales-value')), '0')
  await page.getByTestId('getting-started').waitFor()

  await page.getByTestId('nav-products').click()
  await page.getByTestId('products-empty').waitFor()
  t.equal(await page.getByTestId('product-row').count(), 0)
  await page.getByTestId('nav-sales').click()
  await page.getByTestId('sales-empty').waitFor()

  // The other shop's product id and barcode, used from this session: 404, never the data.
  const byBarcode = answerTo(page, 'GET', `/api/products/by-barcode/${beans.barcode}`)
  await page.getByTestId('nav-products').click()
  await page.getByTestId('barcode-lookup-input').fill(beans.barcode)
  await page.getByTestId('barcode-lookup-input').press('Enter')
  t.equal((await byBarcode).status(), 404, 'barcode of the other shop: 404')
  await page.getByTestId('barcode-lookup-create').waitFor()
  t.equal(await page.getByTestId('barcode-result').count(), 0)

  const byId = answerTo(page, 'GET', `/api/products/${beansId}`)
  await page.goto(`${origin}/sales?product=${beansId}`)
  t.equal((await byId).status(), 404, 'product id of the other shop: 404')
  await page.getByTestId('sale-form-error').waitFor()
  t.notMatch(await page.locator('body').innerText(), beans.name, 'the name never shows')
})

t.test('two tabs: one refresh after the access token expired, edits guarded by If-Match, sign-out reaches both', async (t) => {
  const context = await newContext()
  const first = await context.newPage()
  await signIn(first, owner.username)
  await first.goto(`${origin}/products`)
  await first.getByTestId('product-row').nth(1).waitFor()
  const second = await context.newPage()
  await second.goto(`${origin}/sales`)
  await second.getByTestId('sale-row').nth(2).waitFor()

  // Wait out the real token lifetime: the browser drops the access cookie
  // when it expires (its Max-Age is the token's lifetime).
  await eventually(
    async () => cookieNamed(await context.cookies(), '__Host-pd_at') !== undefined,
    false,
    'access cookie expired',
    (ACCESS_TTL_SECONDS + 10) * 1000,
  )
  t.ok(cookieNamed(await context.cookies(), '__Secure-pd_rt'), 'the refresh cookie is still there')

  const refreshes: number[] = []
  const signOuts: string[] = []
  context.on('response', (response) => {
    const path = new URL(response.url()).pathname
    if (path === '/auth/refresh' && response.request().method() === 'POST') refreshes.push(response.status())
    if (path === '/auth/logout') signOuts.push(path)
  })
  // Both tabs at once: each reload starts with GET /auth/me, which now fails with 401.
  await Promise.all([first.reload(), second.reload()])
  await Promise.all([first.getByTestId('product-row').nth(1).waitFor(), second.getByTestId('sale-row').nth(2).waitFor()])

  t.ok(refreshes.length >= 1 && refreshes.length <= 2, `one shared refresh (at most one per tab): saw ${refreshes.length}`)
  t.ok(refreshes.every((status) => status === 200), `every refresh succeeded (${refreshes.join(', ')})`)
  t.strictSame(signOuts, [], 'nobody signed out')
  t.equal(new URL(first.url()).pathname, '/products')
  t.equal(new URL(second.url()).pathname, '/sales')
  t.equal(await first.getByTestId('sign-in-form').count(), 0)
  t.equal(await second.getByTestId('sign-in-form').count(), 0)
  checkSessionCookies(t, await context.cookies(), 'after the refresh')

  // The session really survived: a write (CSRF token from the rotated
  // cookie) in one tab, seen by the other.
  await addProduct(first, { name: 'Gift card', price: '20.00', cost: '0', stock: 100, barcode: '4012345678901' })
  await second.goto(`${origin}/products`)
  await second.getByTestId('product-row').filter({ hasText: 'Gift card' }).waitFor()
  t.equal(await second.getByTestId('product-row').count(), 3)

  // Both tabs edit the gift card: the later save is refused (412, If-Match),
  // and loading the latest version also updates that tab's list.
  const giftRow = (page: Page) => page.getByTestId('product-row').filter({ hasText: 'Gift card' })
  const giftId = (await giftRow(first).getAttribute('data-product-id')) ?? ''
  /** Opens the edit dialog and waits until it shows the product as loaded now. */
  const edit = async (page: Page) => {
    const loaded = answerTo(page, 'GET', `/api/products/${giftId}`)
    await giftRow(page).getByTestId('product-edit').click()
    t.equal((await loaded).status(), 200)
    await page.getByTestId('product-form-loading').waitFor({ state: 'hidden' })
    await page.getByTestId('product-form').waitFor()
  }
  await edit(second)
  t.equal(await second.getByTestId('product-price').inputValue(), '20.00')
  await edit(first)
  t.equal(await first.getByTestId('product-price').inputValue(), '20.00')
  await first.getByTestId('product-price').fill('25.00')
  await first.getByTestId('product-form-submit').click()
  await first.getByTestId('product-dialog').waitFor({ state: 'hidden' })
  t.equal(await eventually(() => textOf(giftRow(first).getByTestId('product-row-price')), money(2500), 'first tab row'), money(2500))
  await second.getByTestId('product-price').fill('30.00')
  const stale = answerTo(second, 'PATCH', `/api/products/${giftId}`)
  await second.getByTestId('product-form-submit').click()
  t.equal((await stale).status(), 412, 'a save based on an old version is refused')
  await second.getByTestId('product-form-error').waitFor()
  await second.getByTestId('product-form-reload').click()
  await eventually(() => second.getByTestId('product-price').inputValue(), '25.00', 'latest version loaded')
  await second.getByTestId('product-form-cancel').click()
  t.equal(await eventually(() => textOf(giftRow(second).getByTestId('product-row-price')), money(2500), 'second tab row'), money(2500), 'the list shows the latest version too')

  // Signing out in one tab ends the session in the other too.
  await first.getByTestId('sign-out').click()
  await first.waitForURL(/\/sign-in/)
  await second.waitForURL(/\/sign-in/)
  await second.getByTestId('sign-in-form').waitFor()
})
