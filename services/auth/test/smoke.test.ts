import t from 'tap'
import { testDatabaseKinds } from '@proddash/db/testing'
import { buildTestApp, openAuthTestDatabase, register } from './helper.js'

for (const kind of testDatabaseKinds()) {
  t.test(kind, async (t) => {
    const database = await openAuthTestDatabase(t, kind)
    const { app } = await buildTestApp(t, database)
    const { response, browser } = await register(app)
    t.equal(response.statusCode, 201, response.body)
    const me = await app.inject({ url: '/auth/me', headers: browser.headers() })
    t.equal(me.statusCode, 200, me.body)
    const r = await app.inject({ method: 'POST', url: '/auth/refresh', headers: browser.headers() })
    t.equal(r.statusCode, 200, r.body)
  })
}
