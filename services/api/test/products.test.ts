import t from 'tap'
import { testDatabaseKinds } from '@proddash/db/testing'
import { setup, type ProductJson } from './helper.js'

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const ctx = await setup(t, kind)
    t.beforeEach(() => ctx.database.reset())

    t.test('create answers 201 with Location, ETag and the product shape; defaults applied', async (t) => {
      const alice = ctx.user()
      const response = await alice.post('/api/products', { name: '  Green tea ', priceCents: 450 })
      t.equal(response.statusCode, 201)
      const product = response.json()
      t.equal(response.headers.location, `/api/products/${product.id}`)
      t.equal(response.headers.etag, 'W/"1"')
      t.match(product, { name: 'Green tea', priceCents: 450, costCents: 0, stock: 0, barcode: null, imageUrl: null, archived: false })
      t.same(Object.keys(product).sort(), ['archived', 'barcode', 'costCents', 'createdAt', 'id', 'imageUrl', 'name', 'priceCents', 'stock', 'updatedAt'])
      const read = await alice.get(response.headers.location as string)
      t.equal(read.statusCode, 200)
      t.same(read.json(), product)
    })

    t.test('names are unique per dashboard case-insensitively, barcodes too; other dashboards are free to reuse them', async (t) => {
      const alice = ctx.user()
      const bob = ctx.user()
      await alice.createProduct({ name: 'Coffee', barcode: 'C-1' })
      const sameName = await alice.post('/api/products', { name: 'COFFEE', priceCents: 1 })
      t.equal(sameName.statusCode, 409)
      t.match(sameName.headers['content-type'], /^application\/problem\+json/)
      t.equal(sameName.json().code, 'name_taken')
      const sameBarcode = await alice.post('/api/products', { name: 'Other', priceCents: 1, barcode: 'C-1' })
      t.equal(sameBarcode.statusCode, 409)
      t.equal(sameBarcode.json().code, 'barcode_taken')
      // Several products without a barcode are fine (NULLs are distinct).
      await alice.createProduct({ name: 'No code 1' })
      await alice.createProduct({ name: 'No code 2' })
      t.equal((await bob.post('/api/products', { name: 'Coffee', priceCents: 1, barcode: 'C-1' })).statusCode, 201)

      const other = await alice.createProduct({ name: 'Milk', barcode: 'M-1' })
      const renamed = await alice.patch(`/api/products/${other.id}`, { name: 'coffee' })
      t.equal(renamed.statusCode, 409)
      t.equal(renamed.json().code, 'name_taken')
      const recoded = await alice.patch(`/api/products/${other.id}`, { barcode: 'C-1' })
      t.equal(recoded.json().code, 'barcode_taken')
      t.match((await alice.get(`/api/products/${other.id}`)).json(), { name: 'Milk', barcode: 'M-1' }, 'refused patches changed nothing')
    })

    t.test('validation: bounds, formats and unknown fields are 400 problems naming each field', async (t) => {
      const alice = ctx.user()
      const cases: [Record<string, unknown>, string][] = [
        [{ priceCents: 1 }, '/body/name'],
        [{ name: '', priceCents: 1 }, '/body/name'],
        [{ name: '   ', priceCents: 1 }, '/body/name'],
        [{ name: 'x'.repeat(201), priceCents: 1 }, '/body/name'],
        [{ name: 'nul\u0000byte', priceCents: 1 }, '/body/name'],
        [{ name: 'two\nlines', priceCents: 1 }, '/body/name'],
        [{ name: 'A', priceCents: -1 }, '/body/priceCents'],
        [{ name: 'A', priceCents: 1.5 }, '/body/priceCents'],
        [{ name: 'A', priceCents: '12' }, '/body/priceCents'],
        [{ name: 'A', priceCents: 1, stock: '3' }, '/body/stock'],
        [{ name: 'A', priceCents: 100_000_000_001 }, '/body/priceCents'],
        [{ name: 'A', priceCents: 1, costCents: -5 }, '/body/costCents'],
        [{ name: 'A', priceCents: 1, stock: -1 }, '/body/stock'],
        [{ name: 'A', priceCents: 1, barcode: 'has space' }, '/body/barcode'],
        [{ name: 'A', priceCents: 1, barcode: 'x'.repeat(65) }, '/body/barcode'],
        [{ name: 'A', priceCents: 1, imageUrl: 'http://example.com/a.png' }, '/body/imageUrl'],
        [{ name: 'A', priceCents: 1, imageUrl: 'javascript:alert(1)' }, '/body/imageUrl'],
        [{ name: 'A', priceCents: 1, imageUrl: `https://example.com/${'a'.repeat(2048)}` }, '/body/imageUrl'],
        [{ name: 'A', priceCents: 1, archived: true }, '/body/archived'],
        [{ name: 'A', priceCents: 1, dashboardId: '00000000-0000-4000-8000-000000000000' }, '/body/dashboardId'],
      ]
      for (const [body, field] of cases) {
        const response = await alice.post('/api/products', body)
        t.equal(response.statusCode, 400, JSON.stringify(body))
        t.match(response.headers['content-type'], /^application\/problem\+json/)
        const problem = response.json()
        t.equal(problem.code, 'validation_failed')
        t.ok(
          problem.errors.some((error: { field: string }) => error.field === field),
          `${JSON.stringify(body)} names ${field}: ${JSON.stringify(problem.errors)}`,
        )
      }
      t.equal((await alice.post('/api/products', { name: 'Ok', priceCents: 100_000_000_000, imageUrl: 'https://cdn.example.com/a.png', barcode: 'Ab-09' })).statusCode, 201)
      const list = await alice.get('/api/products')
      t.equal(list.json().items.length, 1, 'nothing else was created')

      t.equal((await alice.patch('/api/products/not-a-uuid', { name: 'x' })).statusCode, 400)
      t.equal((await alice.get('/api/products/not-a-uuid')).statusCode, 400)
      const emptyPatch = await alice.patch(`/api/products/${list.json().items[0].id}`, {})
      t.equal(emptyPatch.statusCode, 400, 'an empty patch is refused')
      t.equal((await alice.get('/api/products?limit=0')).statusCode, 400)
      t.equal((await alice.get('/api/products?limit=101')).statusCode, 400)
      t.equal((await alice.get('/api/products?sort=name')).statusCode, 400, 'unknown query parameters are refused')
      const badCursor = await alice.get('/api/products?cursor=bm90LWEtY3Vyc29y')
      t.equal(badCursor.statusCode, 400)
      t.equal(badCursor.json().code, 'invalid_cursor')
      t.equal((await alice.get('/api/products?cursor=%25%25')).statusCode, 400)
    })

    t.test('pagination walks every product exactly once, newest first, across pages of any size', async (t) => {
      const alice = ctx.user()
      const created: ProductJson[] = []
      for (let i = 0; i < 23; i++) created.push(await alice.createProduct({ name: `Item ${String(i).padStart(2, '0')}` }))
      for (const limit of [1, 5, 7, 23, 100]) {
        const seen: string[] = []
        let cursor: string | null = null
        let pages = 0
        do {
          const query: string = `/api/products?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`
          const response = await alice.get(query)
          t.equal(response.statusCode, 200)
          const page: { items: ProductJson[]; nextCursor: string | null } = response.json()
          t.ok(page.items.length <= limit)
          seen.push(...page.items.map((item) => item.id))
          cursor = page.nextCursor
          pages++
        } while (cursor && pages < 100)
        t.equal(seen.length, 23, `limit ${limit}: every item`)
        t.equal(new Set(seen).size, 23, `limit ${limit}: no duplicates`)
        t.equal(pages, Math.ceil(23 / limit), `limit ${limit}: no empty trailing page`)
      }
      const first = (await alice.get('/api/products?limit=25')).json()
      const expected = [...created].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
      t.same(first.items.map((item: ProductJson) => item.id), expected.map((item) => item.id), 'ordered by (createdAt desc, id desc)')
      t.equal(first.nextCursor, null)
    })

    t.test('a product created between pages neither repeats nor shifts the walk', async (t) => {
      const alice = ctx.user()
      for (let i = 0; i < 6; i++) await alice.createProduct({ name: `P${i}` })
      const page1 = (await alice.get('/api/products?limit=3')).json()
      await alice.createProduct({ name: 'Newcomer' })
      const page2 = (await alice.get(`/api/products?limit=3&cursor=${page1.nextCursor}`)).json()
      const ids = [...page1.items, ...page2.items].map((item: ProductJson) => item.id)
      t.equal(new Set(ids).size, 6)
      t.notOk(page2.items.some((item: ProductJson) => item.name === 'Newcomer'))
    })

    t.test('q searches name and barcode case-insensitively; LIKE wildcards are literal', async (t) => {
      const alice = ctx.user()
      await alice.createProduct({ name: 'Espresso Beans', barcode: 'EB-100' })
      await alice.createProduct({ name: 'Decaf beans', barcode: 'DB-200' })
      await alice.createProduct({ name: '100% Arabica', barcode: 'AR-1' })
      await alice.createProduct({ name: 'Filter_paper' })
      await alice.createProduct({ name: 'Filterpaper large' })
      const names = async (q: string) =>
        ((await alice.get(`/api/products?q=${encodeURIComponent(q)}`)).json().items as ProductJson[]).map((item) => item.name).sort()
      t.same(await names('BEANS'), ['Decaf beans', 'Espresso Beans'])
      t.same(await names('db-2'), ['Decaf beans'])
      t.same(await names('100'), ['100% Arabica', 'Espresso Beans'])
      t.same(await names('%'), ['100% Arabica'], '% matches only a literal percent sign')
      t.same(await names('_'), ['Filter_paper'], '_ matches only a literal underscore')
      t.same(await names('\\'), [], 'a backslash is not an escape for the caller')
      t.same(await names('nothing like it'), [])
      t.equal((await alice.get('/api/products?q=%00')).statusCode, 400, 'NUL cannot be searched for (PostgreSQL text cannot hold it)')
      t.same(await names('é'), [], 'non-ASCII is fine')
    })

    t.test('archived products are excluded by default, listed with archived=true, restorable, and keep their name', async (t) => {
      const alice = ctx.user()
      const kept = await alice.createProduct({ name: 'Kept' })
      const gone = await alice.createProduct({ name: 'Gone', barcode: 'G-1' })
      const archived = await alice.delete(`/api/products/${gone.id}`)
      t.equal(archived.statusCode, 204)
      t.equal(archived.body, '')
      t.equal((await alice.delete(`/api/products/${gone.id}`)).statusCode, 204, 'archiving twice is a no-op')

      t.same((await alice.get('/api/products')).json().items.map((item: ProductJson) => item.id), [kept.id])
      t.same((await alice.get('/api/products?archived=true')).json().items.map((item: ProductJson) => item.id), [gone.id])
      t.same((await alice.get('/api/products?q=gone')).json().items, [], 'search excludes archived too')
      const read = await alice.get(`/api/products/${gone.id}`)
      t.equal(read.statusCode, 200, 'an archived product can still be read')
      t.equal(read.json().archived, true)
      t.equal((await alice.get('/api/products/by-barcode/G-1')).json().archived, true)

      t.equal((await alice.post('/api/products', { name: 'gone', priceCents: 1 })).json().code, 'name_taken')
      const restored = await alice.patch(`/api/products/${gone.id}`, { archived: false })
      t.equal(restored.statusCode, 200)
      t.equal(restored.json().archived, false)
      t.equal((await alice.get('/api/products')).json().items.length, 2)
      t.equal((await alice.delete('/api/products/00000000-0000-4000-8000-000000000000')).statusCode, 404)
    })

    t.test('GET gives a weak ETag; PATCH with a stale If-Match is 412 and changes nothing; If-None-Match gives 304', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ name: 'Scone', priceCents: 300, stock: 4 })
      const read = await alice.get(`/api/products/${product.id}`)
      const etag = read.headers.etag as string
      t.match(etag, /^W\/"\d+"$/)

      const notModified = await alice.get(`/api/products/${product.id}`, { 'if-none-match': etag })
      t.equal(notModified.statusCode, 304)
      t.equal(notModified.body, '')

      const first = await alice.patch(`/api/products/${product.id}`, { priceCents: 350 }, { 'if-match': etag })
      t.equal(first.statusCode, 200)
      t.equal(first.json().priceCents, 350)
      t.not(first.headers.etag, etag, 'the ETag changes with every write')
      t.ok(first.json().updatedAt >= product.updatedAt)

      const stale = await alice.patch(`/api/products/${product.id}`, { priceCents: 999 }, { 'if-match': etag })
      t.equal(stale.statusCode, 412)
      t.equal(stale.json().code, 'precondition_failed')
      t.equal((await alice.get(`/api/products/${product.id}`)).json().priceCents, 350)

      const current = first.headers.etag as string
      t.equal((await alice.get(`/api/products/${product.id}`, { 'if-none-match': etag })).statusCode, 200, 'a stale If-None-Match gets the body')
      t.equal(
        (await alice.patch(`/api/products/${product.id}`, { priceCents: 360 }, { 'if-match': current.replace(/^W\//, '') })).statusCode,
        200,
        'the strong form of the same tag matches too',
      )
      t.equal((await alice.patch(`/api/products/${product.id}`, { priceCents: 370 }, { 'if-match': '"nope", *' })).statusCode, 200, '* matches')
      t.equal((await alice.patch(`/api/products/${product.id}`, { stock: 9 })).statusCode, 200, 'without If-Match the last write wins')

      // A sale changes the stock, so it changes the ETag too.
      const before = (await alice.get(`/api/products/${product.id}`)).headers.etag as string
      await alice.sell(product.id, 1)
      const after = await alice.patch(`/api/products/${product.id}`, { name: 'Scone!' }, { 'if-match': before })
      t.equal(after.statusCode, 412)
      t.equal((await alice.patch('/api/products/00000000-0000-4000-8000-000000000000', { name: 'x' }, { 'if-match': before })).statusCode, 404)
    })

    t.test('two PATCHes holding the same ETag: exactly one wins', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ name: 'Race', priceCents: 100 })
      const etag = (await alice.get(`/api/products/${product.id}`)).headers.etag as string
      const results = await Promise.all(
        [200, 300, 400, 500].map((priceCents) => alice.patch(`/api/products/${product.id}`, { priceCents }, { 'if-match': etag })),
      )
      t.same(results.map((result) => result.statusCode).sort(), [200, 412, 412, 412])
      const winner = results.find((result) => result.statusCode === 200)!
      t.equal((await alice.get(`/api/products/${product.id}`)).json().priceCents, winner.json().priceCents)
    })

    t.test('PATCH changes each field, clears nullable ones, and trims names', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ name: 'Bagel', priceCents: 200, barcode: 'B-1', imageUrl: 'https://img.example/b.png' })
      const patched = await alice.patch(`/api/products/${product.id}`, {
        name: ' Bagel XL ',
        priceCents: 250,
        costCents: 90,
        stock: 12,
        barcode: null,
        imageUrl: null,
      })
      t.equal(patched.statusCode, 200)
      t.match(patched.json(), { name: 'Bagel XL', priceCents: 250, costCents: 90, stock: 12, barcode: null, imageUrl: null, archived: false })
      t.equal((await alice.patch(`/api/products/${product.id}`, { archived: true })).json().archived, true)
      t.equal((await alice.patch(`/api/products/${product.id}`, { stock: -1 })).statusCode, 400)
    })

    t.test('by-barcode finds the caller\'s product or answers 404', async (t) => {
      const alice = ctx.user()
      const product = await alice.createProduct({ name: 'Scanner', barcode: '4006381333931' })
      const found = await alice.get('/api/products/by-barcode/4006381333931')
      t.equal(found.statusCode, 200)
      t.equal(found.json().id, product.id)
      t.ok(found.headers.etag)
      t.equal((await alice.get('/api/products/by-barcode/0000')).statusCode, 404)
      t.equal((await alice.get('/api/products/by-barcode/bad%20code')).statusCode, 400)
    })
  })
}
