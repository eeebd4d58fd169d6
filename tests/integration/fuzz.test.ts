import fc from 'fast-check'
import http from 'node:http'
import net from 'node:net'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { beforeAll, expect, it } from 'vitest'

import { runKitJobs } from '../../src/kits'
import { useTestApp } from '../helpers/app'
import { createCampaign } from '../helpers/site'
import { describeEachDatabase } from '../helpers/databases'
import { runsFor } from '../helpers/depth'
import { pattern } from '../helpers/images'
import { upload } from '../helpers/media'
import { A_STORY, submitStory } from '../helpers/selfService'
import { publishedStory } from '../helpers/stories'

// Hostile input on every route Relato's server answers itself (public API, embeds, kits,
// self-service): malformed paths, queries, headers, content types and bodies. Whatever is
// sent, the answer is never a 5xx, never shows a stack trace, and an error comes in the
// route's own shape: `{ error: { code, message } }` for JSON, a whole page for HTML.
// Next's site pages (/gallery, /stories/:id…) are not served by the test server; see the report.

const RUNS = runsFor('FUZZ_RUNS', 300, 1000)

type Sent = { method: string; path: string; headers: Record<string, string>; body?: Buffer }
type Received = { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** Sends exactly the bytes asked for (fetch would normalise the path and refuse some headers). */
function send(base: string, { method, path, headers, body }: Sent): Promise<Received> {
  const { port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        // Bodies as read, uncompressed (the site's HTML pages are large enough to be compressed).
        const decoded = (raw: Buffer) =>
          raw.length === 0
            ? raw
            : res.headers['content-encoding'] === 'gzip'
              ? gunzipSync(raw)
              : res.headers['content-encoding'] === 'br'
                ? brotliDecompressSync(raw)
                : raw
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: decoded(Buffer.concat(chunks)),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** A request line no HTTP client library would write. */
function sendRaw(base: string, target: string): Promise<string> {
  const { port } = new URL(base)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () =>
      socket.end(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    )
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')))
    socket.on('error', reject)
  })
}

const STACK = /\n\s+at [^\n]+:\d+:\d+|node_modules|\.ts:\d+/

/** No 5xx, no stack, an error in the route's own shape. */
function expectWellFormed(sent: Sent, received: Received): void {
  const where = `${sent.method} ${sent.path} ${JSON.stringify(sent.headers)} → ${received.status} ${received.body.toString('utf8').slice(0, 300)}`
  expect(received.status, where).toBeLessThan(500)
  const text = received.body.toString('utf8')
  expect(STACK.test(text), where).toBe(false)
  // What none of our handlers claims goes to Payload's REST (Next, in production), in its shape.
  if (received.headers['x-test-served-by'] === 'payload') return
  if (received.status < 400 || sent.method === 'HEAD' || received.body.length === 0) return
  const type = String(received.headers['content-type'] ?? '')
  if (/json/.test(type)) {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }
    expect(typeof parsed.error?.code, where).toBe('string')
    expect(typeof parsed.error?.message, where).toBe('string')
  } else {
    expect(type, where).toMatch(/^text\/html/)
    expect(text, where).toMatch(/^<!doctype html>/i)
  }
}

// --- What is sent --------------------------------------------------------------------------

const MALFORMED = [
  '%',
  '%E0',
  '%zz',
  '%C0%AF',
  '%00',
  '%FF%FE',
  '%E0%A4%A',
  '%ED%A0%80',
  '..',
  '.',
  '',
  '%2F',
  '%252F',
  'a%2Fb',
  '~',
  '\u00e9',
  '\u00ff\u00fe',
]

/** Segment values: the fixtures' real ids and slugs, and everything that is not one. */
const segment = (real: () => string[]) =>
  fc.oneof(
    fc.constantFrom(...MALFORMED),
    fc.constant(null).map(() => fc.sample(fc.constantFrom(...real()), 1)[0]),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
    fc.stringMatching(/^[A-Za-z0-9%._~!$&'()*+,;=:@-]{0,24}$/),
    fc.constant('x'.repeat(3000)),
  )

const QUERY_KEYS = [
  'lang',
  'page',
  'limit',
  'kind',
  'campaign',
  'surface',
  'url',
  'maxwidth',
  'maxheight',
  'format',
  'confirm',
  'new',
  'done',
  'lang[]',
  '',
  '%E0',
]
const queryValue = (real: () => string[]) =>
  fc.oneof(
    fc.constantFrom(
      'en',
      'es',
      'fr',
      '1',
      '0',
      '-1',
      '99999999999999999999',
      '1e3',
      'story',
      'artwork',
      'embed',
      'site',
      'json',
      'xml',
      'yes',
      '',
      ...MALFORMED,
    ),
    segment(real),
    fc
      .constant(null)
      .map(
        () =>
          `http://127.0.0.1/stories/${fc.sample(fc.constantFrom(...real(), '%E0', '%zz'), 1)[0]}`,
      ),
  )
const query = (real: () => string[]) =>
  fc
    .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValue(real)), { maxLength: 4 })
    .map((pairs) =>
      pairs.length ? `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}` : '',
    )

