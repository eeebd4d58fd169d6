/**
 * bench/public-api: the public API (read model, responses kept as bytes) against stock Payload
 * REST on the same data, and against a bare node:http server sending the very same bytes.
 * Prints req/s, latency and ratios from one run; targets ≥ 20× stock REST, ≥ 50 % of the bare
 * server, p99 ≤ 10 ms. The site pages (/gallery, /stories/:id, /campaigns/:slug, rendered from the
 * same read model) beside them: targets ≥ 50 % of the API's req/s, p99 ≤ 10 ms; the kit manifest
 * and one kit file (read by bench/rawLoad.ts: their bodies are more than autocannon can parse):
 * ≥ 30 %, p99 ≤ 10 ms. Also the read
 * model's start time, heap and per-item memory, and its rebuild time, which bound
 * how stale a second server process can be (src/public/follow.ts).
 *
 *   npm run bench:public-api       (BENCH_STORIES=10000 BENCH_SECONDS=10 to change)
 */
import autocannon from 'autocannon'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { getPayload, handleEndpoints, type Payload, type SanitizedConfig } from 'payload'

import { followChanges, type PublicReadModel, startReadModel, stopReadModel } from '../src/public'
import { dispatchFor, ownHandlers } from '../src/server'
import { seedKitAssets } from './kitServing'
import { rawLoad, type RawResult } from './rawLoad'
import { CAMPAIGN, seed } from './seed'
import { benchConfig } from './config'

const STORIES = Number(process.env.BENCH_STORIES || 10_000)
const SECONDS = Number(process.env.BENCH_SECONDS || 10)
const CONNECTIONS = 32
const WARMUP_SECONDS = 2
const BASE_URL = 'http://relato.bench'
const GALLERY = '/api/public/gallery'
const REST = '/api/stories?limit=20'
// What browsers and CDNs ask for: every answer is measured as it travels (the public answers keep
// their compressed bodies ready). BENCH_ACCEPT_ENCODING=identity measures uncompressed bytes.
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? 'gzip, deflate, br'
const WIRE = { 'accept-encoding': ACCEPT_ENCODING }

type Served = { url: string; close: () => Promise<void> }
type Captured = { status: number; headers: string[]; body: Buffer; ms: number }

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6

