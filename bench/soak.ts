/**
 * bench/soak: the public routes under steady load while consent changes, uploads and kit builds
 * run in the same process. 32 connections (8 each on the gallery, an item, a campaign page and an
 * embed) for SOAK_SECONDS, while 100 storytellers withdraw through their links, 50 submissions
 * with a photo arrive and the kit worker builds. Prints the 5xx count (must be 0), stale answers
 * after a withdrawal returned (must be 0), resident memory at start, peak and end, and p99 per
 * route.
 *
 *   npm run bench:soak        (SOAK_SECONDS=60 SOAK_STORIES=300 SOAK_WITHDRAWALS=100 SOAK_SUBMISSIONS=50 to change)
 *
 * Served as server.ts serves them, without Next: the site's pages (/gallery, /stories/:id) are
 * Next's and not part of this process; "page" here is the campaign page's data.
 */
import autocannon from 'autocannon'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { getPayload } from 'payload'
import sharp from 'sharp'

import { createKitHandler, runKitJobs } from '../src/kits'
import { failureAnswer } from '../src/lib/errors'
import { requestUrl } from '../src/lib/request'
import {
  createEmbedHandler,
  createPublicHandler,
  followChanges,
  startReadModel,
} from '../src/public'
import { createSelfServiceHandler } from '../src/selfservice'
import { newManagementToken } from '../src/selfservice/token'
import { SYSTEM_CHANGE } from '../src/workflow/hooks'
import { benchConfig } from './config'

const SECONDS = Number(process.env.SOAK_SECONDS || 60)
const STORIES = Number(process.env.SOAK_STORIES || 300)
const WITHDRAWALS = Number(process.env.SOAK_WITHDRAWALS ?? 100)
const SUBMISSIONS = Number(process.env.SOAK_SUBMISSIONS ?? 50)
const KITS = process.env.SOAK_KITS !== '0'
const UNLIMITED = { points: 1e9, seconds: 1 }
const MB = 1024 * 1024
const rss = () => process.memoryUsage().rss
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-bench-soak-'))
const config = await benchConfig(dir, { NODE_ENV: 'development' })
const payload = await getPayload({ config })
const text = await payload.create({
  collection: 'consent-texts',
  locale: 'en',
  data: { version: 'v1', body: 'I agree.', active: true },
})

// --- Seed: a live campaign of published stories, each with a management link and a real grant.
console.log(`soak: seeding ${STORIES} stories…`)
const seedStarted = Date.now()
const campaign = await payload.create({
  collection: 'campaigns',
  data: {
    slug: 'soak',
    title: 'Soak',
    status: 'live',
    hashtags: ['soak'],
    languages: ['en'],
    brand: { primaryColor: '#123456', accentColor: '#ffaa00' },
  },
})
const stories: { id: string; token: string }[] = []
for (let index = 0; index < STORIES; index++) {
  const { token, hash } = newManagementToken()
  const story = await payload.create({
    collection: 'stories',
    context: { [SYSTEM_CHANGE]: true },
    depth: 0,
    data: {
      title: `Story ${index + 1}`,
      language: 'en',
      pullQuote: `We kept the light on, story ${index + 1}.`,
      body: [{ children: [{ text: `Story ${index + 1}. ${'We kept going. '.repeat(20)}` }] }],
      campaigns: [campaign.id],
      status: 'published',
      publishedAt: new Date(Date.now() - index * 60_000).toISOString(),
      managementTokenHash: hash,
    },
  })
  // Every tenth story also on social media: its cards keep the kit worker busy (and a withdrawal removes them).
  const scopes = index % 10 === 0 ? ['gallery', 'partners', 'social'] : ['gallery', 'partners']
  await payload.create({
    collection: 'consent-records',
    data: {
      subject: { relationTo: 'stories', value: story.id },
      action: 'grant',
      scopes: scopes as ('gallery' | 'partners' | 'social')[],
      method: 'web-form',
      language: 'en',
      consentText: text.id,
    },
  })
  stories.push({ id: String(story.id), token })
}
// The first kit, so that later builds redraw only what changes.
await runKitJobs(payload)
console.log(`soak: seeded in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`)