const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=XyZ',
  'text/plain',
  'image/png',
  'application/xml',
  '%E0',
  ';;;',
]
const headersArb = fc.record(
  {
    'content-type': fc.constantFrom(...CONTENT_TYPES),
    accept: fc.constantFrom('text/html', 'application/json', '*/*', '', 'text/html;q=0'),
    'accept-language': fc.constantFrom('es', 'en-US,en;q=0.9', 'zz', '%E0', ''),
    'accept-encoding': fc.constantFrom('gzip', 'br', 'identity', 'br;q=0, gzip', ''),
    authorization: fc.constantFrom(
      'Bearer rk_nope',
      'Bearer ',
      'JWT garbage',
      'Basic %E0',
      'users API-Key nope',
    ),
    'x-relato-key': fc.constantFrom('rk_', 'rk_' + 'a'.repeat(200), 'nope'),
    'if-none-match': fc.constantFrom('"abc"', '*', 'W/"x"'),
    'x-forwarded-for': fc.constantFrom('::1', 'garbage', '1.2.3.4, 5.6.7.8', '2001:db8::1'),
    cookie: fc.constantFrom('payload-token=garbage', '%E0=%E0', 'a'),
  },
  { requiredKeys: [] },
)

const multipart = (boundary: string) =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom('story', 'scopes', 'lang', 'photos', 'confirm', 'website', 'x'),
        fc.string({ maxLength: 40 }),
        fc.boolean(),
      ),
      { maxLength: 4 },
    )
    .map((parts) =>
      Buffer.from(
        parts
          .map(
            ([name, value, asFile]) =>
              `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${asFile ? '; filename="a.jpg"\r\nContent-Type: image/jpeg' : ''}\r\n\r\n${value}\r\n`,
          )
          .join('') + (parts.length % 2 ? `--${boundary}--\r\n` : ''),
      ),
    )
const bodyArb = fc.oneof(
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value))),
  fc
    .constantFrom(
      '{"story":',
      '[]',
      'null',
      '{"scopes":{"$ne":1}}',
      '{"__proto__":{"x":1}}',
      'story=hi&scopes=gallery&lang=%E0',
      '%%%',
      '{"story":"' + 'x'.repeat(30_000) + '"}',
    )
    .map((text) => Buffer.from(text)),
  multipart('XyZ'),
)

