/** Raised when the environment cannot start a service; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError'
  constructor(readonly problems: Record<string, string>) {
    super(
      'Invalid configuration:\n' +
        Object.entries(problems)
          .map(([name, why]) => `  ${name}: ${why}`)
          .join('\n'),
    )
  }
}
