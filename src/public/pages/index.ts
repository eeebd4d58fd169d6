import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

import type { Locale } from '../../lib/locales'
import { decodeSegment, type Handler, requestUrl } from '../../lib/request'
import { subjectKey } from '../../lib/subjects'
import type { SubjectKind } from '../../policy'
import { requestLocale, SITE_STYLESHEET } from '../../ui'
import { type Cached, sendCached } from '../http'
import { campaignKey, GALLERY_KEY, RESOURCES_KEY, resourceKey, surrogateKey } from '../keys'
import { ByteLru } from '../lru'
import type { PublicReadModel } from '../readModel'
import { campaignPage } from './campaign'
import { galleryPage, galleryPageOf } from './gallery'
import { homePage } from './home'
import { itemPage } from './item'
import { notFoundPage } from './notFound'
import { resourcesPage } from './resources'
import type { SitePage } from './page'

// The public site (`/`, `/gallery`, `/stories/:id`, `/artworks/:id`, `/campaigns/:slug`) and its
// stylesheet, answered by Relato's server from the read model, as the public API is: each page is
// rendered once per version of the model and kept as bytes with a strong ETag. A change to the
// model (a withdrawal above all) drops them all before the changing request returns.

/** Rendered pages kept, in bytes: a crawler walking every gallery page must not grow it. */
const PAGE_CACHE_BYTES = 32 * 2 ** 20

const cspFor = (page: SitePage, imageOrigin: string) =>
  [
    "default-src 'none'",
    `style-src 'self'${page.inlineStyle ? ` 'sha256-${createHash('sha256').update(page.inlineStyle).digest('base64')}'` : ''}`,
    `img-src 'self' ${imageOrigin}`,
    // Recordings come only from our own /api/recordings/audio/ (the API's absolute URLs).
    `media-src 'self' ${imageOrigin}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')

function bytesOf(
  page: SitePage,
  imageOrigin: string,
  keys: string[],
): Cached & { headers: Record<string, string> } {
  const body = Buffer.from(page.html)
  return {
    status: page.status,
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    type: 'text/html; charset=utf-8',
    keys: surrogateKey(keys),
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

export type SiteHandlerOptions = {
  /** Awaited before answering: lets the model catch up with other processes' changes. */
  beforeAnswer?: () => Promise<void>
}

/** The site's handlers, one per route of the table (src/server/routes.ts). */
export type SitePages = Record<
  'home' | 'gallery' | 'story' | 'artwork' | 'campaign' | 'resources' | 'stylesheet' | 'notFound',
  Handler
>

/** A path segment as sent; one that is not valid percent-encoding names nothing (and shows nothing). */
const segment = (raw: string | undefined) => decodeSegment(raw ?? '') ?? '\u0000'

/** The public site's pages and stylesheet. */
export function createSitePages(
  model: PublicReadModel,
  { beforeAnswer }: SiteHandlerOptions = {},
): SitePages {
  const cache = new ByteLru<string, Cached & { headers: Record<string, string> }>(PAGE_CACHE_BYTES)
  model.onChange(() => cache.clear())

  /**
   * Sends the page `render` makes (or the not-found page when it makes none), from the cache when
   * it can. `keys`: what the page shows, for its Surrogate-Key (a function: read once rendered).
   */
  async function page(
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
    keys: string[] | ((lang: Locale) => string[]),
    render: (lang: Locale) => SitePage | null,
  ) {
    await beforeAnswer?.()
    const url = requestUrl(req)!
    const lang = requestLocale(req, url)
    model.expire()
    const found = `${key} ${lang}`
    let cached = cache.get(found)
    if (!cached) {
      const rendered = render(lang)
      // Every page that shows nothing shares one entry per language: unknown ids fill no cache.
      const cacheKey = rendered ? found : `404 ${lang}`
      cached =
        cache.get(cacheKey) ??
        bytesOf(
          rendered ?? notFoundPage(lang),
          new URL(model.baseUrl).origin,
          rendered ? (typeof keys === 'function' ? keys(lang) : keys) : [GALLERY_KEY],
        )
      // The page, its compressed forms (made on demand, smaller) and the key, roughly.
      cache.set(cacheKey, cached, 2 * cached.body.length + cacheKey.length + 256)
    }
    sendCached(req, res, cached, cached.headers)
    return true
  }

  // One object for the life of the handler: sendCached() keeps its compressed copies on it.
  const stylesheet: Cached = {
    status: 200,
    body: SITE_STYLESHEET.body,
    etag: SITE_STYLESHEET.etag,
    type: SITE_STYLESHEET.type,
    keys: '',
    gzip: SITE_STYLESHEET.gzip,
  }
  const item =
    (kind: SubjectKind): Handler =>
    (req, res, params) => {
      const id = segment(params?.id)
      // A story page carries the help block: a resource's change purges it too.
      const keys = [subjectKey(kind, id), ...(kind === 'stories' ? [RESOURCES_KEY] : [])]
      return page(req, res, subjectKey(kind, id), keys, (lang) => itemPage(model, kind, id, lang))
    }
  return {
    home: (req, res) => page(req, res, 'home', [GALLERY_KEY], (lang) => homePage(model, lang)),
    gallery: (req, res) => {
      const number = galleryPageOf(requestUrl(req)!.searchParams.get('page'))
      return page(req, res, `gallery/${number}`, [GALLERY_KEY], (lang) =>
        galleryPage(model, lang, number),
      )
    },
    story: item('stories'),
    artwork: item('artworks'),
    campaign: (req, res, params) => {
      const slug = segment(params?.slug)
      return page(
        req,
        res,
        campaignKey(slug),
        [campaignKey(slug), GALLERY_KEY, RESOURCES_KEY],
        (lang) => campaignPage(model, slug, lang),
      )
    },
    // Each resource shown by its own key too, as the API's list does.
    resources: (req, res) =>
      page(
        req,
        res,
        RESOURCES_KEY,
        (lang) => [
          RESOURCES_KEY,
          ...(model.resourceList({ locale: lang }) ?? []).map((item) => resourceKey(item.id)),
        ],
        (lang) => resourcesPage(model, lang),
      ),
    stylesheet: (req, res) => {
      sendCached(req, res, stylesheet, {
        'Cache-Control': 'public, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
        Vary: 'Accept-Encoding',
      })
      return true
    },
    notFound: (req, res) => page(req, res, '404', [GALLERY_KEY], () => null),
  }
}
