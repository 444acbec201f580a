/** The dashboard resource: the tenant a user's products and sales belong to. */
import { Type, type Static } from 'typebox'
import { DateTime, SINGLE_LINE_TEXT, Uuid } from './common.js'

export const DashboardSchema = Type.Object(
  {
    id: Uuid(),
    name: Type.String(),
    currency: Type.String({ description: 'ISO 4217 code; every amount is an integer in its minor unit' }),
    createdAt: DateTime(),
  },
  { additionalProperties: false },
)
export type Dashboard = Static<typeof DashboardSchema>

export const DashboardPatchSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: SINGLE_LINE_TEXT })),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type DashboardPatch = Static<typeof DashboardPatchSchema>
