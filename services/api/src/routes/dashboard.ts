/** GET/PATCH /api/dashboard: the caller's dashboard (created on first access by loadDashboard). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { DashboardsRepository } from '../repositories/dashboards-repository.js'
import { dashboardRepresentation } from '../representations.js'
import { problemResponses } from '../schemas/common.js'
import { DashboardPatchSchema, DashboardSchema } from '../schemas/dashboard.js'

export const dashboardRoutes: FastifyPluginAsyncTypebox<{ dashboards: DashboardsRepository }> = async (app, options) => {
  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: "The caller's dashboard (created on first access)",
        response: { 200: DashboardSchema, ...problemResponses() },
      },
    },
    async (request) => dashboardRepresentation(request.dashboard),
  )

  app.patch(
    '/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Rename the dashboard or change its currency',
        body: DashboardPatchSchema,
        response: { 200: DashboardSchema, ...problemResponses(403, 413, 415) },
      },
    },
    async (request) => {
      const patch: { name?: string; currency?: string } = {}
      if (request.body.name !== undefined) patch.name = request.body.name.trim()
      if (request.body.currency !== undefined) patch.currency = request.body.currency
      return dashboardRepresentation(await options.dashboards.update(request.dashboard.id, patch))
    },
  )
}
