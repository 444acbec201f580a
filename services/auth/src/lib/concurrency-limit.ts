/**
 * At most N tasks at once; the rest wait their turn in arrival order.
 *
 * Password hashing is the auth service's costly work. @node-rs/argon2 runs
 * it off the event loop, but on libuv's four threads: on a two-core machine
 * twenty logins at once would take every core and leave the event loop (every
 * other request, health checks included) waiting for CPU. Capping hashes in
 * flight to the cores we can spare keeps the service responsive; logins
 * queue instead, which is where the rate limits already expect them.
 */
export class ConcurrencyLimit {
  private running = 0
  private readonly waiting: Array<() => void> = []

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer')
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.running++
    try {
      return await task()
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length
  }
}
