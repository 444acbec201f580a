/**
 * GET /.well-known/jwks.json: the public signing keys (active and recently
 * retired). Cacheable for 5 minutes, well inside the retirement overlap
 * (access TTL + 5 min margin), so a cached set never lacks a key that signed
 * a still-valid token for long — and verifiers re-fetch on an unknown kid.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { RouteOptions } from '../context.js'

export const JWKS_MAX_AGE_SECONDS = 300

const JwkSchema = Type.Object(
  {
    kty: Type.Literal('OKP'),
    crv: Type.Literal('Ed25519'),
    x: Type.String(),
    kid: Type.String(),
    alg: Type.Literal('EdDSA'),
    use: Type.Literal('sig'),
  },
  { additionalProperties: false },
)

const jwksRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/.well-known/jwks.json',
    { schema: { response: { 200: Type.Object({ keys: Type.Array(JwkSchema) }, { additionalProperties: false }) } } },
    async (_request, reply) => {
      reply.header('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`)
      return ctx.keyStore.jwks()
    },
  )
}

export default jwksRoutes