// --- The server, composed as server.ts composes it (Next left out).
const server = http.createServer()
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const model = await startReadModel(payload, base)
const fresh = followChanges(payload, model)
const handlePublic = createPublicHandler(model, { beforeAnswer: fresh })
const handleEmbed = createEmbedHandler(model)
const handleSelfService = createSelfServiceHandler(payload, {
  baseUrl: base,
  limits: { submissions: UNLIMITED, management: UNLIMITED },
})
const handleKit = createKitHandler(payload, { baseUrl: () => model.baseUrl })
let serverErrors = 0
server.on('request', async (req, res) => {
  try {
    if (!requestUrl(req)) return void res.writeHead(400).end()
    if (await handleSelfService(req, res)) return
    if (await handleKit(req, res)) return
    if (await handlePublic(req, res)) return
    await fresh()
    if (handleEmbed(req, res)) return
    res.writeHead(404).end()
  } catch (error) {
    const failure = failureAnswer(error)
    serverErrors++
    console.error('soak: request failed', error)
    if (!res.headersSent)
      res.writeHead(failure.status, failure.headers).end(JSON.stringify(failure.body))
    else res.end()
  }
})

// --- Memory.
global.gc?.()
await sleep(500)
const memory = { start: rss(), peak: rss(), end: 0 }
const sampler = setInterval(() => (memory.peak = Math.max(memory.peak, rss())), 100)
// How long the event loop was held at a time: what every request waits behind.
const loopDelay = monitorEventLoopDelay({ resolution: 10 })
loopDelay.enable()

// --- Load: 8 connections per route, each route its own autocannon run for its own latency.
let fiveHundreds = 0
const withdrawn = stories.slice(0, WITHDRAWALS)
const pick = (index: number) => stories[index % stories.length].id
const ROUTES: Record<string, (index: number) => string> = {
  gallery: (index) => `/api/public/gallery?campaign=soak&page=${1 + (index % 5)}`,
  item: (index) => `/api/public/stories/${pick(index)}`,
  page: () => `/api/public/campaigns/soak`,
  embed: (index) => (index % 2 ? `/embed/soak` : `/embed/stories/${pick(index)}`),
}
const runs = Object.entries(ROUTES).map(([name, pathFor]) => {
  let counter = 0
  return new Promise<[string, autocannon.Result]>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: 8,
        duration: SECONDS,
        requests: [
          {
            setupRequest: (request) => ({ ...request, path: pathFor(counter++) }),
            onResponse: (status) => {
              if (status >= 500) fiveHundreds++
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve([name, result])),
    )
    instance.on('error', reject)
  })
})

// --- Withdrawals, each checked on every public surface the moment it returns.
let stale = 0
const staleness: string[] = []
const withdrawalMs: number[] = []
const sideStatuses: number[] = []
async function withdrawAll(): Promise<void> {
  const gap = (SECONDS * 1000 * 0.8) / WITHDRAWALS
  for (const story of withdrawn) {
    const began = performance.now()
    const response = await fetch(`${base}/api/public/my-story/${story.token}/withdraw`, {
      method: 'POST',
      body: new URLSearchParams({ confirm: 'yes' }),
    })
    await response.arrayBuffer()
    withdrawalMs.push(performance.now() - began)
    sideStatuses.push(response.status)
    if (response.status !== 200) continue
    const checks: [string, () => Promise<boolean>][] = [
      ['item', async () => (await fetch(`${base}/api/public/stories/${story.id}`)).status === 200],
      ['embed item', async () => (await fetch(`${base}/embed/stories/${story.id}`)).status === 200],
      [
        'embed partner view',
        async () =>
          (await fetch(`${base}/api/public/stories/${story.id}?surface=embed`)).status === 200,
      ],
      [
        'gallery',
        async () =>
          JSON.stringify(
            await (await fetch(`${base}/api/public/gallery?campaign=soak&limit=50`)).json(),
          ).includes(story.id),
      ],
      [
        'feed',
        async () =>
          (await (await fetch(`${base}/api/public/campaigns/soak/feed.json`)).text()).includes(
            story.id,
          ),
      ],
      [
        'kit',
        async () =>
          (await (await fetch(`${base}/api/public/campaigns/soak/kit`)).text()).includes(story.id),
      ],
    ]
    for (const [surface, shows] of checks) {
      if (await shows()) {
        stale++
        staleness.push(`${surface} ${story.id}`)
      }
    }
    await sleep(Math.max(0, gap - (performance.now() - began)))
  }
}