describeEachDatabase('hostile input on every route Relato answers itself', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller' })
  const ids: string[] = []
  const slugs = ['we-are-home']
  const tokens: string[] = []
  const assets: string[] = []

  beforeAll(async () => {
    const { people } = app
    const imageId = (
      await upload(app.server, people.editor.token, await pattern(300, 200), 'mural.png')
    ).body.doc.id as string
    const campaign = await createCampaign(app, people.editor.token, {
      slug: 'we-are-home',
      title: 'We are home',
      hashtags: ['home'],
      status: 'live',
      languages: ['en'],
    })
    ids.push(
      await publishedStory(app, {
        author: 'teller',
        editor: 'editor',
        scopes: ['gallery', 'partners', 'social', 'photo'],
        images: [imageId],
        extra: { pullQuote: 'Home.', campaigns: [campaign] },
      }),
    )
    const submitted = await submitStory(app.server, { ...A_STORY, lang: 'en' })
    expect(submitted.status).toBe(201)
    tokens.push(submitted.body.token, 'x'.repeat(43))
    ids.push(submitted.body.story.id)
    await runKitJobs(app.instance.payload)
    const kit = await (await fetch(`${app.server.url}/api/public/campaigns/we-are-home/kit`)).json()
    assets.push(...(kit.assets as { id: string }[]).slice(0, 2).map((asset) => asset.id))
  })

  const real = () => [...ids, ...slugs, ...tokens, ...assets]

  /** Every route template, with the pieces to fill in. */
  const route: fc.Arbitrary<[string, string]> = fc.oneof(
    fc.tuple(fc.constant('/api/public/gallery'), fc.constant('')),
    fc.tuple(
      fc.constantFrom(
        '/api/public/stories/',
        '/api/public/artworks/',
        '/embed/stories/',
        '/embed/artworks/',
        '/api/public/campaigns/',
        '/embed/',
        '/my-story/',
        '/api/public/my-story/',
        '/stories/',
        '/artworks/',
        '/campaigns/',
        '/assets/',
      ),
      segment(real),
    ),
    fc
      .tuple(
        fc.constant('/api/public/campaigns/'),
        fc.tuple(
          segment(real),
          fc.constantFrom('/feed.json', '/kit', '/kit.zip', '/kit/files/', '/', '/x'),
          segment(real),
          fc.constantFrom('', '.png', '.jpg', '.gif'),
        ),
      )
      .map(
        ([head, [slug, tail, id, ext]]) =>
          [head, `${slug}${tail}${tail === '/kit/files/' ? id + ext : ''}`] as [string, string],
      ),
    fc
      .tuple(
        fc.constant('/api/public/my-story/'),
        fc.tuple(
          segment(real),
          fc.constantFrom('consent', 'withdraw', 'export', 'erase', 'receipts/', 'images/', 'nope'),
          segment(real),
        ),
      )
      .map(
        ([head, [token, action, id]]) =>
          [head, `${token}/${action}${action.endsWith('/') ? id : ''}`] as [string, string],
      ),
    fc.tuple(
      fc.constantFrom(
        '/api/public/oembed',
        '/api/public/submissions',
        '/submit',
        '/self-service.css',
        '/api/public/',
        '/api/public/%E0',
        '/embed/%E0/x',
        '/',
        '/gallery',
        '/gallery/',
        '/stories/%E0/x',
      ),
      fc.constant(''),
    ),
  )

  const request = fc.record({
    method: fc.constantFrom(
      'GET',
      'GET',
      'HEAD',
      'POST',
      'POST',
      'PUT',
      'DELETE',
      'OPTIONS',
      'PATCH',
    ),
    route,
    query: query(real),
    headers: headersArb,
    body: bodyArb,
  })

  it('answers every malformed request without a 5xx or a stack trace, in the route’s own error shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        request,
        async ({ method, route: [head, rest], query: search, headers, body }) => {
          const clean = Object.fromEntries(
            Object.entries(headers).filter(([, value]) => value !== undefined),
          ) as Record<string, string>
          const sent: Sent = {
            method,
            path: `${head}${rest}${search}`,
            headers: clean,
            body: method === 'GET' || method === 'HEAD' ? undefined : body,
          }
          expectWellFormed(sent, await send(app.server.url, sent))
        },
      ),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    )
  })

  it('answers 400 in JSON, not 500, to an id or slug that is not valid percent-encoding (regression)', async () => {
    for (const path of [
      '/api/public/stories/%E0',
      '/api/public/campaigns/%E0/feed.json',
      '/api/public/artworks/%zz',
      '/api/public/campaigns/%E0',
    ]) {
      const received = await send(app.server.url, { method: 'GET', path, headers: {} })
      expect(received.status, path).toBe(400)
      expect(JSON.parse(received.body.toString()).error.code, path).toBe('invalid_path')
    }
    const oembed = await send(app.server.url, {
      method: 'GET',
      path: `/api/public/oembed?url=${encodeURIComponent(`${app.server.url}/stories/%E0`)}`,
      headers: {},
    })
    expect(oembed.status).toBe(404)
    // oEmbed suggests 501 for another format; no client input may get a 5xx here.
    for (const format of ['xml', '%E0']) {
      const other = await send(app.server.url, {
        method: 'GET',
        path: `/api/public/oembed?format=${format}&url=${encodeURIComponent(`${app.server.url}/stories/x`)}`,
        headers: {},
      })
      expect(other.status, format).toBe(400)
    }
    const embed = await send(app.server.url, {
      method: 'GET',
      path: '/embed/stories/%E0',
      headers: {},
    })
    expect(embed.status).toBe(404)
    expect(embed.body.toString()).toMatch(/^<!doctype html>/i)
  })

  it('answers 400 to a form cut off inside a file, and nothing escapes the request (regression: it ended the process)', async () => {
    // An unhandled stream error is thrown outside any request: in server.ts it ends the process.
    const escaped: unknown[] = []
    const record = (error: unknown) => escaped.push(error)
    process.prependListener('uncaughtException', record)
    try {
      for (const field of ['photos', 'recording', 'not-a-file-field']) {
        const boundary = 'relato-cut-off'
        const body =
          `--${boundary}\r\nContent-Disposition: form-data; name="story"\r\n\r\nA story.\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="a.jpg"\r\n` +
          'Content-Type: image/jpeg\r\n\r\nthe first bytes of a photo, and no closing boundary'
        const answer = await fetch(`${app.server.url}/api/public/submissions`, {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          body,
        })
        expect(answer.status, field).toBe(400)
        expect((await answer.json()).error.code, field).toBeTruthy()
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(escaped).toEqual([])
    } finally {
      process.off('uncaughtException', record)
    }
  })

  it('answers request targets that are not addresses at all with a 4xx', async () => {
    for (const target of ['//[', '//a:b@[::1', 'http://x/api/public/stories/%E0', '*']) {
      const answer = await sendRaw(app.server.url, target)
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])
      expect(status, target).toBeGreaterThanOrEqual(400)
      expect(status, target).toBeLessThan(500)
      expect(STACK.test(answer), target).toBe(false)
    }
  })
})
