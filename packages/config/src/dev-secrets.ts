/**
 * Development convenience: a fresh clone must start with no setup, yet a
 * secret must never have a built-in value. So outside production, a secret the
 * environment lacks is generated once, kept in `.data/dev-secrets.json`
 * (git-ignored, mode 0600), and reused on every later start. In production this
 * does nothing and the missing variable stops the service.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface DevSecret {
  name: string
  generate: () => string
}

export const randomBase64Key = (bytes = 32) => () => randomBytes(bytes).toString('base64')

export function withDevSecrets(
  env: Record<string, string | undefined>,
  secrets: DevSecret[],
  file = '.data/dev-secrets.json',
): Record<string, string | undefined> {
  if (env.NODE_ENV === 'production') return env
  const missing = secrets.filter((secret) => !env[secret.name])
  if (missing.length === 0) return env

  let stored: Record<string, string> = {}
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
  } catch {
    // first start: nothing stored yet
  }
  let changed = false
  for (const secret of missing) {
    if (!stored[secret.name]) {
      stored[secret.name] = secret.generate()
      changed = true
    }
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 })
  }
  return { ...env, ...Object.fromEntries(missing.map((secret) => [secret.name, stored[secret.name]])) }
}
