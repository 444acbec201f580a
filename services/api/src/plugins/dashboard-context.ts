/**
 * Resolves the caller's dashboard once per request (creating it on first
 * access) and puts it on `request.dashboard`, so every route filters by it.
 * Runs as a preHandler: after `authenticate` (onRequest) and after
 * validation, so an invalid request never creates a dashboard.
 */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import type { DashboardRow } from '../db/schema/index.js'
import type { DashboardsRepository } from '../repositories/dashboards-repository.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: sets request.dashboard to the authenticated user's dashboard. */
    loadDashboard: preHandlerAsyncHookHandler
  }
  interface FastifyRequest {
    /** The caller's dashboard, once `loadDashboard` ran. */
    dashboard: DashboardRow
  }
}

async function dashboardContext(app: FastifyInstance, options: { dashboards: DashboardsRepository }) {
  app.decorateRequest('dashboard', null as unknown as DashboardRow)
  app.decorate('loadDashboard', async function loadDashboard(request: FastifyRequest) {
    request.dashboard = await options.dashboards.ensureForOwner(request.user.id)
  })
}

export const dashboardContextPlugin = fp(dashboardContext, {
  name: 'proddash-api-dashboard-context',
  fastify: '5.x',
  // No declared dependency on @proddash/auth-plugin: any `authenticate` that sets request.user will do
  // (the benchmark's unauthenticated baseline uses a fixed user).
})
