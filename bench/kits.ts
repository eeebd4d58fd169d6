/**
 * bench/kits: what a social-media kit costs, against raw sharp doing the same composites in the
 * same process, and how much memory streaming a 200-asset ZIP takes. Prints medians and ratios;
 * target ≤ 1.3×. First, how fast a 240-card kit is answered beside the public API (bench/kitServing.ts).
 *
 *   npm run bench:kits            (BENCH_RUNS=3 to change the number of runs)
 */
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { getPayload, type Payload } from 'payload'
import sharp, { type OverlayOptions } from 'sharp'

import { buildKit, createKitHandler } from '../src/kits'
import { benchKitServing } from './kitServing'
import { fontDescription, fontFile } from '../src/kits/fonts'
import { FORMAT_NAMES, FORMATS, type FormatName } from '../src/kits/formats'
import { type CardSpec, renderCard, type RenderedCard } from '../src/kits/render'
import { SYSTEM_CHANGE } from '../src/workflow/hooks'
import { benchConfig } from './config'

const RUNS = Number(process.env.BENCH_RUNS || 3)
const QUOTES = [
  'Cruzamos el río con mi niña en brazos; mañana será otro día y seguiremos aquí.',
  'Every morning at four I light the ovens. The street is still dark, and the first customers are the bus drivers.',
  'My mother taught me to sew in Oaxaca; now I teach the neighbours’ children on Saturdays.',
  'We rebuilt our kitchen, one plate at a time, and now the whole block eats with us on Sundays.',
  'Cuando llegó la carta, lloramos todos. Luego hicimos tamales.',
]

async function photo(seed: number): Promise<Buffer> {
  const noise = await sharp({
    create: {
      width: 2400,
      height: 1600,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 100 + seed, sigma: 40 },
    },
  })
    .png()
    .toBuffer()
  return sharp(noise).blur(1.5).jpeg({ quality: 90 }).toBuffer()
}

/** Raw sharp: the same layers at the sizes and places the renderer chose, composited and encoded once. */
async function rawCard(spec: CardSpec, format: FormatName, drawn: RenderedCard): Promise<Buffer> {
  const { width, height } = FORMATS[format]
  const layers: OverlayOptions[] = []
  let base = sharp({ create: { width, height, channels: 3, background: spec.brand.primary } })
  if (spec.kind === 'photo') {
    const meta = await sharp(spec.photo).metadata()
    const ratio = width / height
    const cropWidth = Math.min(meta.width!, Math.round(meta.height! * ratio))
    const cropHeight = Math.min(meta.height!, Math.round(meta.width! / ratio))
    base = sharp(
      await sharp(spec.photo)
        .extract({ left: 0, top: 0, width: cropWidth, height: cropHeight })
        .resize(width, height)
        .toBuffer(),
    )
    const band = drawn.layout.textBoxes[0]
    layers.push({
      input: await sharp({
        create: {
          width,
          height: band.height * 2,
          channels: 4,
          background: { r: 18, g: 52, b: 86, alpha: 0.9 },
        },
      })
        .png()
        .toBuffer(),
      left: 0,
      top: band.y,
    })
  }
  for (const [index, text] of drawn.layout.texts.entries()) {
    const image = await sharp({
      text: {
        text: `<span foreground="${text.style.color}">${text.text}</span>`,
        font: fontDescription(text.style.weight, text.size),
        fontfile: fontFile(text.style.weight),
        width: text.width,
        dpi: 72,
        rgba: true,
        wrap: 'word-char',
      },
    })
      .png({ compressionLevel: 1 })
      .toBuffer()
    layers.push({
      input: image,
      left: drawn.layout.drawn[index].x,
      top: drawn.layout.drawn[index].y,
    })
  }
  for (const rect of drawn.layout.decorations) {
    const source = spec.kind === 'artwork' ? spec.artwork : spec.brand.logo!
    layers.push({
      input: await sharp(source)
        .resize(rect.width, rect.height, { fit: 'inside' })
        .png()
        .toBuffer(),
      left: rect.x,
      top: rect.y,
    })
  }
  const composed = base.composite(layers)
  return drawn.mimeType === 'image/png'
    ? composed.png({ compressionLevel: 6 }).toBuffer()
    : composed.jpeg({ quality: 85 }).toBuffer()
}

