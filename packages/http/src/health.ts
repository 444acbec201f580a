/** Liveness (the process answers) and readiness (its database answers). */
import type { FastifyInstance } from 'fastify'
import { makeProblem, PROBLEM_CONTENT_TYPE } from './problem.js'

export function healthRoutes(options: { ping: () => Promise<void> }) {
  return async function health(app: FastifyInstance) {
    const status = {
      type: 'object',
      properties: { status: { type: 'string' } },
      required: ['status'],
    } as const
    app.get('/healthz', { schema: { response: { 200: status } }, logLevel: 'warn' }, async () => ({ status: 'ok' }))
    app.get('/readyz', { logLevel: 'warn' }, async (request, reply) => {
      try {
        await options.ping()
        return { status: 'ready' }
      } catch (error) {
        request.log.warn({ err: error }, 'not ready: database unreachable')
        return reply
          .code(503)
          .type(PROBLEM_CONTENT_TYPE)
          .header('retry-after', '5')
          .send(makeProblem(503, 'service_unavailable', 'The database is unreachable.'))
      }
    })
  }
}
