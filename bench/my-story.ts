/**
 * bench/my-story: does a management link's answer time say anything about it? Times the 404
 * of a link that never existed, one that was erased, and malformed ones, against the 200 of a
 * live link (the baseline: a real lookup plus a page), with 2,000 stories in the database.
 * Prints medians and ratios from one run; the 404 kinds should be within noise of each other.
 *
 *   npm run bench:my-story        (BENCH_REQUESTS=400 BENCH_STORIES=2000 to change)
 */
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'

import { createSelfServiceHandler } from '../src/selfservice'
import { newManagementToken } from '../src/selfservice/token'
import { benchConfig } from './config'

const REQUESTS = Number(process.env.BENCH_REQUESTS || 400)
const STORIES = Number(process.env.BENCH_STORIES || 2000)
const UNLIMITED = { points: 1e9, seconds: 1 }

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-bench-my-story-'))
const config = await benchConfig(dir, { NODE_ENV: 'development' })
const payload = await getPayload({ config })
await payload.create({
  collection: 'consent-texts',
  locale: 'en',
  data: { version: 'v1', body: 'I agree.', active: true },
})

const server = http.createServer()
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const handle = createSelfServiceHandler(payload, {
  baseUrl: base,
  limits: { submissions: UNLIMITED, management: UNLIMITED },
})
server.on('request', async (req, res) => {
  if (!(await handle(req, res))) res.writeHead(404).end()
})

const submit = async () => {
  const body = JSON.stringify({ story: 'A story for the bench.', scopes: ['gallery'], lang: 'en' })
  const response = await fetch(`${base}/api/public/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })
  return ((await response.json()) as { token: string }).token
}
for (let i = 0; i < STORIES; i++) await submit()
const live = await submit()
const erased = await submit()
const erasedStatus = (
  await fetch(`${base}/api/public/my-story/${erased}/erase`, {
    method: 'POST',
    body: new URLSearchParams({ confirm: 'yes' }),
  })
).status
if (erasedStatus !== 200) throw new Error(`erasure failed: ${erasedStatus}`)

// A repeated token finds the database's pages cached, a new one not: both kinds of "never
// existed" are timed, so that the comparison with the (repeated) erased token is fair.
const neverExisted = newManagementToken().token
const kinds: Record<string, () => string> = {
  'live link (200)': () => live,
  'never existed (404)': () => neverExisted,
  'never existed, new each time (404)': () => newManagementToken().token,
  'erased (404)': () => erased,
  'malformed, short (404)': () => 'abc',
  'malformed, long (404)': () => 'x'.repeat(300),
}
const times: Record<string, number[]> = Object.fromEntries(
  Object.keys(kinds).map((kind) => [kind, []]),
)
// Interleaved in a new order each round, so that a slow moment of the machine (or the work left
// behind by the previous request) falls on every kind alike.
const shuffled = <T>(list: T[]) =>
  list
    .map((item) => [Math.random(), item] as const)
    .sort(([a], [b]) => a - b)
    .map(([, item]) => item)
for (let round = 0; round < REQUESTS; round++) {
  for (const [kind, token] of shuffled(Object.entries(kinds))) {
    const url = `${base}/my-story/${token()}`
    const start = process.hrtime.bigint()
    const response = await fetch(url)
    await response.arrayBuffer()
    if (round > 20) times[kind].push(Number(process.hrtime.bigint() - start) / 1e6)
  }
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
const baseline = median(times['never existed (404)'])
console.log(`bench/my-story: ${STORIES} stories, ${REQUESTS} rounds, median answer time`)
for (const [kind, list] of Object.entries(times)) {
  console.log(
    `  ${kind.padEnd(36)} ${median(list).toFixed(2).padStart(7)} ms   ${(median(list) / baseline).toFixed(2)}× never-existed`,
  )
}
server.close()
await payload.destroy()
await fs.rm(dir, { recursive: true, force: true })
process.exit(0)
