import Fastify from 'fastify'
import { problemHandlersPlugin } from '@proddash/http'
import authPlugin, { type AuthPluginOptions } from '../src/index.js'
import { startTestIssuer, type TestIssuer } from '../src/testing/index.js'

interface Teardown {
  teardown(fn: () => unknown): void
}

/** A tiny resource service using the plugin, against a real JWKS served on 127.0.0.1. */
export async function buildResourceService(t: Teardown, overrides: Partial<AuthPluginOptions> = {}, issuer?: TestIssuer) {
  const testIssuer = issuer ?? (await startTestIssuer())
  if (!issuer) t.teardown(() => testIssuer.close())
  const app = Fastify()
  await app.register(problemHandlersPlugin)
  await app.register(authPlugin, {
    issuer: testIssuer.issuer,
    audience: testIssuer.audience,
    jwksUrl: testIssuer.jwksUrl,
    jwksMinRefetchIntervalMs: 0,
    ...overrides,
  })
  app.get('/public', async () => ({ ok: true }))
  app.get('/me', { onRequest: [app.authenticate] }, async (request) => ({ user: request.user, source: request.accessTokenSource }))
  app.post('/things', { onRequest: [app.authenticate] }, async (request) => ({ created: true, by: request.user.id }))
  app.delete('/admin/things', { onRequest: [app.authenticate, app.requireRole('admin')] }, async () => ({ deleted: true }))
  await app.ready()
  t.teardown(() => app.close())
  return { app, issuer: testIssuer }
}
