import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

import { isLocale, type Locale } from '../lib/locales'
import { apiKeyFrom, hashApiKey } from '../lib/apiKeys'
import { escapeHtml } from '../lib/html'
import { decodeSegment, requestUrl } from '../lib/request'
import { isSlug } from '../lib/slug'
import { OEMBED_SURFACE } from '../policy/scopes'
import { problemBody, send as sendBytes, sendPrepared } from '../server/send'
import { campaignKey, GALLERY_KEY, itemKey, RESOURCES_KEY, resourceKey, surrogateKey } from './keys'
import { canonicalLanguageTag } from '../lib/languageTags'
import { localeFor } from '../lib/locales'
import { isResourceKind, RESOURCE_KINDS } from '../policy/resources'
import type { PublicResource } from './resources'
import { ByteLru } from './lru'
import type { PartnerEntry, PublicReadModel, ServedSurface } from './readModel'
import type { CampaignPublic, FeedAttachment, GalleryItem } from './types'

// The public API (DESIGN.md, "Public API contract"), answered from the read model's memory.
// Responses are built once per version of the model and kept as bytes with their ETag.

export const PUBLIC_PREFIX = '/api/public/'
const MAX_LIMIT = 50
const COMPRESS_FROM = 1024
/** On every public API answer: any page may read it, and no browser may guess its type. */
const API_HEADERS: Record<string, string> = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'X-Content-Type-Options': 'nosniff',
}) as Record<string, string>
/** Answers kept as bytes per version of the model: every address a crawler tries must not stay. */
export const ANSWER_CACHE_BYTES = 32 * 2 ** 20

/** `keys`: the Surrogate-Key of what the answer shows (src/public/keys.ts), so a change purges it from caches. */
export type Cached = {
  status: number
  body: Buffer
  etag: string
  type: string
  keys: string
  gzip?: Buffer
  br?: Buffer
}
type Problem = { status: number; code: string; message: string; keys?: string[] }
type Found = { body: unknown; type?: string; keys: string[] }

const problem = (status: number, code: string, message: string): Problem => ({
  status,
  code,
  message,
})
const NOT_FOUND = problem(404, 'not_found', 'Nothing public is at this address.')
/** A 404 is cached too: it names what would be here, so that its publication purges the 404. */
const notFound = (...keys: string[]): Problem => ({
  ...NOT_FOUND,
  keys: keys.length ? keys : [GALLERY_KEY],
})

class BadRequest extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

function integer(
  params: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = params.get(name)
  if (raw === null || raw === '') return fallback
  if (!/^\d+$/.test(raw)) throw new BadRequest(`invalid_${name}`, `${name} must be a whole number.`)
  const value = Number(raw)
  if (value < min || value > max)
    throw new BadRequest(`invalid_${name}`, `${name} must be between ${min} and ${max}.`)
  return value
}

function locale(params: URLSearchParams): Locale {
  const raw = params.get('lang')
  if (raw === null || raw === '') return 'en'
  if (!isLocale(raw)) throw new BadRequest('invalid_lang', 'lang must be en or es.')
  return raw
}

type HandlerOptions = {
  /** Awaited before answering: lets the model catch up with other processes' changes. */
  beforeAnswer?: () => Promise<void>
}

/** Who is asking: anonymous visitors read the site; partner keys and embeds read `embed`. */
type Viewer = { surface: ServedSurface; partner?: PartnerEntry }

