/**
 * `pnpm measure:hash`: how long one argon2id hash takes here with the
 * parameters in force (from the environment, as the service would use them).
 * A tuning aid, not a test: OWASP suggests the cost be as high as the login
 * latency budget allows. Usage: measure-hash [runs=15]
 */
import { ConfigError } from '@proddash/config'
import { PasswordHasher } from '../lib/passwords.js'
import { loadAuthConfig } from '../config.js'

try {
  // Only the hashing knobs matter; a throwaway key satisfies validation of the rest.
  const config = loadAuthConfig({ AUTH_KEY_ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXY=', ...process.env })
  const runs = Math.max(3, Number(process.argv[2] ?? 15) || 15)
  const hasher = new PasswordHasher({ memoryKiB: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST, parallelism: config.ARGON2_PARALLELISM })
  await hasher.hash('warm-up password, not timed')
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint()
    await hasher.hash(`correct horse battery staple ${i}`)
    times.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]!
  console.log(
    `argon2id m=${config.ARGON2_MEMORY_KIB} KiB t=${config.ARGON2_TIME_COST} p=${config.ARGON2_PARALLELISM}: ` +
      `median ${median.toFixed(1)} ms over ${runs} hashes (min ${times[0]!.toFixed(1)}, max ${times[times.length - 1]!.toFixed(1)})`,
  )
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
}
