/**
 * loadConfig: a pure function from an environment to a typed, frozen config.
 * It wraps envalid's cleanEnv but throws a ConfigError (naming every bad
 * variable) instead of exiting, so tests can assert on it and server.ts
 * decides how to die.
 */
import { cleanEnv, type CleanedEnv } from 'envalid'
import { ConfigError } from './errors.js'

// envalid's own spec types; re-exported so services need not import envalid.
type Validators = Parameters<typeof cleanEnv>[1]

export function loadConfig<S extends Validators>(
  specs: S,
  env: Record<string, string | undefined> = process.env,
): CleanedEnv<S> {
  // envalid treats "" as a value; an empty variable in a .env file means "unset".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  // envalid applies devDefault only when NODE_ENV is set; unset means development.
  present.NODE_ENV ??= 'development'
  return cleanEnv(present, specs, {
    reporter: ({ errors }) => {
      const problems: Record<string, string> = {}
      for (const [name, error] of Object.entries(errors) as [string, Error | undefined][]) {
        if (!error) continue
        problems[name] =
          error.name === 'EnvMissingError'
            ? env.NODE_ENV === 'production'
              ? 'is required in production (no default for secrets)'
              : 'is required'
            : error.message
      }
      if (Object.keys(problems).length > 0) throw new ConfigError(problems)
    },
  }) as CleanedEnv<S>
}
