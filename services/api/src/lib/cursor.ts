/**
 * Opaque keyset-pagination cursors: base64url of the sort key of the last
 * item of a page, `[timestamp ms, id]`. Clients must not build them; a cursor
 * that does not decode to that shape is a 400, never a 500.
 */
import { InvalidCursorError } from '../errors.js'
import { isSupportedInstant } from './instants.js'

export interface KeysetPosition {
  at: Date
  id: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at.getTime(), position.id])).toString('base64url')
}

export function decodeCursor(cursor: string): KeysetPosition {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new InvalidCursorError()
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !Number.isSafeInteger(parsed[0]) ||
    typeof parsed[1] !== 'string' ||
    !UUID.test(parsed[1])
  ) {
    throw new InvalidCursorError()
  }
  // A forged timestamp PostgreSQL cannot represent must be a 400, not a query error.
  if (!isSupportedInstant(parsed[0] as number)) throw new InvalidCursorError()
  const at = new Date(parsed[0] as number)
  return { at, id: parsed[1] }
}
