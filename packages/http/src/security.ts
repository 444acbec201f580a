/**
 * Security headers for JSON APIs: a CSP that forbids everything (an API
 * response is never a document to render), no framing, no sniffing, no
 * referrer, HSTS. Caddy sets the page's own CSP.
 */
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

async function securityHeaders(app: FastifyInstance) {
  await app.register(helmet, {
    // Not helmet's page-oriented defaults (they allow inline styles and fonts): nothing at all.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    frameguard: { action: 'deny' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  })
  // Responses that depend on the caller's cookies must never be cached by a shared cache.
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
  })
}

export const securityHeadersPlugin = fp(securityHeaders, { name: 'proddash-security-headers', fastify: '5.x' })
