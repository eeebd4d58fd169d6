/**
 * bench/upload-memory: resident memory while 20 clients send the submission form a photo each,
 * all at once: half a 50 MP image that compresses to almost nothing (the decoder still has to
 * hold 50 MP), half a JPEG just under the 25 MB upload limit. Prints resident memory at start,
 * peak and end, the bound the image line is meant to hold it under, and how many got 201, 503
 * or anything else.
 *
 *   npm run bench:upload-memory     (BENCH_CLIENTS=20 MEDIA_CONCURRENCY=2 MEDIA_QUEUE=4 to change)
 */
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'
import sharp from 'sharp'

import { relatoSettings } from '../src/lib/settings'
import { createSelfServiceHandler } from '../src/selfservice'
import { benchConfig } from './config'

const CLIENTS = Number(process.env.BENCH_CLIENTS || 20)
const UNLIMITED = { points: 1e9, seconds: 1 }
const MB = 1024 * 1024
const rss = () => process.memoryUsage().rss

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-bench-upload-'))
const config = await benchConfig(dir, {
  NODE_ENV: 'development',
  MEDIA_CONCURRENCY: process.env.MEDIA_CONCURRENCY,
  MEDIA_QUEUE: process.env.MEDIA_QUEUE,
})
const payload = await getPayload({ config })
await payload.create({
  collection: 'consent-texts',
  locale: 'en',
  data: { version: 'v1', body: 'I agree.', active: true },
})
const media = relatoSettings(payload).media

// The images, made once and shared by every client (the clients live in this process too).
const side = Math.floor(Math.sqrt(media.maxPixels * 0.98))
const compressible = await sharp({
  create: { width: side, height: side, channels: 3, background: '#6b8e23' },
})
  .png({ compressionLevel: 9 })
  .toBuffer()
// Noise at full quality: about 23 MB at 3600×2400, the largest under the 25 MB default.
let large: Buffer = Buffer.alloc(0)
for (let width = Number(process.env.BENCH_JPEG_WIDTH || 3600); width > 1000; width -= 400) {
  const height = Math.round((width * 2) / 3)
  large = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
    .toBuffer()
  if (large.length <= media.maxBytes - 64 * 1024) break
}
const largeMeta = await sharp(large).metadata()

const server = http.createServer()
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const port = (server.address() as AddressInfo).port
const handle = createSelfServiceHandler(payload, {
  baseUrl: `http://127.0.0.1:${port}`,
  limits: { submissions: UNLIMITED, management: UNLIMITED },
})
server.on('request', async (req, res) => {
  if (!(await handle(req, res))) res.writeHead(404).end()
})

/** One multipart submission, written straight from the shared buffer. */
function submit(photo: Buffer, name: string): Promise<number> {
  const boundary = 'relato-bench-boundary'
  const field = (key: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`
  const head = Buffer.from(
    field('story', 'A story sent with a large photo.') +
      field('scopes', 'gallery') +
      field('lang', 'en') +
      field('photoDescription', 'A field.') +
      `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/public/submissions',
        agent: false,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + photo.length + tail.length,
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    // A refused upload may see its connection closed while still sending.
    req.on('error', () => resolve(-1))
    req.write(head)
    req.write(photo)
    req.end(tail)
  })
}

global.gc?.()
await new Promise((resolve) => setTimeout(resolve, 500))
const start = rss()
let peak = start
const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20)
const began = Date.now()
const statuses = await Promise.all(
  Array.from({ length: CLIENTS }, (_, index) =>
    index % 2 ? submit(large, 'large.jpg') : submit(compressible, 'big.png'),
  ),
)
const seconds = (Date.now() - began) / 1000
await new Promise((resolve) => setTimeout(resolve, 1000))
clearInterval(sampler)
const end = rss()

// What the line is meant to hold: the bodies admitted (each at most the submission limit), and
// the images being decoded (RGBA, with the pipeline's copies: about three).
const admitted = media.concurrency + media.queue
const bodies = admitted * (media.maxBytes * 3 + MB)
const decoding = media.concurrency * media.maxPixels * 4 * 3
const bound = bodies + decoding
const tally = (status: number) => statuses.filter((value) => value === status).length
const fmt = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`

console.log(
  `upload-memory: ${CLIENTS} clients at once, each one photo to POST /api/public/submissions`,
)
console.log(
  `  images: ${side}×${side} PNG (${((side * side) / 1e6).toFixed(1)} MP) of ${(compressible.length / 1024).toFixed(0)} KB; ${largeMeta.width}×${largeMeta.height} JPEG of ${(large.length / MB).toFixed(1)} MB`,
)
console.log(
  `  limits: MEDIA_CONCURRENCY=${media.concurrency} MEDIA_QUEUE=${media.queue} MEDIA_MAX_BYTES=${fmt(media.maxBytes)} MEDIA_MAX_PIXELS=${media.maxPixels}`,
)
console.log(
  `  answers: 201 × ${tally(201)}, 503 × ${tally(503)}, other × ${statuses.length - tally(201) - tally(503)} (${statuses.join(' ')}) in ${seconds.toFixed(1)} s`,
)
console.log(
  `  resident memory: start ${fmt(start)}, peak ${fmt(peak)} (+${fmt(peak - start)}), end ${fmt(end)}`,
)
console.log(
  `  bound: start + ${admitted} admitted bodies × ${fmt(media.maxBytes * 3 + MB)} + ${media.concurrency} decodes × ${fmt(media.maxPixels * 4 * 3)} = ${fmt(start + bound)}; peak is ${((peak - start) / bound).toFixed(2)}× the allowance: ${peak <= start + bound ? 'HELD' : 'EXCEEDED'}`,
)

server.closeAllConnections()
server.close()
await payload.destroy()
await fs.rm(dir, { recursive: true, force: true })
process.exit(0)
