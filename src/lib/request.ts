import type { IncomingMessage, ServerResponse } from 'node:http'

// One way to read a request's address for every route Relato's server answers itself
// (public API, embeds, kits, self-service): whatever a client sends, these never throw.

/**
 * A handler of Relato's own server (src/server/routes.ts): answers the request, or returns false
 * to let it go on (to Next). `params`: the route's named segments, as sent (still percent-encoded).
 */
export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params?: Record<string, string | undefined>,
) => boolean | Promise<boolean>

const BASE = 'http://relato.invalid'

/**
 * The request's path and query. The Host header is never used, and a path starting with `//`
 * stays a path (a URL parser would read it as a host). Null when the target is not an address
 * at all: the caller answers 400.
 */
export function requestUrl(req: Pick<IncomingMessage, 'url'>): URL | null {
  const raw = req.url ?? '/'
  try {
    if (raw.startsWith('/')) return new URL(BASE + raw)
    // The absolute form (`GET http://host/path`), which proxies may send: only its path counts.
    const absolute = new URL(raw)
    return new URL(BASE + absolute.pathname + absolute.search)
  } catch {
    return null
  }
}

/** A path segment decoded, or null when it is not valid percent-encoded UTF-8 (`%E0`, `%zz`). */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}