// --- Submissions with a photo, two at a time.
const photo = await sharp({
  create: {
    width: 1600,
    height: 1200,
    channels: 3,
    background: '#808080',
    noise: { type: 'gaussian', mean: 128, sigma: 30 },
  },
})
  .jpeg({ quality: 85 })
  .toBuffer()
async function submitAll(): Promise<void> {
  const gap = (SECONDS * 1000 * 0.8) / SUBMISSIONS
  let next = 0
  const worker = async () => {
    while (next < SUBMISSIONS) {
      next++
      const began = performance.now()
      const form = new FormData()
      for (const [name, value] of Object.entries({
        story: 'A story sent during the soak.',
        scopes: 'gallery',
        lang: 'en',
        photoDescription: 'A field at dusk.',
      }))
        form.append(name, value)
      form.append('photos', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'field.jpg')
      const response = await fetch(`${base}/api/public/submissions`, { method: 'POST', body: form })
      await response.arrayBuffer()
      sideStatuses.push(response.status)
      await sleep(Math.max(0, 2 * gap - (performance.now() - began)))
    }
  }
  await Promise.all([worker(), worker()])
}

// --- The kit worker, as server.ts runs it (every 3 s).
let kitRuns = 0
let kitFailures = 0
let soaking = true
async function buildKits(): Promise<void> {
  while (soaking && KITS) {
    await runKitJobs(payload).then(
      () => kitRuns++,
      (error) => {
        kitFailures++
        console.error('soak: kit job failed', error)
      },
    )
    await sleep(3000)
  }
}

console.log(
  `soak: ${SECONDS} s, 32 connections on gallery, item, page and embed; ${WITHDRAWALS} withdrawals, ${SUBMISSIONS} photo submissions, kit builds`,
)
const kits = buildKits()
const [results] = await Promise.all([Promise.all(runs), withdrawAll(), submitAll()])
soaking = false
await kits
await sleep(1000)
clearInterval(sampler)
memory.end = rss()

const sideFiveHundreds = sideStatuses.filter((status) => status >= 500).length
const sorted = [...withdrawalMs].sort((a, b) => a - b)
console.log('')
console.log(
  `5xx answers: ${fiveHundreds + sideFiveHundreds} (load ${fiveHundreds}, withdrawals and submissions ${sideFiveHundreds}; handler faults ${serverErrors})`,
)
console.log(
  `stale answers after a withdrawal returned: ${stale}${staleness.length ? ` (${staleness.slice(0, 5).join('; ')})` : ''}`,
)
console.log(
  `withdrawals: ${withdrawalMs.length} done; withdrawal and submission statuses ${JSON.stringify(countBy(sideStatuses))}; withdrawal, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`,
)
console.log(`kit worker: ${kitRuns} runs, ${kitFailures} failures`)
console.log(
  `event loop held: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`,
)
console.log(
  `resident memory: start ${(memory.start / MB).toFixed(0)} MB, peak ${(memory.peak / MB).toFixed(0)} MB, end ${(memory.end / MB).toFixed(0)} MB`,
)
console.log('route     req/s    p50 ms  p99 ms  max ms  non-2xx')
for (const [name, result] of results) {
  console.log(
    `${name.padEnd(9)} ${result.requests.average.toFixed(0).padStart(6)}  ${String(result.latency.p50).padStart(6)}  ${String(result.latency.p99).padStart(6)}  ${String(result.latency.max).padStart(6)}  ${result.non2xx}`,
  )
}
console.log(`(2 shared cores; autocannon runs in the same process as the server)`)

function countBy(values: number[]): Record<string, number> {
  return values.reduce<Record<string, number>>(
    (counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }),
    {},
  )
}

server.closeAllConnections()
server.close()
await payload.destroy()
await fs.rm(dir, { recursive: true, force: true })
process.exit(fiveHundreds + sideFiveHundreds + stale ? 1 : 0)