export function createPublicHandler(model: PublicReadModel, { beforeAnswer }: HandlerOptions = {}) {
  const cache = new ByteLru<string, Cached>(ANSWER_CACHE_BYTES)
  model.onChange(() => cache.clear())

  function viewerOf(req: IncomingMessage, params: URLSearchParams): Viewer | Problem {
    const key = apiKeyFrom(req.headers)
    if (key) {
      const partner = model.partnerByKeyHash(hashApiKey(key))
      return partner
        ? { surface: 'embed', partner }
        : problem(401, 'invalid_key', 'This API key is not valid.')
    }
    const surface = params.get('surface')
    if (surface !== null && surface !== 'site' && surface !== 'embed')
      throw new BadRequest('invalid_surface', 'surface must be site or embed.')
    // Anyone may ask for the embed surface: it shows less, never more.
    return { surface: surface === 'embed' ? 'embed' : 'site' }
  }

  function partnerMayRead(
    partner: PartnerEntry,
    [head, id]: string[],
    params: URLSearchParams,
  ): boolean {
    if (head === 'campaigns') return partner.campaigns.includes(id)
    if (head === 'gallery') {
      const campaign = params.get('campaign')
      if (!campaign)
        throw new BadRequest('campaign_required', 'With a partner key, name one of your campaigns.')
      return partner.campaigns.includes(campaign)
    }
    if (head === 'stories' || head === 'artworks')
      return model.campaignsOf(head, id).some((slug) => partner.campaigns.includes(slug))
    return true
  }

  function answer(req: IncomingMessage, url: URL): Cached {
    const params = url.searchParams
    const path = url.pathname.slice(PUBLIC_PREFIX.length).replace(/\/$/, '')
    const segments = path.split('/').map(decodeSegment)
    try {
      if (segments.some((segment) => segment === null))
        throw new BadRequest('invalid_path', 'The address is not valid percent-encoded UTF-8.')
      const viewer = viewerOf(req, params)
      if ('code' in viewer) return errorBytes(viewer)
      // A partner's key reads only the campaigns it may embed, and the items in them.
      if (viewer.partner && !partnerMayRead(viewer.partner, segments as string[], params))
        return errorBytes(notFound())
      const result = route(viewer.surface, segments as string[], params)
      if ('status' in result && 'code' in result) return errorBytes(result)
      return bytes(200, result.body, result.type, result.keys)
    } catch (error) {
      if (error instanceof BadRequest) return errorBytes(problem(400, error.code, error.message))
      throw error
    }
  }

  function route(
    surface: ServedSurface,
    segments: string[],
    params: URLSearchParams,
  ): Problem | Found {
    const [head, id, tail, ...rest] = segments
    if (rest.length) return notFound()
    if (head === 'gallery' && !id) {
      const kind = params.get('kind')
      if (kind !== null && kind !== 'story' && kind !== 'artwork')
        throw new BadRequest('invalid_kind', 'kind must be story or artwork.')
      const campaign = params.get('campaign') || undefined
      if (campaign !== undefined && !isSlug(campaign))
        throw new BadRequest('invalid_campaign', 'campaign must be a campaign slug.')
      const page = integer(params, 'page', 1, 1, 100_000)
      const limit = integer(params, 'limit', 20, 1, MAX_LIMIT)
      const result = model.gallery({
        surface,
        locale: locale(params),
        campaign,
        kind: kind ?? undefined,
        page,
        limit,
      })
      const listKeys = [GALLERY_KEY, ...(campaign ? [campaignKey(campaign)] : [])]
      if (!result) return notFound(...listKeys)
      return {
        body: {
          items: result.items,
          page,
          limit,
          totalPages: Math.ceil(result.totalItems / limit),
          totalItems: result.totalItems,
        },
        keys: [...listKeys, ...result.items.map(itemKey)],
      }
    }
    if ((head === 'stories' || head === 'artworks') && id && !tail) {
      const item = model.item(surface, head, id, locale(params))
      return item ? { body: item, keys: [`${head}/${id}`] } : notFound(`${head}/${id}`)
    }
    if (head === 'campaigns' && id && isSlug(id)) {
      const campaign = model.campaign(surface, id, locale(params))
      if (!campaign) return notFound(campaignKey(id))
      const keys = [campaignKey(id), ...campaign.featured.map(itemKey)]
      if (!tail) return { body: campaign, keys }
      if (tail === 'feed.json') {
        const items =
          model.gallery({ surface, locale: locale(params), campaign: id, page: 1, limit: 100 })
            ?.items ?? []
        // Then the campaign's resources: what to do and whom to call.
        const help = model.resourceList({ locale: locale(params), campaign: id }) ?? []
        return {
          body: jsonFeed(campaign, items, help, (item) => model.feedAttachments(surface, item)),
          type: 'application/feed+json; charset=utf-8',
          keys: [
            GALLERY_KEY,
            RESOURCES_KEY,
            ...keys,
            ...items.map(itemKey),
            ...help.map((resource) => resourceKey(resource.id)),
          ],
        }
      }
      return notFound(campaignKey(id))
    }
    if (head === 'resources') return resources(id, tail, params)
    if (head === 'oembed' && !id) return oembed(OEMBED_SURFACE, params)
    return notFound()
  }

  /** `lang` for resources: any BCP 47 tag; the text comes in the closest interface language. */
  function readerLanguage(params: URLSearchParams): { locale: Locale; reader: string } {
    const raw = params.get('lang')
    if (raw === null || raw === '') return { locale: 'en', reader: 'en' }
    const tag = canonicalLanguageTag(raw)
    if (!tag)
      throw new BadRequest(
        'invalid_lang',
        'lang must be a language tag (BCP 47), such as es or zap.',
      )
    return { locale: localeFor(tag), reader: tag }
  }

  /** Resources (issue 16): the organisation's own content, the same on every surface. */
  function resources(
    id: string | undefined,
    tail: string | undefined,
    params: URLSearchParams,
  ): Problem | Found {
    const { locale, reader } = readerLanguage(params)
    if (id) {
      if (tail) return notFound(resourceKey(id))
      const resource = model.resource(id, locale, reader)
      return resource
        ? { body: resource, keys: [RESOURCES_KEY, resourceKey(id)] }
        : notFound(RESOURCES_KEY, resourceKey(id))
    }
    const kind = params.get('kind') || undefined
    if (kind !== undefined && !isResourceKind(kind))
      throw new BadRequest('invalid_kind', `kind must be one of ${RESOURCE_KINDS.join(', ')}.`)
    const campaign = params.get('campaign') || undefined
    if (campaign !== undefined && !isSlug(campaign))
      throw new BadRequest('invalid_campaign', 'campaign must be a campaign slug.')
    const page = integer(params, 'page', 1, 1, 100_000)
    const limit = integer(params, 'limit', 20, 1, MAX_LIMIT)
    const keys = [RESOURCES_KEY, ...(campaign ? [campaignKey(campaign)] : [])]
    const list = model.resourceList({ locale, reader, kind, campaign })
    if (!list) return notFound(...keys)
    const items: PublicResource[] = list.slice((page - 1) * limit, page * limit)
    return {
      body: {
        items,
        page,
        limit,
        totalPages: Math.ceil(list.length / limit),
        totalItems: list.length,
      },
      keys: [...keys, ...items.map((item) => resourceKey(item.id))],
    }
  }

  function oembed(surface: ServedSurface, params: URLSearchParams): Problem | Found {
    const format = params.get('format')
    // oEmbed suggests 501 here; a client's choice is not our fault, and no input may get a 5xx.
    if (format !== null && format !== '' && format !== 'json')
      throw new BadRequest('unsupported_format', 'Only the json format is available.')
    const raw = params.get('url')
    if (!raw) throw new BadRequest('missing_url', 'url is required.')
    let target: URL
    try {
      target = new URL(raw)
    } catch {
      throw new BadRequest('invalid_url', 'url must be an absolute address.')
    }
    if (target.origin !== new URL(model.baseUrl).origin) return notFound()
    const maxwidth = integer(params, 'maxwidth', 640, 200, 4000)
    const maxheight = integer(params, 'maxheight', 480, 150, 4000)
    const lang = locale(params)
    const item = model.itemByPath(surface, target.pathname, lang)
    // Not (yet) public: any publication purges `gallery`, and with it this 404.
    if (!item) return notFound()
    const width = Math.min(maxwidth, 640)
    const height = Math.min(maxheight, 480)
    // A recording stays `rich` and says nothing of itself here: no file URL, length or
    // transcript. Consumers keep oEmbed answers long after `cache_age`; the iframe page below
    // is ours and plays the recording only while it is public (`voice` consent), so a
    // withdrawal silences every copy of this answer at once.
    const src = `${model.baseUrl}/embed/${item.kind === 'story' ? 'stories' : 'artworks'}/${encodeURIComponent(item.id)}?lang=${lang}`
    const html = `<iframe src="${escapeHtml(src)}" width="${width}" height="${height}" title="${escapeHtml(item.title)}" loading="lazy" style="border:0" referrerpolicy="no-referrer"></iframe>`
    return {
      keys: [itemKey(item)],
      body: {
        version: '1.0',
        type: 'rich',
        provider_name: 'Relato',
        provider_url: model.baseUrl,
        title: item.title,
        author_name: item.attribution,
        html,
        width,
        height,
        cache_age: 30,
        ...(item.image
          ? {
              thumbnail_url: item.image.srcset[0]?.url ?? item.image.url,
              thumbnail_width: item.image.srcset[0]?.width ?? item.image.width,
              thumbnail_height: Math.round(
                ((item.image.srcset[0]?.width ?? item.image.width) * item.image.height) /
                  item.image.width,
              ),
            }
          : {}),
      },
    }
  }

  /** The answer from the cache, or made and kept; other processes' changes are followed first. */
  async function cachedAnswer(req: IncomingMessage, url: URL): Promise<Cached> {
    await beforeAnswer?.()
    model.expire()
    const key = apiKeyFrom(req.headers)
    const cacheKey = `${key ? hashApiKey(key) : '-'} ${url.pathname}?${[...url.searchParams]
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join('&')}`
    let cached = cache.get(cacheKey)
    if (!cached) {
      cached = answer(req, url)
      // The body, its compressed forms (made on demand, smaller) and the key, roughly.
      cache.set(cacheKey, cached, 2 * cached.body.length + cacheKey.length + 256)
    }
    return cached
  }

  /** Answers a request under /api/public/; returns false for any other path. */
  return async function handlePublic(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    // An address that cannot be parsed at all is refused by the server before any handler.
    const url = requestUrl(req)
    if (!url?.pathname.startsWith(PUBLIC_PREFIX)) return false
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...API_HEADERS,
        'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, If-None-Match',
        'Access-Control-Max-Age': '600',
      })
      res.end()
      return true
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendCached(
        req,
        res,
        errorBytes(problem(405, 'method_not_allowed', 'Only GET is available here.')),
        { ...API_HEADERS, Allow: 'GET, HEAD, OPTIONS' },
      )
      return true
    }
    let cached: Cached
    try {
      cached = await cachedAnswer(req, url)
    } catch (error) {
      // The server's error answer (a 503 while the database is busy) stays readable to partners.
      for (const [name, value] of Object.entries(API_HEADERS)) res.setHeader(name, value)
      throw error
    }
    sendCached(req, res, cached, API_HEADERS)
    return true
  }
}

