import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

import type { Locale } from '../../lib/locales'
import { decodeSegment, requestUrl } from '../../lib/request'
import type { SubjectKind } from '../../policy'
import { requestLocale, SITE_STYLESHEET } from '../../ui'
import { type Cached, send } from '../http'
import type { PublicReadModel } from '../readModel'
import { campaignPage } from './campaign'
import { galleryPage, galleryPageOf } from './gallery'
import { homePage } from './home'
import { itemPage } from './item'
import { notFoundPage } from './notFound'
import type { SitePage } from './page'

// The public site (`/`, `/gallery`, `/stories/:id`, `/artworks/:id`, `/campaigns/:slug`) and its
// stylesheet, answered by Relato's server from the read model, as the public API is: each page is
// rendered once per version of the model and kept as bytes with a strong ETag. A change to the
// model (a withdrawal above all) drops them all before the changing request returns.

export type SiteParams = Record<string, string>
export type SiteRouteHandler = (req: IncomingMessage, res: ServerResponse, params: SiteParams) => void
type Route = { path: string; handler: SiteRouteHandler }

/** Pages kept at most; past it the cache starts again (a crawler walking every gallery page). */
const MAX_CACHED = 5_000

const cspFor = (page: SitePage, imageOrigin: string) =>
  [
    "default-src 'none'",
    `style-src 'self'${page.inlineStyle ? ` 'sha256-${createHash('sha256').update(page.inlineStyle).digest('base64')}'` : ''}`,
    `img-src 'self' ${imageOrigin}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')

function bytesOf(page: SitePage, imageOrigin: string): Cached & { headers: Record<string, string> } {
  const body = Buffer.from(page.html)
  return {
    status: page.status,
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    type: 'text/html; charset=utf-8',
    headers: {
      'Content-Language': page.lang,
      'Content-Security-Policy': cspFor(page, imageOrigin),
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      // The language can come from Accept-Language.
      Vary: 'Accept-Encoding, Accept-Language',
    },
  }
}

/** Matches `/a/:name/*`-style paths; a trailing slash is ignored. Returns the named segments, decoded. */
function match(routes: Route[], pathname: string): { route: Route; params: SiteParams } | null {
  const segments = pathname === '/' ? [] : pathname.replace(/\/$/, '').split('/').slice(1)
  for (const route of routes) {
    const pattern = route.path === '/' ? [] : route.path.split('/').slice(1)
    const rest = pattern.at(-1) === '*'
    // `/a/*` matches `/a` and everything below it.
    if (rest ? segments.length < pattern.length - 1 : segments.length !== pattern.length) continue
    const params: SiteParams = {}
    const fits = pattern.every((part, index) => {
      if (part === '*') return true
      if (!part.startsWith(':')) return part === segments[index]
      // A segment that is not valid percent-encoding names nothing: it matches, and shows nothing.
      params[part.slice(1)] = decodeSegment(segments[index]) ?? '\u0000'
      return segments[index] !== ''
    })
    if (fits) return { route, params }
  }
  return null
}

export type SiteHandlerOptions = {
  /** Awaited before answering: lets the model catch up with other processes' changes. */
  beforeAnswer?: () => Promise<void>
}

/** Answers the site pages and their stylesheet; returns false for any other path. */
export function createSiteHandler(model: PublicReadModel, { beforeAnswer }: SiteHandlerOptions = {}) {
  const cache = new Map<string, Cached & { headers: Record<string, string> }>()
  model.onChange(() => cache.clear())

  /** Sends the page `render` makes (or the not-found page when it makes none), from the cache when it can. */
  function page(req: IncomingMessage, res: ServerResponse, key: string, render: (lang: Locale) => SitePage | null): void {
    const url = requestUrl(req)!
    const lang = requestLocale(req, url)
    model.expire()
    const found = `${key} ${lang}`
    let cached = cache.get(found)
    if (!cached) {
      const rendered = render(lang)
      // Every page that shows nothing shares one entry per language: unknown ids fill no cache.
      const cacheKey = rendered ? found : `404 ${lang}`
      cached = cache.get(cacheKey) ?? bytesOf(rendered ?? notFoundPage(lang), new URL(model.baseUrl).origin)
      if (cache.size >= MAX_CACHED) cache.clear()
      cache.set(cacheKey, cached)
    }
    send(req, res, cached, cached.headers)
  }

  // One object for the life of the handler: send() keeps its compressed copies on it.
  const stylesheet: Cached = { status: 200, body: SITE_STYLESHEET.body, etag: SITE_STYLESHEET.etag, type: SITE_STYLESHEET.type, gzip: SITE_STYLESHEET.gzip }
  const item = (kind: SubjectKind): SiteRouteHandler => (req, res, { id }) => page(req, res, `${kind}/${id}`, (lang) => itemPage(model, kind, id, lang))
  const notFound: SiteRouteHandler = (req, res) => page(req, res, '404', () => null)

  /** Every path the site answers, in one place. Deeper paths under the site's own prefixes are its 404s. */
  const routes: Route[] = [
    { path: '/', handler: (req, res) => page(req, res, 'home', (lang) => homePage(model, lang)) },
    {
      path: '/gallery',
      handler: (req, res) => {
        const number = galleryPageOf(requestUrl(req)!.searchParams.get('page'))
        page(req, res, `gallery/${number}`, (lang) => galleryPage(model, lang, number))
      },
    },
    { path: '/stories/:id', handler: item('stories') },
    { path: '/artworks/:id', handler: item('artworks') },
    { path: '/campaigns/:slug', handler: (req, res, { slug }) => page(req, res, `campaigns/${slug}`, (lang) => campaignPage(model, slug, lang)) },
    { path: SITE_STYLESHEET.href, handler: (req, res) => send(req, res, stylesheet, { 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff', Vary: 'Accept-Encoding' }) },
    ...['/gallery/*', '/stories/*', '/artworks/*', '/campaigns/*', '/assets/*'].map((path) => ({ path, handler: notFound })),
  ]

  return async function handleSite(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = requestUrl(req)
    const found = url && match(routes, url.pathname)
    if (!found) return false
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
      res.end(JSON.stringify({ error: { code: 'method_not_allowed', message: 'Only GET is available here.' } }))
      return true
    }
    await beforeAnswer?.()
    found.route.handler(req, res, found.params)
    return true
  }
}
