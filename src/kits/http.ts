import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Payload } from 'payload'

import { isLocale, type Locale } from '../lib/locales'
import { requestUrl } from '../lib/request'
import { campaignKey, GALLERY_KEY, surrogateKey } from '../public'
import { problemBody, sendJson as sendJsonBytes } from '../server/send'
import { relatoSettings } from '../lib/settings'
import { SLUG_PATTERN } from '../lib/slug'
import { KitFileCache } from './files'
import type { KitFile, LoadedKit } from './manifest'
import { type ComposedKit, kitViewFor } from './view'
import { type ZipEntry, zipStream } from './zip'

// The public kit endpoints: the manifest, the ZIP (streamed while it is built) and each image,
// answered from the kit view (src/kits/view.ts) with no database read: the hooks mark what a
// change touched before the changing request returns, so a withdrawn item is gone from the next
// request. Only the image bytes come from storage (small ones from a bounded cache).

const ROUTE = new RegExp(
  `^/api/public/campaigns/(${SLUG_PATTERN})/(kit|kit\\.zip|kit/files/([A-Za-z0-9-]+)\\.(png|jpg))/?$`,
)

type Options = {
  /** Public address of the site, as in every public URL. */
  baseUrl: () => string
  /** Awaited before answering (the server lets the kit view catch up with other processes). */
  beforeAnswer?: () => Promise<void>
}

const COMMON_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

/** `keys`: what the answer shows (the campaign and its items), for caches in front (src/public/keys.ts). */
function sendJson(res: ServerResponse, status: number, body: unknown, keys: string[]): void {
  sendJsonBytes(res, status, body, {
    ...COMMON_HEADERS,
    // Short, so that a withdrawal is not held for long in anyone's cache.
    'Cache-Control': status === 200 || status === 404 ? 'public, max-age=30' : 'no-store',
    ...(keys.length ? { 'Surrogate-Key': surrogateKey(keys) } : {}),
  })
}

/** Kits' errors: their 404 may be cached briefly, under the campaign's key. */
const problem = (
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  keys: string[] = [],
) => sendJson(res, status, problemBody(code, message), keys)

/** The campaign and every item a kit shows. */
/**
 * A kit's keys: its campaign and each item in it, so a withdrawal purges it. A big campaign's item
 * keys would outgrow a response header (Node refuses more than 16 KB, Varnish less), so past
 * MAX_ITEM_KEYS it carries GALLERY_KEY instead, which every item change purges.
 */
export function kitKeys(slug: string, kit: LoadedKit): string[] {
  const items = [...new Set(kit.files.map((file) => file.subject))]
  return [campaignKey(slug), ...(items.length > MAX_ITEM_KEYS ? [GALLERY_KEY] : items)]
}
const MAX_ITEM_KEYS = 50

/** True when the request's If-None-Match names this ETag (or any, with `*`). */
function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match']
  if (!header) return false
  return header.split(',').some((candidate) => {
    const tag = candidate.trim()
    return tag === '*' || tag === etag || tag === `W/${etag}`
  })
}

function sendNotModified(res: ServerResponse, etag: string): void {
  res.writeHead(304, { ...COMMON_HEADERS, ETag: etag, 'Cache-Control': 'public, max-age=30' })
  res.end()
}

type Encoding = 'br' | 'gzip'

/**
 * What a composed kit's answers send, made once per composition (a change makes a new one):
 * the manifest's headers, its compressed bytes, each file's ETag and headers. Requests then
 * only write bytes.
 */
type Answer = {
  headers: Record<string, string>
  encodedHeaders: Record<Encoding, (length: number) => Record<string, string>>
  encoded: (encoding: Encoding) => Buffer
  files: Map<string, { etag: string; headers: Record<string, string> }>
}

const answers = new WeakMap<ComposedKit, Answer>()

function answerOf(current: ComposedKit, slug: string): Answer {
  let answer = answers.get(current)
  if (answer) return answer
  const headers = {
    ...COMMON_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(current.body.length),
    ETag: current.etag,
    'Cache-Control': 'public, max-age=30',
    Vary: 'Accept-Encoding',
    'Surrogate-Key': surrogateKey(kitKeys(slug, current.kit)),
  }
  const bytes: Partial<Record<Encoding, Buffer>> = {}
  const encodedHeaders = (encoding: Encoding) => (length: number) => ({
    ...headers,
    'Content-Length': String(length),
    'Content-Encoding': encoding,
  })
  answer = {
    headers,
    encodedHeaders: { br: encodedHeaders('br'), gzip: encodedHeaders('gzip') },
    encoded: (encoding) =>
      (bytes[encoding] ??=
        encoding === 'br'
          ? brotliCompressSync(current.body, {
              params: { [constants.BROTLI_PARAM_QUALITY]: 5 },
            })
          : gzipSync(current.body)),
    files: new Map(),
  }
  answers.set(current, answer)
  return answer
}

/** A kit file never changes under its id (a changed card is a new asset): a strong ETag. */
function fileAnswer(current: ComposedKit, slug: string, file: KitFile) {
  const { files } = answerOf(current, slug)
  let answer = files.get(file.asset.id)
  if (!answer) {
    const etag = `"${file.asset.id}-${file.crc32.toString(16)}"`
    answer = {
      etag,
      headers: {
        ...COMMON_HEADERS,
        'Content-Type': file.asset.mimeType,
        'Content-Length': String(file.asset.bytes),
        ETag: etag,
        'Cache-Control': 'public, max-age=30',
        'Surrogate-Key': surrogateKey([campaignKey(slug), file.subject]),
      },
    }
    files.set(file.asset.id, answer)
  }
  return answer
}

