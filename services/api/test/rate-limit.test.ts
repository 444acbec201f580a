/** Requests are limited per signed-in user, so one tenant (or one stolen token) cannot flood the api. */
import t from 'tap'
import { testDatabaseKinds } from '@proddash/db/testing'
import { setup } from './helper.js'

t.test('per-user rate limit: 429 problem with Retry-After, other users unaffected', async (t) => {
  // The limiter does not touch the database: one engine is enough.
  const { user } = await setup(t, testDatabaseKinds()[0]!, { API_RATE_LIMIT_PER_MINUTE: '3' })
  const alice = user()
  const bob = user()
  for (let i = 0; i < 3; i++) t.equal((await alice.get('/api/products')).statusCode, 200, `request ${i + 1} passes`)
  const limited = await alice.get('/api/products')
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /application\/problem\+json/)
  t.equal(limited.json().code, 'too_many_requests')
  t.ok(Number(limited.headers['retry-after']) > 0 && Number(limited.headers['retry-after']) <= 60, 'Retry-After in seconds')
  t.equal((await alice.viaCookie().get('/api/dashboard')).statusCode, 429, 'the limit follows the user, not the way they authenticate')
  t.equal((await bob.get('/api/products')).statusCode, 200, 'another user has their own budget')
  t.equal((await alice.app.inject('/api/products')).statusCode, 401, 'anonymous requests are refused before they are counted')
})
