/**
 * The api service as one Fastify app: external plugins (problem handlers,
 * security headers, OpenAPI, token verification), then the app's own
 * (dashboard context), then the routes — all registered here, explicitly.
 * Tests and the benchmark build it with a literal config; server.ts listens.
 */
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import authPlugin, { cookieNames, type AuthenticatedUser } from '@proddash/auth-plugin'
import { drainHandlersPlugin, healthRoutes, problemHandlersPlugin, securityHeadersPlugin, serverOptions } from '@proddash/http'
import type { ApiConfig } from './config.js'
import { migrateShop, openShopDatabase, type ShopDatabase } from './db/database.js'
import { TooManyRequestsError } from './errors.js'
import { dashboardContextPlugin } from './plugins/dashboard-context.js'
import { DashboardsRepository } from './repositories/dashboards-repository.js'
import { ProductsRepository } from './repositories/products-repository.js'
import { SalesRepository } from './repositories/sales-repository.js'
import { StatsRepository } from './repositories/stats-repository.js'
import { dashboardRoutes } from './routes/dashboard.js'
import { productRoutes } from './routes/products.js'
import { saleRoutes } from './routes/sales.js'
import { statsRoutes } from './routes/stats.js'

export interface AppDependencies {
  /** An open, migrated database the caller owns (tests). Without it the app opens and migrates its own, and closes it. */
  database?: ShopDatabase
  /** Where logs go (tests collect them). */
  logStream?: NodeJS.WritableStream
  /**
   * BENCHMARK ONLY: skip token verification and act as this user. It exists
   * so bench/products.ts can measure what verification costs on the very same
   * handlers; nothing in the environment can turn it on.
   */
  benchmarkFixedUser?: AuthenticatedUser
}

/** How long an Idempotency-Key is remembered, and how often old ones are swept. */
export const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 3_600_000
const IDEMPOTENCY_SWEEP_INTERVAL_MS = 3_600_000

export async function buildApp(config: ApiConfig, deps: AppDependencies = {}): Promise<FastifyInstance> {
  const app = Fastify(
    serverOptions({ logLevel: config.LOG_LEVEL, trustProxy: config.TRUST_PROXY, logStream: deps.logStream }),
  ).withTypeProvider<TypeBoxTypeProvider>()

  let database = deps.database
  if (!database) {
    database = await openShopDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR })
    const owned = database
    app.addHook('onClose', () => owned.close())
    // Each service migrates its own schema at start; concurrent starts serialise on an advisory lock.
    await migrateShop(database)
  }

  // External plugins.
  await app.register(problemHandlersPlugin)
  // Before any route: shutdown waits for every handler (see @proddash/http's drain.ts).
  await app.register(drainHandlersPlugin)
  await app.register(securityHeadersPlugin)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ProdDash api',
        version: '0.1.0',
        description: 'Products, sales and stats of the caller\'s dashboard. Money is integer minor units; errors are application/problem+json.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: cookieNames(config.COOKIE_SECURE).access },
        },
      },
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    },
    // Health probes and the document itself carry no tags and stay out of it.
    hideUntagged: true,
  })
  if (deps.benchmarkFixedUser) {
    const user = deps.benchmarkFixedUser
    app.decorateRequest('user', null as unknown as AuthenticatedUser)
    app.decorate('authenticate', async (request) => {
      request.user = user
    })
  } else {
    await app.register(authPlugin, {
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      jwksUrl: config.AUTH_JWKS_URL,
      secureCookies: config.COOKIE_SECURE,
    })
  }

  // The app's own plugins.
  const repositories = {
    dashboards: new DashboardsRepository(database.db),
    products: new ProductsRepository(database.db),
    sales: new SalesRepository(database.db),
    stats: new StatsRepository(database.db),
  }
  await app.register(dashboardContextPlugin, { dashboards: repositories.dashboards })
  let sweeper: NodeJS.Timeout | undefined
  app.addHook('onReady', async () => {
    const sweep = () =>
      repositories.sales.purgeIdempotencyKeys(IDEMPOTENCY_KEY_RETENTION_MS).catch((error: unknown) => {
        app.log.warn({ err: error }, 'could not purge old idempotency keys')
      })
    sweeper = setInterval(sweep, IDEMPOTENCY_SWEEP_INTERVAL_MS).unref()
  })
  app.addHook('onClose', async () => clearInterval(sweeper))

  // Routes.
  await app.register(healthRoutes({ ping: database.ping }))
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  await app.register(
    async (api) => {
      // Every route of this scope needs a valid token (and CSRF when cookie-authenticated and
      // unsafe), then works on the caller's dashboard only. Hooks on the scope, so no route can forget.
      api.addHook('onRequest', api.authenticate)
      if (config.API_RATE_LIMIT_PER_MINUTE > 0) {
        // Per user, counted after authentication (preHandler), so one tenant cannot starve the others
        // and a stolen token cannot be used to scrape at full speed. In memory, per instance.
        await api.register(rateLimit, {
          hook: 'preHandler',
          max: config.API_RATE_LIMIT_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (request) => (request.user ? `user:${request.user.id}` : `ip:${request.ip}`),
          // The plugin has already set Retry-After on the reply.
          errorResponseBuilder: (_request, context) => new TooManyRequestsError(Math.ceil(context.ttl / 1000)),
        })
      }
      api.addHook('preHandler', api.loadDashboard)
      await api.register(dashboardRoutes, { dashboards: repositories.dashboards })
      await api.register(productRoutes, { products: repositories.products })
      await api.register(saleRoutes, { sales: repositories.sales })
      await api.register(statsRoutes, { stats: repositories.stats, lowStockThreshold: config.LOW_STOCK_THRESHOLD })
    },
    { prefix: '/api' },
  )
  return app
}
