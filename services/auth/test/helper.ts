/**
 * Test helpers: a literal config, a test database per engine, the app built
 * on it with an adjustable clock and captured logs, and a tiny cookie jar
 * that parses Set-Cookie attribute by attribute.
 */
import { Writable } from 'node:stream'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { openTestDatabase, type TestDatabase } from '@proddash/db/testing'
import type { DatabaseKind } from '@proddash/db'
import { buildApp } from '../src/app.js'
import { loadAuthConfig, type AuthConfig } from '../src/config.js'
import { MIGRATIONS, type AuthSchema } from '../src/db/database.js'
import * as schema from '../src/db/schema/index.js'
import type { Clock } from '../src/lib/clock.js'

interface Tap {
  teardown(fn: () => unknown): void
}

/** A fixed, valid (32 random-looking bytes) key for tests only. */
export const TEST_KEY = 'q83vEjRWeJq8NQ3vASNFZ4mrze8BI0VniavN7wEjRWc='
export const ISSUER = 'https://auth.test.proddash'
export const AUDIENCE = 'proddash-api'
export const ORIGIN = 'https://auth.test.proddash'
export const STRONG_PASSWORD = 'correct horse battery staple'

export function testConfig(env: Record<string, string> = {}): AuthConfig {
  return loadAuthConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    // Tests register many accounts from 127.0.0.1; the registration limit has its own test.
    REGISTER_MAX_PER_IP: '1000',
    // Two shared cores under a full test run lag now and then; load shedding is not what these tests test.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_KEY_ENCRYPTION_KEY: TEST_KEY,
    ...env,
  })
}

export async function openAuthTestDatabase(t: Tap, kind: DatabaseKind): Promise<TestDatabase<AuthSchema>> {
  return openTestDatabase(t, kind, { schema, migrations: [MIGRATIONS] })
}

/** A clock tests move forward by hand. */
export class TestClock implements Clock {
  private offsetMs = 0
  now(): Date {
    return new Date(Date.now() + this.offsetMs)
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000
  }
}

export interface TestApp {
  app: FastifyInstance
  clock: TestClock
  logs: string[]
  config: AuthConfig
}

export async function buildTestApp(
  t: Tap,
  database: TestDatabase<AuthSchema>,
  options: { env?: Record<string, string>; clock?: TestClock } = {},
): Promise<TestApp> {
  const config = testConfig(options.env)
  const clock = options.clock ?? new TestClock()
  const logs: string[] = []
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk))
      done()
    },
  })
  const app = await buildApp(config, { database, clock, logStream })
  t.teardown(() => app.close())
  await app.ready()
  return { app, clock, logs, config }
}

export interface ParsedCookie {
  name: string
  value: string
  attributes: Record<string, string | true>
}

/** Set-Cookie headers of a response, each split into name, value and lower-cased attributes. */
export function parseSetCookies(response: LightMyRequestResponse): ParsedCookie[] {
  const raw = response.headers['set-cookie']
  const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  return lines.map((line) => {
    const [pair, ...rest] = line.split(';').map((part) => part.trim())
    const index = pair!.indexOf('=')
    const attributes: Record<string, string | true> = {}
    for (const attribute of rest) {
      const eq = attribute.indexOf('=')
      if (eq === -1) attributes[attribute.toLowerCase()] = true
      else attributes[attribute.slice(0, eq).toLowerCase()] = attribute.slice(eq + 1)
    }
    return { name: pair!.slice(0, index), value: decodeURIComponent(pair!.slice(index + 1)), attributes }
  })
}

/** What a browser would hold after a sign-in: the three cookies. */
export class Browser {
  cookies = new Map<string, string>()

  constructor(readonly names = { access: '__Host-pd_at', refresh: '__Secure-pd_rt', csrf: '__Host-pd_csrf' }) {}

  store(response: LightMyRequestResponse): this {
    for (const cookie of parseSetCookies(response)) {
      if (cookie.attributes['max-age'] === '0' || cookie.value === '') this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
    }
    return this
  }

  get access() {
    return this.cookies.get(this.names.access)
  }
  get refresh() {
    return this.cookies.get(this.names.refresh)
  }
  get csrf() {
    return this.cookies.get(this.names.csrf)
  }

  /** Cookie header (all cookies) plus the CSRF header, as the SPA sends on unsafe requests. */
  headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    return { cookie, ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}), ...extra }
  }

  clone(): Browser {
    const copy = new Browser(this.names)
    copy.cookies = new Map(this.cookies)
    return copy
  }
}

let counter = 0
/** A fresh, valid registration body. */
export function newAccount(overrides: Partial<{ email: string; username: string; password: string; firstName: string; lastName: string }> = {}) {
  counter++
  return { email: `user${counter}@example.com`, username: `user${counter}`, password: STRONG_PASSWORD, ...overrides }
}

export async function register(app: FastifyInstance, body = newAccount()) {
  const response = await app.inject({ method: 'POST', url: '/auth/register', payload: body, headers: { origin: ORIGIN } })
  return { response, browser: new Browser().store(response), body }
}

export async function login(app: FastifyInstance, identifier: string, password: string, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { identifier, password }, headers: { origin: ORIGIN, ...headers } })
  return { response, browser: new Browser().store(response) }
}

export async function refresh(app: FastifyInstance, browser: Browser) {
  const response = await app.inject({ method: 'POST', url: '/auth/refresh', headers: browser.headers() })
  return response
}
