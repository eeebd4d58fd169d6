import { createHash } from 'node:crypto'

import { canonicalLanguageTag } from '../lib/languageTags'
import { localeFor } from '../lib/locales'
import { decodeSegment, type Handler, requestUrl } from '../lib/request'
import { type Cached, sendCached } from '../public/http'
import { RESOURCES_KEY, resourceKey, surrogateKey } from '../public/keys'
import { ByteLru } from '../public/lru'
import type { PublicReadModel } from '../public/readModel'
import type { PublicResource } from '../public/resources'
import { problemBody } from '../server/send'
import { type KnowYourRightsCard, PRINT_SIZES, type PrintSize, printPdf } from './print'

// GET /api/public/resources/:id/print.pdf?lang=&size=wallet|letter (issue 16): a public, current
// know-your-rights card as a printable PDF. What is public comes from the read model (which the
// policy fills, src/policy/resources.ts), as for the JSON answer; the PDF is drawn once per
// version of the model, language and size, and kept as bytes with its ETag and Surrogate-Key.

const CACHE_BYTES = 16 * 2 ** 20

const json = (status: number, value: unknown, keys: string[]): Cached => {
  const body = Buffer.from(JSON.stringify(value))
  return {
    status,
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    type: 'application/json; charset=utf-8',
    keys: surrogateKey(keys),
  }
}

/** The card's words from a public resource, or null when it is not a card with both sides. */
export function cardOf(resource: PublicResource, site: string): KnowYourRightsCard | null {
  const doThis = resource.card?.doThis?.trim()
  const toAgent = resource.card?.toAgent?.trim()
  if (resource.kind !== 'know-your-rights' || !doThis || !toAgent) return null
  const phone = resource.phones[0]
  return {
    lang: resource.language,
    title: resource.title,
    doThis,
    toAgent,
    hotline: phone ? [phone.number, phone.hours].filter(Boolean).join(' · ') : null,
    // Where to find the rest, current: the site's resources page (no organisation name is stored).
    orgName: `${site.replace(/^https?:\/\//, '')}/resources`,
  }
}

class BadRequest extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

function query(params: URLSearchParams) {
  const raw = params.get('lang')
  const tag = raw ? canonicalLanguageTag(raw) : 'en'
  if (!tag)
    throw new BadRequest('invalid_lang', 'lang must be a language tag (BCP 47), such as es or zap.')
  const size = params.get('size') || 'letter'
  if (!PRINT_SIZES.includes(size as PrintSize))
    throw new BadRequest('invalid_size', `size must be one of ${PRINT_SIZES.join(', ')}.`)
  return { locale: localeFor(tag), size: size as PrintSize }
}

export type PrintHandlerOptions = { beforeAnswer?: () => Promise<void> }

export function createPrintHandler(
  model: PublicReadModel,
  { beforeAnswer }: PrintHandlerOptions = {},
): Handler {
  const cache = new ByteLru<string, Cached>(CACHE_BYTES)
  // Drawings under way, so that a burst of requests for one card draws it once.
  const drawing = new Map<string, Promise<Cached>>()
  let version = 0
  model.onChange(() => {
    version++
    cache.clear()
  })

  async function answer(id: string, params: URLSearchParams): Promise<Cached> {
    const keys = [RESOURCES_KEY, resourceKey(id)]
    let asked: ReturnType<typeof query>
    try {
      asked = query(params)
    } catch (error) {
      if (error instanceof BadRequest) return json(400, problemBody(error.code, error.message), [])
      throw error
    }
    const resource = model.resource(id, asked.locale)
    const card = resource && cardOf(resource, model.baseUrl)
    if (!resource || !card)
      return json(404, problemBody('not_found', 'Nothing public is at this address.'), keys)
    const cacheKey = `${id} ${resource.language} ${asked.size}`
    const cached = cache.get(cacheKey)
    if (cached) return cached
    const pending = drawing.get(cacheKey)
    if (pending) return pending
    const started = version
    const work = printPdf(card, asked.size).then(({ pdf }): Cached => {
      const result: Cached = {
        status: 200,
        body: pdf,
        etag: `"${createHash('sha256').update(pdf).digest('base64url').slice(0, 27)}"`,
        type: 'application/pdf',
        keys: surrogateKey(keys),
      }
      // A change while drawing: this answer is still this request's, but not kept.
      if (version === started) cache.set(cacheKey, result, 2 * pdf.length + 256)
      return result
    })
    drawing.set(cacheKey, work)
    try {
      return await work
    } finally {
      drawing.delete(cacheKey)
    }
  }

  return async (req, res, params) => {
    // The dispatch has checked the address already; an id that is no text is simply not found.
    const url = requestUrl(req) ?? new URL('/', 'http://localhost')
    const id = decodeSegment(params?.id ?? '') ?? ''
    res.setHeader('Access-Control-Allow-Origin', '*')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    await beforeAnswer?.()
    model.expire()
    const cached = await answer(id, url.searchParams)
    const size = url.searchParams.get('size') || 'letter'
    sendCached(
      req,
      res,
      cached,
      cached.status === 200
        ? {
            'Content-Disposition': `inline; filename="know-your-rights-${cached.etag.slice(1, 9)}-${size}.pdf"`,
          }
        : {},
    )
    return true
  }
}