function bytes(
  status: number,
  value: unknown,
  type = 'application/json; charset=utf-8',
  keys: string[] = [],
): Cached {
  const body = Buffer.from(JSON.stringify(value))
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  return { status, body, etag, type, keys: surrogateKey(keys) }
}

const errorBytes = ({ status, code, message, keys }: Problem) =>
  bytes(status, problemBody(code, message), undefined, keys)

type Extra = Record<string, string>
const NO_EXTRA: Extra = Object.freeze({}) as Extra

function headersFor(cached: Cached, extra: Extra, personal: boolean): Record<string, string> {
  return {
    'Content-Type': cached.type,
    ETag: cached.etag,
    Vary: 'Accept-Encoding, Authorization, X-Relato-Key',
    // Short, so that a withdrawal is not held for long in anyone's cache.
    'Cache-Control':
      cached.status === 200 || cached.status === 404 ? 'public, max-age=30' : 'no-store',
    ...(cached.keys ? { 'Surrogate-Key': cached.keys } : {}),
    // Answers to partner keys differ per key.
    ...(personal ? { 'Cache-Control': 'private, max-age=30' } : {}),
    ...extra,
  }
}

/** The body to send, compressed as the client accepts (made once, kept on the answer). */
function encoded(cached: Cached, accepts: string): ['br' | 'gzip' | '', Buffer] {
  if (cached.body.length < COMPRESS_FROM) return ['', cached.body]
  if (/\bbr\b/.test(accepts)) {
    cached.br ??= brotliCompressSync(cached.body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5 },
    })
    return ['br', cached.br]
  }
  if (/\bgzip\b/.test(accepts)) return ['gzip', (cached.gzip ??= gzipSync(cached.body))]
  return ['', cached.body]
}

