/**
 * bench/read-model-start: the read model's start on an existing database, alone: wall time, CPU
 * time (what to judge on a shared machine), heap after a full collection and per item. Seeds
 * the database once if it is not there yet (BENCH_DB), so runs after the first measure only the
 * start. Run with `--cpu-prof` to see where the start goes.
 *
 *   BENCH_STORIES=100000 BENCH_DB=/tmp/relato-100k npm run bench:read-model-start
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'

import { startReadModel, stopReadModel } from '../src/public'
import { seed } from './seed'
import { benchConfig } from './config'

const STORIES = Number(process.env.BENCH_STORIES || 100_000)
const dir = process.env.BENCH_DB || path.join(os.tmpdir(), `relato-bench-start-${STORIES}`)

const settledHeap = () => {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed
}
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`

async function main() {
  await fs.mkdir(dir, { recursive: true })
  const fresh = !(await fs.stat(`${dir}/bench.db`).catch(() => null))
  const config = await benchConfig(dir)
  const payload = await getPayload({ config })
  if (fresh) {
    const start = Date.now()
    await seed(payload, STORIES)
    console.log(
      `seeded ${STORIES} stories in ${((Date.now() - start) / 1000).toFixed(1)} s (${dir})`,
    )
  }
  const heapBefore = settledHeap()
  const start = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  const model = await startReadModel(payload, 'http://relato.bench')
  const wall = Number(process.hrtime.bigint() - start) / 1e6
  const used = process.cpuUsage(cpu)
  const heap = settledHeap()
  const first = model.gallery({ surface: 'site', locale: 'en', page: 1, limit: 1 })
  console.log(
    `start ${(wall / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU; ` +
      `heap ${mb(heap)} (${mb(heapBefore)} before, ${((heap - heapBefore) / (first?.totalItems || 1) / 1024).toFixed(2)} KB an item); ` +
      `${first?.totalItems} items on the site; load average ${os.loadavg()[0].toFixed(1)}`,
  )
  stopReadModel(model)
  await payload.destroy()
  process.exit(0)
}

await main()
