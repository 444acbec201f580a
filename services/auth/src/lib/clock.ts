/**
 * The service's notion of "now". Every expiry decision (sessions, grace
 * windows, key retirement, token iat/exp) reads it, so tests can move time
 * forward instead of sleeping.
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000)
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000)
