/**
 * Test helpers: a real token issuer, the app built with a literal config on a
 * test database, and a small client that sends requests as one user (bearer
 * by default, or cookie + CSRF like a browser).
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { openTestDatabase, type TestDatabase } from '@proddash/db/testing'
import { startTestIssuer, type MintedSession, type TestIssuer } from '@proddash/auth-plugin/testing'
import type { DatabaseKind } from '@proddash/db'
import { buildApp } from '../src/app.js'
import { loadApiConfig, type ApiConfig } from '../src/config.js'
import { schema, shopMigrations, type ShopSchema } from '../src/db/database.js'

interface Teardown {
  teardown(fn: () => unknown): void
}

export function testConfig(issuer: TestIssuer, env: Record<string, string> = {}): ApiConfig {
  return loadApiConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: issuer.audience,
    AUTH_JWKS_URL: issuer.jwksUrl,
    ...env,
  })
}

export interface TestContext {
  app: FastifyInstance
  database: TestDatabase<ShopSchema>
  issuer: TestIssuer
  /** A new user with a fresh token. */
  user(): TestUser
}

/** One database, issuer and app per database kind per test file; call `database.reset()` between tests. */
export async function setup(t: Teardown, kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestContext> {
  const database = await openTestDatabase(t, kind, { schema, migrations: [shopMigrations] })
  const issuer = await startTestIssuer()
  t.teardown(() => issuer.close())
  const app = await buildApp(testConfig(issuer, env), { database })
  t.teardown(() => app.close())
  await app.ready()
  return { app, database, issuer, user: () => new TestUser(app, issuer.mint()) }
}

type Body = InjectOptions['payload']

export class TestUser {
  constructor(
    readonly app: FastifyInstance,
    readonly session: MintedSession,
    readonly mode: 'bearer' | 'cookie' = 'bearer',
  ) {}

  get id(): string {
    return this.session.userId
  }

  /** The same user authenticating like a browser: access cookie, plus X-CSRF-Token on unsafe requests. */
  viaCookie(): TestUser {
    return new TestUser(this.app, this.session, 'cookie')
  }

  request(method: InjectOptions['method'], url: string, payload?: Body, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const auth =
      this.mode === 'bearer' ? { authorization: this.session.bearer } : { ...this.session.cookieHeaders }
    return this.app.inject({ method, url, payload, headers: { ...auth, ...headers } })
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers)
  }
  post(url: string, payload?: Body, headers?: Record<string, string>) {
    return this.request('POST', url, payload, headers)
  }
  patch(url: string, payload?: Body, headers?: Record<string, string>) {
    return this.request('PATCH', url, payload, headers)
  }
  delete(url: string, headers?: Record<string, string>) {
    return this.request('DELETE', url, undefined, headers)
  }

  /** Creates a product and returns its JSON, failing loudly otherwise. */
  async createProduct(fields: Record<string, unknown> = {}): Promise<ProductJson> {
    const response = await this.post('/api/products', { name: `Product ${Math.random().toString(36).slice(2)}`, priceCents: 250, ...fields })
    if (response.statusCode !== 201) throw new Error(`createProduct: ${response.statusCode} ${response.body}`)
    return response.json()
  }

  async sell(productId: string, quantity = 1, fields: Record<string, unknown> = {}): Promise<SaleJson> {
    const response = await this.post('/api/sales', { productId, quantity, ...fields })
    if (response.statusCode !== 201) throw new Error(`sell: ${response.statusCode} ${response.body}`)
    return response.json()
  }
}

export interface ProductJson {
  id: string
  name: string
  priceCents: number
  costCents: number
  stock: number
  barcode: string | null
  imageUrl: string | null
  archived: boolean
  createdAt: string
  updatedAt: string
}

export interface SaleJson {
  id: string
  productId: string
  quantity: number
  unitPriceCents: number
  unitCostCents: number
  soldAt: string
  note: string | null
  voidedAt: string | null
}
