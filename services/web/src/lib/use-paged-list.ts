// A keyset-paginated list: the first page reloads when the inputs change,
// "Load more" appends the page after nextCursor.
import { useCallback, useState } from 'react'
import type { Page } from '../api/types.js'
import { useAsync } from './use-async.js'

export interface PagedList<T> {
  items: T[]
  loading: boolean
  error: unknown
  reload: () => void
  hasMore: boolean
  loadingMore: boolean
  moreError: unknown
  loadMore: () => void
  update: (fn: (items: T[]) => T[]) => void
}

export function usePagedList<T>(fetchPage: (cursor: string | null, signal?: AbortSignal) => Promise<Page<T>>, deps: readonly unknown[]): PagedList<T> {
  const first = useAsync((signal) => fetchPage(null, signal), deps)
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<unknown>(null)
  const { setData } = first
  const page = first.data

  const loadMore = useCallback(() => {
    if (!page?.nextCursor) return
    setLoadingMore(true)
    setMoreError(null)
    fetchPage(page.nextCursor).then(
      (next) => {
        setData((current) => ({ items: [...(current?.items ?? []), ...next.items], nextCursor: next.nextCursor }))
        setLoadingMore(false)
      },
      (error: unknown) => {
        setMoreError(error)
        setLoadingMore(false)
      },
    )
  }, [page, fetchPage, setData])

  const update = useCallback(
    (fn: (items: T[]) => T[]) => setData((current) => ({ items: fn(current?.items ?? []), nextCursor: current?.nextCursor ?? null })),
    [setData],
  )

  return {
    items: page?.items ?? [],
    loading: first.loading,
    error: first.error,
    reload: first.reload,
    hasMore: Boolean(page?.nextCursor),
    loadingMore,
    moreError,
    loadMore,
    update,
  }
}
