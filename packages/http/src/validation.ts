/**
 * Request validation with two ajv instances, chosen by the part of the
 * request being checked:
 * - bodies are JSON and already typed, so nothing is coerced: `{"name": 42}`
 *   is a 400, not the string "42", and "" stays "" (Fastify's default would
 *   coerce both);
 * - querystrings, params and headers arrive as text, so they are coerced to
 *   the schema's types (`?limit=10` → 10).
 * Both refuse unknown properties (removeAdditional: false) instead of
 * silently dropping them, and report every error at once.
 */
import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyServerOptions } from 'fastify'

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>
type BuildValidator = NonNullable<NonNullable<SchemaController['compilersFactory']>['buildValidator']>

const common: Options = {
  removeAdditional: false,
  allErrors: true,
  useDefaults: true,
  // TypeBox and @fastify/swagger add annotation keywords ajv does not know.
  strict: false,
}

function makeAjv(options: Options, externalSchemas: Record<string, unknown>): Ajv {
  const ajv = new Ajv({ ...common, ...options })
  addFormats.default(ajv)
  for (const schema of Object.values(externalSchemas)) ajv.addSchema(schema as object)
  return ajv
}

export const buildValidator: BuildValidator = (externalSchemas) => {
  const external = (externalSchemas ?? {}) as Record<string, unknown>
  const bodyAjv = makeAjv({ coerceTypes: false }, external)
  const textAjv = makeAjv({ coerceTypes: 'array' }, external)
  return ({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object)
}