/** The compression the client takes, if any (images are sent as they are). */
function chooseEncoding(req: IncomingMessage): Encoding | null {
  const accepts = req.headers['accept-encoding']
  if (!accepts) return null
  if (/\bbr\b/.test(accepts)) return 'br'
  return /\bgzip\b/.test(accepts) ? 'gzip' : null
}

/** The ZIP's text files, then its images, each checked against the kit as it is just before it is sent. */
async function* zipEntries(
  kit: LoadedKit,
  stillServed: (file: KitFile) => Promise<boolean>,
  read: (file: KitFile) => Promise<Readable | null>,
): AsyncGenerator<ZipEntry> {
  const { manifest, files } = kit
  const captions = manifest.assets
    .filter(
      (asset, index, all) => all.findIndex((other) => other.item.id === asset.item.id) === index,
    )
    .map((asset) =>
      [
        `# ${asset.credit}`,
        ...Object.entries(asset.captions).map(([platform, text]) => `## ${platform}\n${text}`),
      ].join('\n\n'),
    )
  const text = (name: string, value: string) => ({ name, data: Buffer.from(`${value}\n`, 'utf8') })
  yield text('README.txt', manifest.usage)
  yield text('CREDITS.txt', manifest.credits.join('\n'))
  yield text('captions.txt', captions.join('\n\n\n'))
  yield text('alt-text.txt', files.map((file) => `${file.name}\n${file.asset.alt}`).join('\n\n'))
  yield text('manifest.json', JSON.stringify(manifest, null, 2))
  for (const file of files) {
    if (!(await stillServed(file))) continue
    yield { name: file.name, size: file.asset.bytes, crc32: file.crc32, open: () => read(file) }
  }
}

/** A stream of bytes, from a buffer (the file cache) or from storage. */
const asStream = (data: Readable | Buffer | null): Readable | null =>
  data === null ? null : Buffer.isBuffer(data) ? Readable.from([data]) : data

export function createKitHandler(payload: Payload, { baseUrl, beforeAnswer }: Options) {
  const view = kitViewFor(payload, baseUrl)
  const cache = new KitFileCache()
  const read = (file: KitFile) =>
    cache.read(relatoSettings(payload).storage, file.filename, file.asset.bytes)
  return async function handleKit(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = requestUrl(req)
    const match = url && ROUTE.exec(url.pathname)
    if (!url || !match) return false
    const head = req.method === 'HEAD'
    if (req.method !== 'GET' && !head) {
      res.setHeader('Allow', 'GET, HEAD')
      problem(res, 405, 'method_not_allowed', 'Only GET is available here.')
      return true
    }
    const rawLang = url.searchParams.get('lang')
    if (rawLang && !isLocale(rawLang)) {
      problem(res, 400, 'invalid_lang', 'lang must be en or es.')
      return true
    }
    await beforeAnswer?.()
    const [, slug, what, assetId, extension] = match
    // An image's language is its own, whatever the address says.
    const lang = assetId
      ? await view.assetLanguage(slug, assetId)
      : (rawLang as Locale | null) || null
    if (assetId && !lang) {
      problem(res, 404, 'not_found', 'Nothing public is at this address.', [campaignKey(slug)])
      return true
    }
    const current = await view.kit(slug, lang)
    if (!current) {
      problem(res, 404, 'not_found', 'Nothing public is at this address.', [campaignKey(slug)])
      return true
    }
    const { kit } = current
    if (what === 'kit') {
      if (notModified(req, current.etag)) return (sendNotModified(res, current.etag), true)
      const answer = answerOf(current, slug)
      const encoding = head ? null : chooseEncoding(req)
      const body = encoding ? answer.encoded(encoding) : current.body
      res.writeHead(200, encoding ? answer.encodedHeaders[encoding](body.length) : answer.headers)
      res.end(head ? undefined : body)
      return true
    }
    if (what === 'kit.zip') {
      res.writeHead(200, {
        ...COMMON_HEADERS,
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${slug}-kit-${kit.manifest.lang}.zip"`,
        'Cache-Control': 'no-store',
        'Surrogate-Key': surrogateKey(kitKeys(slug, kit)),
      })
      if (head) {
        res.end()
        return true
      }
      // A withdrawal while a long ZIP streams: each image is checked against the kit as it is
      // just before it is sent (what was already sent cannot be recalled).
      const stillServed = async (file: KitFile) => {
        await beforeAnswer?.()
        return Boolean((await view.kit(slug, kit.manifest.lang))?.files.has(file.asset.id))
      }
      try {
        await pipeline(
          Readable.from(
            zipStream(zipEntries(kit, stillServed, async (file) => asStream(await read(file)))),
          ),
          res,
        )
      } catch (error) {
        // Headers are gone: all that is left is to cut the download, so it cannot look complete.
        if (!res.destroyed) res.destroy(error as Error)
      }
      return true
    }
    const file = current.files.get(assetId)
    const data = file && file.asset.url.endsWith(`.${extension}`) ? await read(file) : null
    if (!file || !data) {
      problem(res, 404, 'not_found', 'Nothing public is at this address.', [
        campaignKey(slug),
        ...(file ? [file.subject] : []),
      ])
      return true
    }
    const { etag, headers } = fileAnswer(current, slug, file)
    if (notModified(req, etag)) {
      if (!Buffer.isBuffer(data)) data.destroy()
      return (sendNotModified(res, etag), true)
    }
    res.writeHead(200, headers)
    if (head || Buffer.isBuffer(data)) {
      if (!Buffer.isBuffer(data)) data.destroy()
      res.end(head ? undefined : data)
      return true
    }
    await pipeline(data, res).catch(() => res.destroy())
    return true
  }
}
