/**
 * What every `server.ts` does: listen, print where, and shut down gracefully
 * on SIGINT/SIGTERM (in-flight requests finish, the database closes) with
 * close-with-grace, exiting non-zero if that takes too long.
 */
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'

export async function runServer(app: FastifyInstance, options: { host: string; port: number; name: string }): Promise<void> {
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an uncaught error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
  })
  const address = await app.listen({ host: options.host, port: options.port })
  app.log.info(`${options.name} listening on ${address}`)
}