/**
 * Header lists built once per answer, `extra` object, encoding and privacy, then reused by every
 * request that gets the same: a popular page's requests differ in nothing else, and building and
 * checking a dozen headers was a large part of each one's cost. A new `extra` object (a PDF's
 * file name) simply misses, and its lists go with it.
 */
const prepared = new WeakMap<Cached, WeakMap<Extra, Map<string, string[]>>>()

function preparedHeaders(
  cached: Cached,
  extra: Extra,
  personal: boolean,
  encoding: string,
  body: Buffer,
): string[] {
  let byExtra = prepared.get(cached)
  if (!byExtra) prepared.set(cached, (byExtra = new WeakMap()))
  let lists = byExtra.get(extra)
  if (!lists) byExtra.set(extra, (lists = new Map()))
  const key = `${encoding} ${personal}`
  let list = lists.get(key)
  if (!list) {
    const headers = headersFor(cached, extra, personal)
    if (encoding) headers['Content-Encoding'] = encoding
    headers['Content-Length'] = String(body.length)
    list = Object.entries(headers).flat()
    lists.set(key, list)
  }
  return list
}

/** A cached answer with its ETag (304 when it matches), Surrogate-Key and compression. */
export function sendCached(
  req: IncomingMessage,
  res: ServerResponse,
  cached: Cached,
  extra: Extra = NO_EXTRA,
): void {
  const personal =
    cached.status === 200 && Boolean(req.headers.authorization || req.headers['x-relato-key'])
  if (cached.status === 200 && req.headers['if-none-match'] === cached.etag) {
    sendBytes(res, 304, undefined, headersFor(cached, extra, personal))
    return
  }
  const [encoding, body] = encoded(cached, String(req.headers['accept-encoding'] ?? ''))
  sendPrepared(res, cached.status, body, preparedHeaders(cached, extra, personal, encoding, body))
}