async function serve(listener: http.RequestListener): Promise<Served> {
  const server = http.createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const failed = (res: http.ServerResponse, error: unknown) => {
  console.error(error)
  if (!res.headersSent) res.writeHead(500)
  res.end()
}

/**
 * As server.ts answers /api/public/*: through its route table. `follow` adds its check for other
 * processes' changes; `routed: false` calls the public handler directly (what the table costs).
 */
async function publicServer(
  payload: Payload,
  model: PublicReadModel,
  follow: boolean,
  routed = true,
): Promise<Served> {
  const follower = follow ? followChanges(payload, model) : undefined
  const handlers = ownHandlers(payload, model, {
    selfService: { baseUrl: BASE_URL },
    beforeAnswer: follower,
  })
  const dispatch = routed ? dispatchFor(handlers) : handlers.publicApi
  const served = await serve((req, res) => {
    Promise.resolve(dispatch(req, res))
      .then((handled) => {
        if (!handled) res.writeHead(404).end()
      })
      .catch((error) => failed(res, error))
  })
  // Its timers (pruning old change records) must not outlive the database they query.
  return {
    ...served,
    close: async () => Promise.all([served.close(), follower?.stop()]).then(() => undefined),
  }
}

/**
 * What Next's /api route runs (Payload's REST handlers), without Next itself. SQLite answers
 * synchronously on this thread, so requests are let in one at a time: that costs no throughput,
 * and a request whose client gave up (autocannon times out after 10 s) is dropped unanswered
 * instead of holding the thread into the next server's measurement.
 */
async function restServer(
  config: SanitizedConfig,
): Promise<Served & { idle: () => Promise<void> }> {
  let tail = Promise.resolve()
  const answer = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    gone: () => boolean,
  ) => {
    // A turn of the event loop first, or a client's leaving is never seen between two queries.
    await new Promise((resolve) => setImmediate(resolve))
    if (gone()) return
    try {
      const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host}`), {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([name, value]) =>
          value === undefined
            ? []
            : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
        ),
      })
      const response = await handleEndpoints({ config, request })
      res.statusCode = response.status
      response.headers.forEach((value, name) => res.setHeader(name, value))
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      failed(res, error)
    }
  }
  const served = await serve((req, res) => {
    let closed = false
    res.once('close', () => (closed = true))
    // node:http destroys `req` as soon as it reads the client's end; the socket closes later.
    tail = tail.then(() => answer(req, res, () => closed || req.destroyed))
  })
  // Once the load has stopped no request joins, so the current tail is the last one.
  return { ...served, idle: () => tail }
}

/**
 * One response as sent (uncompressed unless `headers` ask otherwise), minus what node:http adds
 * itself; and how long it took.
 */
function capture(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<Captured> {
  const start = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const headers: string[] = []
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            if (!['date', 'connection', 'keep-alive'].includes(res.rawHeaders[i].toLowerCase()))
              headers.push(res.rawHeaders[i], res.rawHeaders[i + 1])
          }
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks),
            ms: ms(start),
          })
        })
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

/** The floor: node:http writing fixed bytes. */
const bareServer = ({ status, headers, body }: Captured) =>
  serve((_req, res) => res.writeHead(status, headers).end(body))

/** Load from a worker thread, so that on 2 cores the servers keep the main thread to themselves. */
async function load(url: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, workers: 1, headers: WIRE })
}

async function measure(url: string): Promise<autocannon.Result> {
  await load(url, WARMUP_SECONDS)
  return load(url, SECONDS)
}

const ROUNDS = 3
const byRate = (a: autocannon.Result, b: autocannon.Result) =>
  a.requests.average - b.requests.average

/**
 * The API and the bare server, measured in turn ROUNDS times; each keeps its median round. On a
 * shared 2-core machine one run of the same server swings by a third from one minute to the next:
 * measured side by side, both see the same neighbours.
 */
async function alternate(a: string, b: string): Promise<[autocannon.Result, autocannon.Result]> {
  await load(a, WARMUP_SECONDS)
  await load(b, WARMUP_SECONDS)
  const rounds: [autocannon.Result[], autocannon.Result[]] = [[], []]
  for (let round = 0; round < ROUNDS; round++) {
    rounds[0].push(await load(a, SECONDS))
    rounds[1].push(await load(b, SECONDS))
  }
  const median = (results: autocannon.Result[]) => results.sort(byRate)[Math.floor(ROUNDS / 2)]
  return [median(rounds[0]), median(rounds[1])]
}

const pad = (text: string | number, width: number) => String(text).padStart(width)
const perSecond = (rate: number) => rate.toFixed(rate < 10 ? 2 : 0)

function row(name: string, target: string, result: autocannon.Result): string {
  const label = `  ${name.padEnd(20)} ${target.padEnd(31)}`
  const problems = result.non2xx + result.errors + result.timeouts
  const trouble = problems
    ? `  ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`
    : ''
  if (!result['2xx']) return `${label}      0 req/s  (no reply within the run)${trouble}`
  // autocannon keeps latencies in whole milliseconds, which floors a sub-millisecond mean; while
  // every connection always waits on one request, connections ÷ req/s bounds it from above.
  const cycle = (CONNECTIONS / result.requests.average) * 1000
  const bound =
    !problems && result.latency.mean < 5 ? `  (${CONNECTIONS} ÷ req/s ${cycle.toFixed(2)} ms)` : ''
  return `${label} ${pad(perSecond(result.requests.average), 6)} req/s  p99 ${pad(result.latency.p99.toFixed(0), 5)} ms  mean ${pad(result.latency.mean.toFixed(2), 8)} ms${bound}${trouble}`
}

/** Heap in use after a full collection (run with --expose-gc), else as it stands. */
function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS')

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-bench-public-'))
  const config = await benchConfig(dir)
  // The default cache key: handleEndpoints looks the instance up by it.
  const payload = await getPayload({ config })

  // Before the read model exists, so that seeding does not also refresh it 10,000 times.
  let start = process.hrtime.bigint()
  await seed(payload, STORIES)
  const seedMs = ms(start)
  const { docs: campaigns } = await payload.find({
    collection: 'campaigns',
    where: { slug: { equals: CAMPAIGN } },
    depth: 0,
  })
  const kitPlan = await seedKitAssets(payload, String(campaigns[0].id))
  console.log(
    `seeded ${STORIES} stories in ${(seedMs / 1000).toFixed(1)} s (one payload.create, the rest copied in SQL)`,
  )

  const heapBefore = settledHeap()
  start = process.hrtime.bigint()
  const cpuBefore = process.cpuUsage()
  const model = await startReadModel(payload, BASE_URL)
  const startMs = ms(start)
  // On a shared machine the wall time says more about the neighbours than about the build.
  const startCpu = process.cpuUsage(cpuBefore)
  const startCpuMs = (startCpu.user + startCpu.system) / 1000
  // Before stock REST's queries swell the process, as a process serving only the public API would be.
  const startMemory = process.memoryUsage()
  const heapBuilt = settledHeap()

  const publicApi = await publicServer(payload, model, true)
  const publicBare = await publicServer(payload, model, false)
  const publicDirect = await publicServer(payload, model, true, false)
  const rest = await restServer(config)
  const sample = await capture(`${publicApi.url}${GALLERY}`)
  const bare = await bareServer(await capture(`${publicApi.url}${GALLERY}`, WIRE))
  const restSample = await capture(`${rest.url}${REST}`)
  const gallery = JSON.parse(sample.body.toString()) as { items: unknown[]; totalItems: number }
  const docs = JSON.parse(restSample.body.toString()) as { docs: unknown[]; totalDocs: number }
  console.log(
    `gallery: ${sample.status}, ${gallery.items.length} of ${gallery.totalItems} items, ${sample.body.length} bytes; ` +
      `stock REST: ${restSample.status}, ${docs.docs?.length} of ${docs.totalDocs} docs, ${restSample.body.length} bytes`,
  )

  const [publicResult, bareResult] = await alternate(
    `${publicApi.url}${GALLERY}`,
    `${bare.url}${GALLERY}`,
  )
  const publicBareResult = await measure(`${publicBare.url}${GALLERY}`)
  const publicDirectResult = await measure(`${publicDirect.url}${GALLERY}`)
  await load(`${rest.url}${REST}`, WARMUP_SECONDS)
  await rest.idle()
  const restResult = await load(`${rest.url}${REST}`, SECONDS)
  await rest.idle()
  // One request at a time, nothing else running: the most stock REST can do on one thread.
  const samples: number[] = []
  for (let i = 0; i < 3; i++) samples.push((await capture(`${rest.url}${REST}`)).ms)
  const serial = samples.sort((a, b) => a - b)[1]

  // The site pages, from the same read model.
  const site = await publicServer(payload, model, true)
  const firstStory = (gallery.items[0] as { id: string }).id
  const kitUrl = `/api/public/campaigns/${CAMPAIGN}/kit`
  const manifest = JSON.parse((await capture(`${site.url}${kitUrl}`)).body.toString()) as {
    assets: { url: string }[]
  }
  // The manifest is in the campaign's first language; the plan holds every language's cards.
  const kitCards = kitPlan.filter((asset) => asset.lang === 'en').length
  if (!kitCards || manifest.assets?.length !== kitCards)
    throw new Error(`expected ${kitCards} kit cards, got ${manifest.assets?.length}`)
  const kitFile = new URL(manifest.assets[0].url).pathname
  // [path, name, target share of the API's req/s]
  const pages: [string, string, number][] = [
    ['/gallery', '/gallery', 0.5],
    [`/stories/${firstStory}`, '/stories/:id', 0.5],
    [`/campaigns/${CAMPAIGN}`, '/campaigns/:slug', 0.5],
    [`/embed/${CAMPAIGN}`, '/embed/:campaign', 0.5],
  ]
  const pageResults: [string, number, Captured, autocannon.Result][] = []
  for (const [page, name, target] of pages)
    pageResults.push([
      name,
      target,
      await capture(`${site.url}${page}`, WIRE),
      await measure(`${site.url}${page}`),
    ])

  // Kit answers are read by a client that parses only Content-Length, beside the API read the
  // same way: autocannon parses bodies in JavaScript and tops out near 1,250 req/s on a 70 KB
  // card, and near 750 on the 95 KB manifest of 2,400 cards, bare node:http or not
  // (bench/rawLoad.ts). Each beside a bare server sending its very bytes.
  const rawMeasure = async (url: string) => {
    await rawLoad(url, { connections: CONNECTIONS, seconds: WARMUP_SECONDS, headers: WIRE })
    return rawLoad(url, { connections: CONNECTIONS, seconds: SECONDS, headers: WIRE })
  }
  const rawApi = await rawMeasure(`${publicApi.url}${GALLERY}`)
  const kitResults: [string, Captured, RawResult, RawResult][] = []
  for (const [kitPath, name] of [
    [kitUrl, `kit manifest (${kitCards})`],
    [kitFile, 'one kit file'],
  ]) {
    const sample = await capture(`${site.url}${kitPath}`, WIRE)
    const bareKit = await bareServer(sample)
    kitResults.push([
      name,
      sample,
      await rawMeasure(`${site.url}${kitPath}`),
      await rawMeasure(`${bareKit.url}${kitPath}`),
    ])
    await bareKit.close()
  }

  start = process.hrtime.bigint()
  await model.rebuild()
  const rebuildMs = ms(start)
  const memory = process.memoryUsage()

  const rps = (result: autocannon.Result) => result.requests.average
  // The better of the two for stock REST, so the ratio errs in its favour.
  const restRps = Math.max(rps(restResult), 1000 / serial)
  const overRest = rps(publicResult) / restRps
  const ofBare = rps(publicResult) / rps(bareResult)
  const p99 = publicResult.latency.p99
  console.log(
    `\nload average ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(
        ' ',
      )} (uptime), public API, ${STORIES} stories, ${CONNECTIONS} connections × ${SECONDS} s each (after ${WARMUP_SECONDS} s warm-up), ${os.cpus().length} cores, Accept-Encoding: ${ACCEPT_ENCODING}`,
  )
  console.log(row('public API', `GET ${GALLERY}`, publicResult))
  console.log(row('  (no change check)', `GET ${GALLERY}`, publicBareResult))
  console.log(row('  (no route table)', `GET ${GALLERY}`, publicDirectResult))
  console.log(
    `  route table's cost   ${pad(((1 - rps(publicResult) / rps(publicDirectResult)) * 100).toFixed(1), 6)} %   of the req/s without it`,
  )
  console.log(row('stock Payload REST', `GET ${REST}`, restResult))
  console.log(
    `  ${'  (one at a time)'.padEnd(20)} ${`GET ${REST}`.padEnd(31)} ${pad(perSecond(1000 / serial), 6)} req/s  median of 3: ${serial.toFixed(0)} ms each`,
  )
  console.log(row('bare node:http', `GET ${GALLERY} (bytes)`, bareResult))
  console.log(
    `  (the API and bare node:http in turn, ${ROUNDS} rounds each: the median round of each)`,
  )
  console.log(
    `  public ÷ stock REST  ${pad(overRest.toFixed(1), 6)}×   (target ≥ 20×)    ${verdict(overRest >= 20)}`,
  )
  console.log(
    `  public ÷ bare server ${pad((ofBare * 100).toFixed(0), 6)} %   (target ≥ 50 %)   ${verdict(ofBare >= 0.5)}`,
  )
  console.log(
    `  public p99           ${pad(p99.toFixed(0), 6)} ms  (target ≤ 10 ms)  ${verdict(p99 <= 10)}`,
  )
  console.log(`\nsite pages beside it (same model, ${CONNECTIONS} connections × ${SECONDS} s each)`)
  for (const [name, target, pageSample, result] of pageResults) {
    const ofApi = rps(result) / rps(publicResult)
    const percent = `${(target * 100).toFixed(0)} %`
    console.log(row(name, `GET (${pageSample.status}, ${pageSample.body.length} B)`, result))
    console.log(
      `  ${''.padEnd(20)} ${pad((ofApi * 100).toFixed(0), 6)} % of the API   (target ≥ ${percent})   ${verdict(ofApi >= target)}   p99 ${result.latency.p99.toFixed(0)} ms (API ${publicResult.latency.p99.toFixed(0)} ms; target ≤ 10 ms) ${verdict(result['2xx'] > 0 && result.latency.p99 <= 10)}`,
    )
  }
  console.log(
    `\nkit answers, read by a client that parses only Content-Length (bench/rawLoad.ts), beside the API read the same way`,
  )
  const asResult = (result: RawResult) => result as unknown as autocannon.Result
  console.log(row('public API', `GET ${GALLERY}`, asResult(rawApi)))
  for (const [name, sample, result, bareResult] of kitResults) {
    const ofApi = result.requests.average / rawApi.requests.average
    const p99 = result.latency.p99
    console.log(row(name, `GET (${sample.status}, ${sample.body.length} B)`, asResult(result)))
    console.log(
      `  ${''.padEnd(20)} ${pad((ofApi * 100).toFixed(0), 6)} % of the API   (target ≥ 30 %)   ${verdict(ofApi >= 0.3)}   p99 ${p99.toFixed(1)} ms (target ≤ 10 ms) ${verdict(result['2xx'] > 0 && p99 <= 10)}`,
    )
    console.log(row(`  bare, ${name}`, `GET (${sample.body.length} B)`, asResult(bareResult)))
    console.log(
      `  ${''.padEnd(20)} ${pad(((result.requests.average / bareResult.requests.average) * 100).toFixed(0), 6)} % of bare node:http sending the same bytes`,
    )
  }
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`
  console.log(
    `  read model: start ${startMs.toFixed(0)} ms, rebuild ${rebuildMs.toFixed(0)} ms for ${STORIES} stories`,
  )
  const perItem = (heapBuilt - heapBefore) / STORIES
  const gcNote = (globalThis as { gc?: unknown }).gc ? 'after gc' : 'NO gc: run with --expose-gc'
  console.log(
    `  start ${pad((startMs / 1000).toFixed(1), 6)} s   (target ≤ 15 s at 100,000)  ${verdict(startMs <= 15_000)}   CPU ${(startCpuMs / 1000).toFixed(1)} s, load average ${os.loadavg()[0].toFixed(1)}`,
  )
  console.log(
    `  heap  ${pad(mb(heapBuilt), 9)}  (target ≤ 1 GB, ${gcNote}; ${mb(heapBefore)} before the model)  ${verdict(heapBuilt <= 2 ** 30)}`,
  )
  console.log(
    `  read model per item ${pad((perItem / 1024).toFixed(1), 6)} KB  ((heap built − heap before) ÷ ${STORIES})`,
  )
  console.log(
    `  memory: RSS ${mb(startMemory.rss)} (heap ${mb(startMemory.heapUsed)}) once built, RSS ${mb(memory.rss)} (heap ${mb(memory.heapUsed)}) at the end`,
  )

  await Promise.all([
    publicApi.close(),
    publicBare.close(),
    publicDirect.close(),
    rest.close(),
    bare.close(),
    site.close(),
  ])
  stopReadModel(model)
  await payload.destroy()
  await fs.rm(dir, { recursive: true, force: true })
  process.exit(0)
}

await main()
