/**
 * bench/media: what the media pipeline costs per image, against raw sharp doing the same
 * operations in the same process. Prints medians and ratios; target ≤ 1.25×.
 *
 *   npm run bench:media            (BENCH_RUNS=7 BENCH_MP=12 to change runs and megapixels)
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'
import sharp from 'sharp'

import { cleanImage } from '../src/media/pipeline'
import { mediaLimits } from '../src/lib/mediaLimits'
import { benchConfig } from './config'

const RUNS = Number(process.env.BENCH_RUNS || 7)
const MEGAPIXELS = Number(process.env.BENCH_MP || 12)
const SIZES = [[400], [800], [1600], [1200, 630]] as const

async function photo(): Promise<Buffer> {
  const width = Math.round(Math.sqrt((MEGAPIXELS * 1e6 * 4) / 3))
  const height = Math.round((width * 3) / 4)
  // Smooth gradients plus noise compress like a photo, unlike a flat colour.
  const noise = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .png()
    .toBuffer()
  return sharp(noise)
    .blur(1.5)
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'BenchPhone' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 3/1 751/100' },
    })
    .toBuffer()
}

/** Raw sharp: decode, orient, sRGB, re-encode without metadata. */
const rawClean = (input: Buffer) =>
  sharp(input).rotate().toColourspace('srgb').jpeg({ quality: 88, mozjpeg: true }).toBuffer()

/** Raw sharp: the eight renditions Relato stores (each size as JPEG and WebP). */
async function rawSizes(clean: Buffer): Promise<void> {
  await Promise.all(
    SIZES.flatMap(([width, height]) => [
      sharp(clean)
        .resize(width, height ?? undefined, { withoutEnlargement: true })
        .jpeg()
        .toBuffer(),
      sharp(clean)
        .resize(width, height ?? undefined, { withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer(),
    ]),
  )
}

async function time(task: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint()
  await task()
  return Number(process.hrtime.bigint() - start) / 1e6
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-bench-media-'))
  const payload = await getPayload({
    config: benchConfig(dir, { LOG_LEVEL: undefined }),
  })
  const limits = mediaLimits({})
  const input = await photo()
  const results: Record<string, number[]> = {
    rawClean: [],
    pipelineClean: [],
    rawAll: [],
    pipelineAll: [],
  }

  for (let run = -1; run < RUNS; run++) {
    const sample: Record<string, number> = {
      rawClean: await time(() => rawClean(input)),
      pipelineClean: await time(() => cleanImage(input, { ...limits, filename: 'bench.jpg' })),
      rawAll: await time(async () => rawSizes(await rawClean(input))),
      pipelineAll: await time(() =>
        payload.create({
          collection: 'media',
          data: { alt: 'bench' },
          file: {
            data: input,
            mimetype: 'image/jpeg',
            name: `bench-${run + 1}.jpg`,
            size: input.length,
          },
        }),
      ),
    }
    if (run >= 0) for (const [name, ms] of Object.entries(sample)) results[name].push(ms)
  }

  const m = Object.fromEntries(
    Object.entries(results).map(([name, values]) => [name, median(values)]),
  )
  console.log(
    `media pipeline, ${MEGAPIXELS} MP JPEG (${(input.length / 1e6).toFixed(1)} MB), median of ${RUNS} runs, ${os.cpus().length} cores`,
  )
  console.log(
    `  clean only : pipeline ${m.pipelineClean.toFixed(0)} ms  raw sharp ${m.rawClean.toFixed(0)} ms  ratio ${(m.pipelineClean / m.rawClean).toFixed(2)}×`,
  )
  console.log(
    `  + 8 sizes  : upload   ${m.pipelineAll.toFixed(0)} ms  raw sharp ${m.rawAll.toFixed(0)} ms  ratio ${(m.pipelineAll / m.rawAll).toFixed(2)}×  (target ≤ 1.25×)`,
  )
  await payload.destroy()
  await fs.rm(dir, { recursive: true, force: true })
  process.exit(0)
}

await main()
