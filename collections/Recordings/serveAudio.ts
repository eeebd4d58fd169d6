import path from 'node:path'
import type { Endpoint, PayloadRequest } from 'payload'

import { relatoSettings } from '../../src/lib/settings'
import { readStoredFile } from '../../src/lib/storage'
import { publicRecordingsShownBy } from '../../src/policy'
import { surrogateKey } from '../../src/public/keys'

const notFound = () =>
  Response.json(
    { errors: [{ message: 'Not Found' }] },
    { status: 404, headers: { 'Cache-Control': 'no-store' } },
  )

const TYPES: Record<string, string> = { '.m4a': 'audio/mp4', '.webm': 'audio/webm' }

/**
 * Both encodings of a recording, answered only to whoever may read the recording now (staff, the
 * uploader, or anyone while src/policy/recordings.ts calls it public); anyone else gets the same
 * 404 as for a file that never existed. Ranges are answered, as players seek with them.
 */
export async function serveAudio(req: PayloadRequest, requested: string): Promise<Response> {
  const filename = path.basename(requested)
  const type = TYPES[path.extname(filename)]
  if (!type || filename !== requested) return notFound()
  // The system finds which recording the name belongs to; the reader's own access then decides.
  const { docs: named } = await req.payload.find({
    collection: 'recordings',
    where: { or: [{ filename: { equals: filename } }, { opusFilename: { equals: filename } }] },
    depth: 0,
    limit: 1,
    pagination: false,
    select: {},
    overrideAccess: true,
    req,
  })
  const id = named[0]?.id
  if (id === undefined) return notFound()
  const { totalDocs } = await req.payload.count({
    collection: 'recordings',
    where: { id: { equals: id } },
    user: req.user,
    overrideAccess: false,
    req,
  })
  if (!totalDocs) return notFound()
  const bytes = await readStoredFile(relatoSettings(req.payload).storage, filename)
  if (!bytes) return notFound()
  const shownBy = (await publicRecordingsShownBy(req)).get(String(id))
  const headers = new Headers({
    'Content-Type': type,
    'Accept-Ranges': 'bytes',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': shownBy ? 'public, max-age=300' : 'no-store',
  })
  // Cached under the items that show it: withdrawing any of them purges it (src/public/purge.ts).
  if (shownBy) headers.set('Surrogate-Key', surrogateKey([...shownBy, `recordings/${id}`]))
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.get('range') ?? '')
  if (range && (range[1] || range[2])) {
    const size = bytes.length
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]))
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1
    if (start >= size || start > end) {
      headers.set('Content-Range', `bytes */${size}`)
      return new Response(null, { status: 416, headers })
    }
    headers.set('Content-Range', `bytes ${start}-${end}/${size}`)
    headers.set('Content-Length', String(end - start + 1))
    return new Response(new Uint8Array(bytes.subarray(start, end + 1)), { status: 206, headers })
  }
  headers.set('Content-Length', String(bytes.length))
  return new Response(new Uint8Array(bytes), { status: 200, headers })
}

/** `GET /api/recordings/audio/:filename`: the one road to a recording's sound. */
export const audioEndpoint: Endpoint = {
  path: '/audio/:filename',
  method: 'get',
  handler: (req) => serveAudio(req, String(req.routeParams?.filename ?? '')),
}
