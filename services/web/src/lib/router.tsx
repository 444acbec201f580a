// A tiny history-API router: the location is an external store React reads
// with useSyncExternalStore; <Link> turns plain clicks into pushState.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react'

const NAVIGATE_EVENT = 'proddash:navigate'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATE_EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATE_EVENT, onChange)
  }
}

const snapshot = () => window.location.pathname + window.location.search

export function useLocation(): { pathname: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot)
  const url = new URL(href, window.location.origin)
  return { pathname: url.pathname, search: url.searchParams, href }
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
  if (!options.replace) window.scrollTo(0, 0)
}

/** Only same-origin absolute paths may be a post-sign-in destination (no open redirect). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/')) return '/'
  // Judge the path the way the browser will: the URL parser drops tabs and
  // newlines and reads "\" as "/", so "/<TAB>/evil.example" is really
  // "//evil.example". Returning the normalised form keeps what we checked
  // and what history.replaceState receives the same (a cross-origin URL
  // there throws, leaving the user stuck on the sign-in page).
  const base = 'https://proddash.invalid'
  let url: URL
  try {
    url = new URL(next, base)
  } catch {
    return '/'
  }
  if (url.origin !== base) return '/'
  const path = url.pathname + url.search + url.hash
  if (path.startsWith('//') || path.startsWith('/sign-in') || path.startsWith('/sign-up')) return '/'
  return path
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }

export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  return <a href={to} onClick={handle} {...rest} />
}

export function Redirect({ to }: { to: string }) {
  // Navigating during render would warn; a microtask runs right after commit.
  queueMicrotask(() => navigate(to, { replace: true }))
  return null
}
