/** Types for stack.mjs, so TypeScript tests can start the real stack with strict checking. */

export declare const ROOT: string

export interface StackPorts {
  auth: number
  api: number
  /** vite preview / dev server (only without Caddy) */
  web: number
  /** Caddy HTTPS (only with Caddy) */
  https: number
  /** Caddy HTTP → HTTPS redirect (only with Caddy) */
  http: number
}

export declare const DEFAULT_PORTS: Readonly<StackPorts>

export type StackLog = (name: string, line: string) => void

export interface StartStackOptions {
  /** Repository root (default: the one this file is in). */
  root?: string
  /** true: services from source under `node --watch`, Vite dev server, no Caddy. */
  dev?: boolean
  /** true, false, or 'auto' (default): Caddy when installed, not in dev, PRODDASH_NO_CADDY≠1. */
  caddy?: boolean | 'auto'
  /** Run `pnpm -r build` when something is stale (default: !dev). Start several stacks at once? Build once first. */
  build?: boolean
  /** PGlite, dev key and Caddy's CA go here (default: the services' own defaults, Caddy under <root>/.data). */
  dataDir?: string
  /** postgres:// URL for both services; unset = embedded PGlite. The caller's DATABASE_URL is never inherited. */
  databaseUrl?: string
  ports?: Partial<StackPorts>
  /** Secure cookies with __Host-/__Secure- names (default true). */
  cookieSecure?: boolean
  /** Extra variables for both services (e.g. LOG_LEVEL, ARGON2_MEMORY_KIB); topology variables win. */
  env?: Record<string, string>
  /** Child output, one line at a time (default: "name | line" on stdout). */
  log?: StackLog
  /** How long each part may take to answer (default 120 000 ms). */
  readyTimeoutMs?: number
  /** Aborting while starting stops what was launched and rejects. */
  signal?: AbortSignal
}

export interface ChildExit {
  name: string
  code: number | null
  signal: NodeJS.Signals | null
}

export interface Stack {
  /** The one address to open: https://localhost:<https> (Caddy) or http://localhost:<web>. */
  url: string
  /** Caddy's local root certificate, or null without Caddy. */
  caCertPath: string | null
  caddy: boolean
  ports: StackPorts
  /** SIGTERM every child (SIGKILL after 15 s); resolves when all have exited. */
  stop(): Promise<void>
  /** Resolves if a child exits on its own (the others are stopped first). */
  exited: Promise<ChildExit>
}

export declare function startStack(options?: StartStackOptions): Promise<Stack>

/** Runs `pnpm -r build` when a package's dist is missing or older than its sources; true if it built. */
export declare function ensureBuilt(options?: {
  root?: string
  log?: StackLog
  force?: boolean
  signal?: AbortSignal
}): Promise<boolean>

/** Names of the workspace packages whose build output is missing or stale. */
export declare function staleBuilds(root?: string): string[]

/** Where Caddy keeps its local root certificate for a given XDG_DATA_HOME. */
export declare function caddyRootCertPath(caddyDataHome: string): string

/** base64(sha256(SubjectPublicKeyInfo)) of a PEM certificate file. */
export declare function spkiHash(certPath: string): string

/** Value for Chromium's --ignore-certificate-errors-spki-list (use with --user-data-dir). */
export declare function caddySpkiList(caCertPath: string): string

export declare function onPath(command: string): boolean

export declare function readEnvFile(file: string): Record<string, string>
