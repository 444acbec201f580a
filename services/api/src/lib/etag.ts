/**
 * ETags for products, derived from the row's `version` (bumped on every
 * write), so they need no hashing and change exactly when the stored product
 * changes.
 *
 * They are weak (`W/"7"`): the same version may be sent with different bytes
 * (compression by Caddy, a future field). RFC 9110 asks If-Match to compare
 * strongly, under which a weak tag never matches; here the tag names a stored
 * version rather than bytes, so we compare the opaque part (weak comparison)
 * on purpose — that is what makes the GET → PATCH If-Match round trip work,
 * including when a proxy weakened a tag on the way.
 */

export function productEtag(version: number): string {
  return `W/"${version}"`
}

/** Opaque tags listed in an If-Match / If-None-Match header; `*` kept as is. */
function parseTags(header: string): string[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => (part.startsWith('W/') ? part.slice(2) : part))
}

/** True when the header names the current version (or is `*`, which any existing product matches). */
export function etagMatches(header: string, version: number): boolean {
  const current = `"${version}"`
  return parseTags(header).some((tag) => tag === '*' || tag === current)
}
