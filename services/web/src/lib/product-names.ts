// Sales carry only a productId; this resolves names once per id and caches
// them for the page (archived products included, since old sales keep them).
// The cache lives in the component, so nothing outlives a sign-out.
import { useCallback, useEffect, useRef, useState } from 'react'
import { getProduct } from '../api/shop.js'

export function useProductNames(ids: readonly string[]): { names: Map<string, string>; remember: (id: string, name: string) => void } {
  const cache = useRef(new Map<string, string>())
  const requested = useRef(new Set<string>())
  const [, setVersion] = useState(0)
  const key = [...new Set(ids)].sort().join(',')

  useEffect(() => {
    const missing = key ? key.split(',').filter((id) => !cache.current.has(id) && !requested.current.has(id)) : []
    for (const id of missing) {
      requested.current.add(id)
      getProduct(id).then(
        ({ product }) => cache.current.set(id, product.name),
        () => {
          // Allow a later attempt; show a neutral label meanwhile.
          requested.current.delete(id)
        },
      ).finally(() => setVersion((v) => v + 1))
    }
  }, [key])

  const remember = useCallback((id: string, name: string) => {
    cache.current.set(id, name)
  }, [])
  return { names: cache.current, remember }
}