/** A resource's text for a feed reader: summary, card sides, phones, body (all escaped or ours). */
function resourceHtml(resource: PublicResource): string {
  const paragraph = (text: string | null | undefined) => (text ? `<p>${escapeHtml(text)}</p>` : '')
  const phones = resource.phones
    .map((phone) => paragraph([phone.number, phone.hours].filter(Boolean).join(' — ')))
    .join('')
  return [
    paragraph(resource.summary),
    paragraph(resource.card?.doThis),
    paragraph(resource.card?.toAgent),
    phones,
    resource.bodyHtml,
  ].join('')
}

/**
 * JSON Feed 1.1 for a campaign's public items, newest and featured first. An item whose
 * recording is public (`voice` consent, decided by the policy) lists its encodings as attachments.
 */
function jsonFeed(
  campaign: CampaignPublic,
  items: GalleryItem[],
  resources: PublicResource[],
  attachmentsOf: (item: GalleryItem) => FeedAttachment[],
) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: campaign.title,
    home_page_url: campaign.url,
    feed_url: `${campaign.url.replace('/campaigns/', '/api/public/campaigns/')}/feed.json`,
    description: campaign.summary,
    language: campaign.languages[0] ?? 'en',
    items: [
      ...items.map((item) => {
        const attachments = attachmentsOf(item)
        return {
          id: item.url,
          url: item.url,
          title: item.title,
          summary: item.excerpt,
          content_text: item.excerpt,
          ...(item.image ? { image: item.image.url } : {}),
          ...(item.publishedAt ? { date_published: item.publishedAt } : {}),
          authors: [{ name: item.attribution }],
          language: item.language,
          tags: campaign.hashtags,
          ...(attachments.length ? { attachments } : {}),
        }
      }),
      ...resources.map((resource) => ({
        id: resource.pageUrl.replace(/\?[^#]*/, ''),
        url: resource.pageUrl,
        ...(resource.url ? { external_url: resource.url } : {}),
        title: resource.title,
        summary: resource.summary ?? '',
        content_html: resourceHtml(resource),
        ...(resource.publishedAt ? { date_published: resource.publishedAt } : {}),
        language: resource.language,
        tags: [resource.kind, ...resource.themes],
        _relato: { type: 'resource', kind: resource.kind },
      })),
    ],
  }
}
