import t from 'tap'
import Fastify from 'fastify'
import { drainHandlersPlugin } from '../src/index.js'

t.test('close waits for handlers whose client already hung up, before onClose hooks run', async (t) => {
  const app = Fastify()
  await app.register(drainHandlersPlugin)
  let databaseOpen = true
  let handlerSawDatabase: boolean | undefined
  let reachedHandler!: () => void
  const inHandler = new Promise<void>((resolve) => (reachedHandler = resolve))
  app.post('/slow', async () => {
    reachedHandler()
    await new Promise((resolve) => setTimeout(resolve, 300))
    handlerSawDatabase = databaseOpen // the write a login would do after hashing
    return { ok: true }
  })
  app.addHook('onClose', async () => {
    databaseOpen = false
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }

  const aborter = new AbortController()
  const request = fetch(`http://127.0.0.1:${port}/slow`, { method: 'POST', signal: aborter.signal }).catch(() => 'aborted')
  await inHandler
  aborter.abort() // the client hangs up: its socket closes, its handler goes on
  t.equal(await request, 'aborted')
  await app.close()
  t.equal(handlerSawDatabase, true, 'the handler finished while the database was still open')
  t.equal(databaseOpen, false)
})

t.test('close does not wait forever for a stuck handler', async (t) => {
  const app = Fastify()
  await app.register(drainHandlersPlugin, { timeoutMs: 100 })
  let reachedHandler!: () => void
  const inHandler = new Promise<void>((resolve) => (reachedHandler = resolve))
  app.get('/stuck', async () => {
    reachedHandler()
    await new Promise(() => {})
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const aborter = new AbortController()
  void fetch(`http://127.0.0.1:${port}/stuck`, { signal: aborter.signal }).catch(() => undefined)
  await inHandler
  aborter.abort()
  await app.close()
  t.pass('closed after the timeout')
})

t.test('without in-flight handlers close is immediate and handlers still answer', async (t) => {
  const app = Fastify()
  await app.register(drainHandlersPlugin)
  app.get('/', async () => ({ hello: 'world' }))
  t.same((await app.inject('/')).json(), { hello: 'world' })
  await app.close()
})
