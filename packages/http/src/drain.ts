/**
 * Graceful shutdown waits for route handlers, not only for sockets.
 *
 * Fastify's close() stops accepting requests and waits for open connections,
 * then runs onClose hooks (where services close their database). A client
 * that hangs up mid-request closes its socket, yet its handler keeps running
 * (hashing a password, writing a session); without this, the database would
 * close under it and leave half-done work. So every handler is counted, and
 * preClose — which runs after Fastify stops routing new requests — waits
 * until none is left, at most `timeoutMs`.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

async function drainHandlers(app: FastifyInstance, options: { timeoutMs?: number }) {
  let active = 0
  let onIdle: (() => void) | undefined

  app.addHook('onRoute', (route) => {
    const handler = route.handler
    route.handler = async function countedHandler(this: FastifyInstance, request, reply) {
      active++
      try {
        return await handler.call(this, request, reply)
      } finally {
        active--
        if (active === 0) onIdle?.()
      }
    }
  })

  app.addHook('preClose', async () => {
    if (active === 0) return
    app.log.info({ active }, 'waiting for in-flight handlers before closing')
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.timeoutMs ?? 10_000)
      onIdle = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  })
}

export const drainHandlersPlugin = fp(drainHandlers, { name: 'proddash-drain-handlers', fastify: '5.x' })
