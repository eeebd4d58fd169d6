import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Payload } from 'payload'

import { now } from '../lib/clock'
import { isLocale, type Locale, type LocalizedDoc } from '../lib/locales'
import { requestUrl } from '../lib/request'
import { surrogateKey } from '../public/keys'
import { problemBody, send, sendJson as sendJsonBytes } from '../server/send'
import { relatoSettings } from '../lib/settings'
import { SLUG_PATTERN } from '../lib/slug'
import { parseSubjectKey } from '../lib/subjects'
import { socialConsentCovers } from '../policy'
import { openKitFile } from './files'
import { type KitFile, loadKit, type LoadedKit } from './manifest'
import { type ZipEntry, zipStream } from './zip'

// The public kit endpoints: the manifest, the ZIP (streamed while it is built) and each image.
// Every answer is computed from the policy now, so a withdrawn item is gone from the next request.

const ROUTE = new RegExp(`^/api/public/campaigns/(${SLUG_PATTERN})/(kit|kit\\.zip|kit/files/([A-Za-z0-9-]+)\\.(png|jpg))/?$`)

type Options = {
  /** Public address of the site, as in every public URL. */
  baseUrl: () => string
  /** Awaited before answering (the server lets its read model catch up; kits read the database). */
  beforeAnswer?: () => Promise<void>
}

const COMMON_HEADERS = { 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' }

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
const problem = (res: ServerResponse, status: number, code: string, message: string, keys: string[] = []) => sendJson(res, status, problemBody(code, message), keys)

/** The campaign and every item a kit shows. */
const kitKeys = (slug: string, kit: LoadedKit) => [`campaigns/${slug}`, ...kit.files.map((file) => file.subject)]

/** The ZIP's text files, then its images, each checked against consent again just before it is sent. */
async function* zipEntries(payload: Payload, kit: LoadedKit): AsyncGenerator<ZipEntry> {
  const { manifest, files } = kit
  const captions = manifest.assets
    .filter((asset, index, all) => all.findIndex((other) => other.item.id === asset.item.id) === index)
    .map((asset) => [`# ${asset.credit}`, ...Object.entries(asset.captions).map(([platform, text]) => `## ${platform}\n${text}`)].join('\n\n'))
  const text = (name: string, value: string) => ({ name, data: Buffer.from(`${value}\n`, 'utf8') })
  yield text('README.txt', manifest.usage)
  yield text('CREDITS.txt', manifest.credits.join('\n'))
  yield text('captions.txt', captions.join('\n\n\n'))
  yield text('alt-text.txt', files.map((file) => `${file.name}\n${file.asset.alt}`).join('\n\n'))
  yield text('manifest.json', JSON.stringify(manifest, null, 2))
  const { storage } = relatoSettings(payload)
  for (const file of files) {
    if (!(await stillCovered(payload, file))) continue
    yield { name: file.name, size: file.asset.bytes, crc32: file.crc32, open: () => openKitFile(storage, file.filename) }
  }
}

/**
 * A withdrawal while a long ZIP streams: each image's item is looked up again just before the
 * image is sent (one indexed read; what was already sent cannot be recalled).
 */
async function stillCovered(payload: Payload, file: KitFile): Promise<boolean> {
  const subject = parseSubjectKey(file.subject)
  if (!subject) return false
  const doc = await payload.findByID({ collection: subject.kind, id: subject.id, depth: 0, overrideAccess: true, disableErrors: true, select: { status: true, consent: true } })
  return Boolean(doc && socialConsentCovers(doc as unknown as LocalizedDoc, file.needs, now()))
}

async function assetLanguage(payload: Payload, id: string): Promise<Locale | null> {
  const asset = await payload
    .findByID({ collection: 'kit-assets', id, depth: 0, overrideAccess: true, disableErrors: true, select: { lang: true } })
    .catch(() => null)
  return isLocale(asset?.lang) ? asset.lang : null
}

export function createKitHandler(payload: Payload, { baseUrl, beforeAnswer }: Options) {
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
    // An image's language is its own, whatever the address says; an unknown image costs one read.
    const lang = assetId ? await assetLanguage(payload, assetId) : (rawLang as Locale | null) || null
    if (assetId && !lang) {
      problem(res, 404, 'not_found', 'Nothing public is at this address.', [`campaigns/${slug}`])
      return true
    }
    const kit = await loadKit(payload, slug, lang, baseUrl())
    if (!kit) {
      problem(res, 404, 'not_found', 'Nothing public is at this address.', [`campaigns/${slug}`])
      return true
    }
    if (what === 'kit') {
      sendJson(res, 200, kit.manifest, kitKeys(slug, kit))
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
      try {
        await pipeline(Readable.from(zipStream(zipEntries(payload, kit))), res)
      } catch (error) {
        // Headers are gone: all that is left is to cut the download, so it cannot look complete.
        if (!res.destroyed) res.destroy(error as Error)
      }
      return true
    }
    const file = kit.files.find((candidate) => candidate.asset.id === assetId && candidate.asset.url.endsWith(`.${extension}`))
    const stream = file && (await stillCovered(payload, file)) ? await openKitFile(relatoSettings(payload).storage, file.filename) : null
    if (!file || !stream) {
      problem(res, 404, 'not_found', 'Nothing public is at this address.', [`campaigns/${slug}`, ...(file ? [file.subject] : [])])
      return true
    }
    const headers = { ...COMMON_HEADERS, 'Content-Type': file.asset.mimeType, 'Content-Length': String(file.asset.bytes), 'Cache-Control': 'public, max-age=30', 'Surrogate-Key': surrogateKey([`campaigns/${slug}`, file.subject]) }
    if (head) {
      stream.destroy()
      send(res, 200, undefined, headers)
      return true
    }
    res.writeHead(200, headers)
    await pipeline(stream, res).catch(() => res.destroy())
    return true
  }
}