async function time<T>(task: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint()
  const result = await task()
  return [Number(process.hrtime.bigint() - start) / 1e6, result]
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function seedCampaign(
  payload: Payload,
  slug: string,
  stories: number,
  languages: ('en' | 'es')[],
  logo: string,
  image: string,
): Promise<string> {
  const campaign = await payload.create({
    collection: 'campaigns',
    data: {
      slug,
      title: slug,
      status: 'live',
      hashtags: ['we_are_home'],
      languages,
      brand: { primaryColor: '#123456', accentColor: '#ffaa00', logo },
    },
  })
  for (let index = 0; index < stories; index++) {
    const story = await payload.create({
      collection: 'stories',
      context: { [SYSTEM_CHANGE]: true },
      data: {
        title: `Story ${index + 1}`,
        language: 'en',
        pullQuote: QUOTES[index % QUOTES.length],
        displayName: `Teller ${index + 1}`,
        campaigns: [campaign.id],
        status: 'published',
        consent: { state: 'granted', social: true, named: true, photo: true },
      },
    })
    // Attached by the system: the story is already published, which a person may not change unseen.
    await payload.update({
      collection: 'stories',
      id: story.id,
      data: { images: [image] },
      context: { [SYSTEM_CHANGE]: true },
    })
  }
  return String(campaign.id)
}

async function main() {
  await benchKitServing()
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-bench-kits-'))
  const payload = await getPayload({
    config: benchConfig(dir),
  })
  const logoBytes = await sharp({
    create: { width: 400, height: 160, channels: 3, background: '#f59e0b' },
  })
    .png()
    .toBuffer()
  const logo = await payload.create({
    collection: 'media',
    data: { alt: 'Logo' },
    file: { data: logoBytes, mimetype: 'image/png', name: 'logo.png', size: logoBytes.length },
  })
  const photoBytes = await photo(0)
  const image = await payload.create({
    collection: 'media',
    data: { alt: 'A kitchen' },
    file: {
      data: photoBytes,
      mimetype: 'image/jpeg',
      name: 'kitchen.jpg',
      size: photoBytes.length,
    },
  })
  const brand = { primary: '#123456', accent: '#ffaa00', logo: logoBytes }
  const cleanPhoto = await fs.readFile(path.join(dir, 'media', image.filename!))

  // The cards of a 10-story campaign in two languages: a quote card and a photo card in every format.
  const specs: [CardSpec, FormatName][] = []
  for (let index = 0; index < 10; index++) {
    for (const attribution of [`Teller ${index + 1}`, `Narradora ${index + 1}`]) {
      for (const format of FORMAT_NAMES) {
        specs.push([
          {
            kind: 'quote',
            quote: QUOTES[index % QUOTES.length],
            attribution,
            hashtag: '#WeAreHome',
            brand,
          },
          format,
        ])
        specs.push([
          { kind: 'photo', photo: cleanPhoto, attribution, hashtag: '#WeAreHome', brand },
          format,
        ])
      }
    }
  }
  await renderCard(specs[0][0], specs[0][1]) // registers the fonts with fontconfig

  const results: Record<string, number[]> = { renderer: [], raw: [], job: [], unchanged: [] }
  for (let run = 0; run < RUNS; run++) {
    const drawn: RenderedCard[] = []
    const [ours] = await time(async () => {
      for (const [spec, format] of specs) drawn.push(await renderCard(spec, format))
    })
    const [raw] = await time(async () => {
      for (const [index, [spec, format]] of specs.entries())
        await rawCard(spec, format, drawn[index])
    })
    const campaign = await seedCampaign(
      payload,
      `bench-${run}`,
      10,
      ['en', 'es'],
      String(logo.id),
      String(image.id),
    )
    const [job, built] = await time(() => buildKit(payload, campaign))
    const [unchanged, again] = await time(() => buildKit(payload, campaign))
    if (built.rendered !== specs.length || again.rendered !== 0)
      throw new Error(
        `expected ${specs.length} cards then none, got ${built.rendered} and ${again.rendered}`,
      )
    results.renderer.push(ours)
    results.raw.push(raw)
    results.job.push(job)
    results.unchanged.push(unchanged)
  }
  const m = Object.fromEntries(
    Object.entries(results).map(([name, values]) => [name, median(values)]),
  )
  console.log(
    `social-media kit, 10 stories × 2 languages × (quote + photo card) × 6 formats = ${specs.length} images, median of ${RUNS} runs, ${os.cpus().length} cores`,
  )
  console.log(
    `  renderer   : ${m.renderer.toFixed(0)} ms  raw sharp, same composites: ${m.raw.toFixed(0)} ms  ratio ${(m.renderer / m.raw).toFixed(2)}×  (target ≤ 1.3×)`,
  )
  console.log(
    `  whole job  : ${m.job.toFixed(0)} ms (policy, hashes, storage, records)  ratio to raw ${(m.job / m.raw).toFixed(2)}×`,
  )
  console.log(
    `  unchanged  : ${m.unchanged.toFixed(0)} ms to rebuild with nothing changed (0 images drawn)`,
  )

  // A 200-asset ZIP, streamed over HTTP, with resident memory sampled meanwhile.
  const zipCampaign = await seedCampaign(
    payload,
    'zip-bench',
    17,
    ['en'],
    String(logo.id),
    String(image.id),
  )
  const built = await buildKit(payload, zipCampaign)
  const handle = createKitHandler(payload, {
    baseUrl: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  })
  const server = http.createServer(async (req, res) => {
    if (!(await handle(req, res))) res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/public/campaigns/zip-bench/kit.zip`
  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
  const start = process.hrtime.bigint()
  const response = await fetch(url)
  let firstByte = 0
  let bytes = 0
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (!bytes) firstByte = Number(process.hrtime.bigint() - start) / 1e6
    bytes += chunk.length
  }
  const total = Number(process.hrtime.bigint() - start) / 1e6
  clearInterval(sampler)
  console.log(
    `  200-asset ZIP: ${built.total} images, ${(bytes / 1e6).toFixed(1)} MB streamed in ${total.toFixed(0)} ms, first byte after ${firstByte.toFixed(0)} ms`,
  )
  console.log(
    `                 resident memory ${(before / 1e6).toFixed(0)} MB before, peak ${(peak / 1e6).toFixed(0)} MB while streaming (+${((peak - before) / 1e6).toFixed(0)} MB, server and client in one process)`,
  )
  server.close()
  await payload.destroy()
  await fs.rm(dir, { recursive: true, force: true })
  process.exit(0)
}

await main()
