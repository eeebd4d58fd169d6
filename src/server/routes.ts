import Router from 'find-my-way'

import { type Handler, requestUrl } from '../lib/request'
import type { SitePages } from '../public'
import { SITE_STYLESHEET } from '../ui'
import { problem } from './send'

// Everything Relato's server answers itself, in one table: method, path pattern, handler.
// server.ts and the tests' HTTP server (tests/helpers/http.ts) both build their dispatch from it;
// what no route claims goes on to Next (admin, Payload's REST and GraphQL, static files).

export type { Handler }
type Method = Router.HTTPMethod
export type Route = { methods: readonly Method[] | 'ANY'; path: string; handler: Handler }

/** The handlers the table routes to (built by ownHandlers() in handlers.ts). */
export type Handlers = {
  publicApi: Handler
  embed: Handler
  selfService: Handler
  kit: Handler
  /** Know-your-rights cards as PDF (src/resources/printHttp.ts). */
  print: Handler
  site: SitePages
  /** Runs before every route and before Next: the emergency stop (src/server/stop.ts). */
  guard?: Handler
}

const GET = ['GET'] as const
/** The handler knows each method's answer itself (OPTIONS, 405 with its own Allow, POST forms). */
const ANY = 'ANY'

/** The first handler that answers; a kit or my-story address none of them knows is the public API's 404. */
const firstOf =
  (...handlers: Handler[]): Handler =>
  async (req, res) => {
    for (const handler of handlers) if (await handler(req, res)) return true
    return false
  }

/** The table. Adding a route is one line here (a site page: `{ methods: GET, path: '/gallery', handler: h.site }`). */
export function routeTable(h: Handlers): Route[] {
  const kit = firstOf(h.kit, h.publicApi)
  const selfService = firstOf(h.selfService, h.publicApi)
  return [
    // Public API, feeds and oEmbed (src/public/http.ts).
    { methods: ANY, path: '/api/public/*', handler: h.publicApi },
    // A know-your-rights card to print (src/resources/printHttp.ts).
    { methods: GET, path: '/api/public/resources/:id/print.pdf', handler: h.print },
    // Social-media kits (src/kits/http.ts).
    { methods: ANY, path: '/api/public/campaigns/:slug/kit', handler: kit },
    { methods: ANY, path: '/api/public/campaigns/:slug/kit.zip', handler: kit },
    { methods: ANY, path: '/api/public/campaigns/:slug/kit/files/:file', handler: kit },
    // Storytellers without an account (src/selfservice/http.ts).
    { methods: ANY, path: '/api/public/submissions', handler: selfService },
    { methods: ANY, path: '/api/public/my-story/*', handler: selfService },
    { methods: ANY, path: '/submit', handler: h.selfService },
    { methods: ANY, path: '/my-story/', handler: h.selfService },
    { methods: ANY, path: '/my-story/:token', handler: h.selfService },
    { methods: GET, path: '/self-service.css', handler: h.selfService },
    // The public site (src/public/pages): pages from the read model; deeper paths are its 404s.
    { methods: GET, path: '/', handler: h.site.home },
    { methods: GET, path: '/gallery', handler: h.site.gallery },
    { methods: GET, path: '/stories/:id', handler: h.site.story },
    { methods: GET, path: '/artworks/:id', handler: h.site.artwork },
    { methods: GET, path: '/campaigns/:slug', handler: h.site.campaign },
    { methods: GET, path: '/resources', handler: h.site.resources },
    { methods: GET, path: SITE_STYLESHEET.href, handler: h.site.stylesheet },
    ...['/stories', '/artworks', '/campaigns', '/assets']
      .flatMap((path) => [path, `${path}/*`])
      .map((path) => ({ methods: GET, path, handler: h.site.notFound })),
    { methods: GET, path: '/gallery/*', handler: h.site.notFound },
    { methods: GET, path: '/resources/*', handler: h.site.notFound },
    // Embed iframes (src/public/embedPages.ts); /embed.js is a static file, Next's.
    { methods: GET, path: '/embed/:campaign', handler: h.embed },
    { methods: GET, path: '/embed/stories/:id', handler: h.embed },
    { methods: GET, path: '/embed/artworks/:id', handler: h.embed },
  ]
}

const ALL_METHODS: Method[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * One dispatch for the table. A HEAD is routed as its GET (send() leaves the body out); a path
 * the table knows asked with a method it does not is a 405 with Allow; an address that is no
 * address at all is a 400 before any route; `guard` (the emergency stop) answers before the
 * routes and before Next. Returns false for what the table does not claim.
 */
export function createDispatch(routes: Route[], guard?: Handler): Handler {
  const router = Router({ ignoreTrailingSlash: true, caseSensitive: true })
  for (const { methods, path, handler } of routes) {
    const list =
      methods === ANY
        ? ALL_METHODS
        : methods.includes('GET') && !methods.includes('HEAD')
          ? [...methods, 'HEAD' as const]
          : [...methods]
    router.on(list, path, () => undefined, { handler, allow: list.join(', ') })
  }
  return async function dispatch(req, res) {
    const url = requestUrl(req)
    if (!url) {
      problem(res, 400, 'invalid_path', 'The request target is not a valid address.')
      return true
    }
    if (guard && (await guard(req, res))) return true
    // Matched on the path as sent: every `%` kept literal, so a badly encoded segment still
    // reaches its handler, which answers it as it always has (400 on the API, 404 pages).
    const path = url.pathname.replaceAll('%', '%25')
    const found = router.find((req.method ?? 'GET') as Method, path)
    if (found) return (found.store as { handler: Handler }).handler(req, res, found.params)
    const known = router.find('GET', path) ?? router.find('POST', path)
    if (!known) return false
    const { allow } = known.store as { allow: string }
    problem(res, 405, 'method_not_allowed', `Use ${allow.replace(', HEAD', '')}.`, { Allow: allow })
    return true
  }
}

/** The dispatch server.ts and the tests' server use: the table over these handlers, behind their guard. */
export const dispatchFor = (handlers: Handlers): Handler =>
  createDispatch(routeTable(handlers), handlers.guard)
