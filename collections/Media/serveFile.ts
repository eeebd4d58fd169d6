import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { CollectionAfterErrorHook, PayloadRequest } from 'payload'

import { relatoSettings } from '../../src/lib/settings'
import { surrogateKey } from '../../src/public/keys'
import { publicMediaShownBy } from '../../src/policy'

const CONTENT_TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' }

type HandlerArgs = { doc?: { id: string | number }; headers?: Headers; params: { filename: string } }

/**
 * Runs after Payload's access check has passed. Public images may be cached briefly (so a
 * withdrawal reaches caches within minutes); anything else must not be cached at all.
 * With local storage this also serves the file, since Payload's own fallback ignores
 * these headers; with S3 the storage plugin's handler serves it with them.
 */
export async function serveMediaFile(req: PayloadRequest, { doc, headers = new Headers(), params }: HandlerArgs): Promise<Response | void> {
  // Payload passes the document only when access was a query; for staff, look it up.
  const id = doc?.id ?? (await mediaIdOf(req, params.filename))
  if (id === undefined) return notFound()
  const shownBy = (await publicMediaShownBy(req)).get(String(id))
  headers.set('Cache-Control', shownBy ? 'public, max-age=300' : 'no-store')
  // A cache keeps a public file under the items that show it (and its own key): withdrawing any
  // of them, or changing the image, purges it (src/public/purge.ts).
  if (shownBy) headers.set('Surrogate-Key', surrogateKey([...shownBy, `media/${id}`]))
  headers.set('X-Content-Type-Options', 'nosniff')
  const { storage } = relatoSettings(req.payload)
  if (storage.kind !== 'local') return
  const file = path.join(storage.dir, path.basename(params.filename))
  const stats = await fs.stat(file).catch(() => null)
  if (!stats?.isFile()) return notFound()
  headers.set('Content-Type', CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream')
  headers.set('Content-Length', String(stats.size))
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, { headers, status: 200 })
}

async function mediaIdOf(req: PayloadRequest, filename: string): Promise<string | number | undefined> {
  const sizes = req.payload.collections.media.config.upload.imageSizes ?? []
  const { docs } = await req.payload.find({
    collection: 'media',
    where: { or: [{ filename: { equals: filename } }, ...sizes.map(({ name }) => ({ [`sizes.${name}.filename`]: { equals: filename } }))] },
    limit: 1,
    // No count beside the find (one operation at a time on a transaction's session).
    pagination: false,
    depth: 0,
    select: {},
    req,
  })
  return docs[0]?.id
}

const notFound = () =>
  Response.json({ errors: [{ message: 'Not Found' }] }, { status: 404, headers: { 'Cache-Control': 'no-store' } })

/**
 * A file the requester may not see answers exactly like one that never existed: 404, so that
 * probing file names reveals nothing.
 */
export const fileForbiddenIsNotFound: CollectionAfterErrorHook = ({ error, req }) => {
  const status = (error as { status?: number }).status
  if (status === 403 && /\/file\//.test(new URL(req.url ?? 'http://x/').pathname)) {
    return { status: 404, response: { errors: [{ message: 'Not Found' }] } }
  }
}
