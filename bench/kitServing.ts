/**
 * bench/kitServing: how fast a 40-story campaign's kit (240 cards) is answered, beside the public
 * API's gallery, in the same process and run: req/s and p99 for the kit manifest, one kit file
 * and the gallery, and the manifest's ratio to the gallery (target ≥ 30 %, p99 ≤ 10 ms).
 *
 *   npm run bench:kits:serve       (npm run bench:kits runs it first, then the rendering bench)
 *
 * The cards are stored as the job stores them (a record per card with the hash the plan gives
 * it), but every card of a format shares one drawing: the bench measures answering, not drawing.
 */
import autocannon from 'autocannon'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { crc32 } from 'node:zlib'
import { getPayload, type Payload } from 'payload'

import { createKitHandler } from '../src/kits'
import { writeKitFile } from '../src/kits/files'
import { campaignById, eligibleItems, planKit } from '../src/kits/plan'
import { renderCard, type RenderedCard } from '../src/kits/render'
import { now } from '../src/lib/clock'
import { relatoSettings } from '../src/lib/settings'
import { createPublicHandler, startReadModel, stopReadModel } from '../src/public'
import { SYSTEM_CHANGE } from '../src/workflow/hooks'
import { benchConfig } from './config'

const STORIES = Number(process.env.BENCH_KIT_STORIES || 40)
const SECONDS = Number(process.env.BENCH_SECONDS || 8)
const CONNECTIONS = 32

const pad = (text: string | number, width: number) => String(text).padStart(width)

function row(name: string, result: autocannon.Result): string {
  const problems = result.non2xx + result.errors + result.timeouts
  const trouble = problems
    ? `  ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`
    : ''
  return `  ${name.padEnd(22)} ${pad(result.requests.average.toFixed(0), 7)} req/s  p99 ${pad(result.latency.p99.toFixed(0), 5)} ms  mean ${pad(result.latency.mean.toFixed(2), 8)} ms${trouble}`
}

async function measure(url: string): Promise<autocannon.Result> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, workers: 1 })
  return autocannon({ url, connections: CONNECTIONS, duration: SECONDS, workers: 1 })
}

/**
 * The kit records the job would write for a campaign, with the plan's hashes, every card of a
 * format sharing one drawing (answering is measured, not drawing). Returns the plan.
 */
export async function seedKitAssets(payload: Payload, campaignId: string) {
  const kit = (await campaignById(payload, campaignId))!
  const at = now()
  const { plan } = await planKit(
    payload,
    kit,
    await eligibleItems(payload, kit, at),
    kit.languages,
    at,
  )
  const drawings = new Map<string, RenderedCard>()
  const { storage } = relatoSettings(payload)
  for (const asset of plan) {
    let card = drawings.get(asset.format)
    if (!card)
      drawings.set(
        asset.format,
        (card = await renderCard(
          {
            kind: 'quote',
            quote: asset.quote,
            attribution: asset.attribution,
            hashtag: asset.hashtag,
            brand: { primary: '#123456', accent: '#ffaa00', logo: null },
          },
          asset.format,
        )),
      )
    const filename = `${randomBytes(12).toString('hex')}.${card.mimeType === 'image/png' ? 'png' : 'jpg'}`
    await writeKitFile(storage, filename, card.data, card.mimeType)
    await payload.create({
      collection: 'kit-assets',
      overrideAccess: true,
      data: {
        key: asset.key,
        campaign: campaignId,
        subject: asset.subject,
        card: asset.card,
        format: asset.format,
        lang: asset.lang,
        hash: asset.hash,
        needs: asset.needs,
        media: [],
        filename,
        mimeType: card.mimeType,
        bytes: card.data.length,
        crc32: crc32(card.data),
        width: card.width,
        height: card.height,
        alt: 'Quote card',
      },
    })
  }

  return plan
}

export async function benchKitServing(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-bench-kit-serving-'))
  const payload = await getPayload({
    config: benchConfig(dir),
    // Its own key: bench/kits.ts starts another instance after this one.
    key: 'bench-kit-serving',
  })
  const campaign = await payload.create({
    collection: 'campaigns',
    data: {
      slug: 'bench',
      title: 'Bench',
      status: 'live',
      hashtags: ['we_are_home'],
      languages: ['en'],
    },
  })
  for (let index = 0; index < STORIES; index++) {
    await payload.create({
      collection: 'stories',
      context: { [SYSTEM_CHANGE]: true },
      data: {
        title: `Story ${index + 1}`,
        language: 'en',
        pullQuote: `Every morning at four I light the ovens (${index + 1}).`,
        displayName: `Teller ${index + 1}`,
        campaigns: [campaign.id],
        status: 'published',
        consent: { state: 'granted', social: true, named: true, photo: true },
      },
    })
  }
  const plan = await seedKitAssets(payload, String(campaign.id))

  const model = await startReadModel(payload, 'http://127.0.0.1')
  const handlePublic = createPublicHandler(model)
  const handleKit = createKitHandler(payload, { baseUrl: () => model.baseUrl })
  const server = http.createServer(async (req, res) => {
    if (await handleKit(req, res)) return
    if (await handlePublic(req, res)) return
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const manifest = (await (await fetch(`${base}/api/public/campaigns/bench/kit`)).json()) as {
    assets: { url: string; bytes: number }[]
  }
  if (manifest.assets.length !== plan.length)
    throw new Error(`expected ${plan.length} cards in the manifest, got ${manifest.assets.length}`)
  const file = manifest.assets[0]
  const fileUrl = `${base}${new URL(file.url).pathname}`

  const gallery = await measure(`${base}/api/public/gallery`)
  const kitManifest = await measure(`${base}/api/public/campaigns/bench/kit`)
  const kitFile = await measure(fileUrl)
  const ratio = kitManifest.requests.average / gallery.requests.average
  console.log(
    `kit serving: ${STORIES}-story campaign, ${plan.length} cards, ${CONNECTIONS} connections × ${SECONDS} s, ${os.cpus().length} cores`,
  )
  console.log(row('/api/public/gallery', gallery))
  console.log(row('kit manifest', kitManifest))
  console.log(row(`one kit file (${(file.bytes / 1024).toFixed(0)} KB)`, kitFile))
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS')
  console.log(
    `  manifest ÷ API        ${(ratio * 100).toFixed(0)} %  (target ≥ 30 %)  ${verdict(ratio >= 0.3)}`,
  )
  // No reply at all is no pass.
  const fast = (result: autocannon.Result) => result['2xx'] > 0 && result.latency.p99 <= 10
  console.log(
    `  manifest p99          ${kitManifest.latency.p99} ms  (target ≤ 10 ms)  ${verdict(fast(kitManifest))}`,
  )
  console.log(
    `  file p99              ${kitFile.latency.p99} ms  (target ≤ 10 ms)  ${verdict(fast(kitFile))}`,
  )
  // Requests the load left unanswered must end before the database closes.
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  stopReadModel(model)
  await payload.destroy()
  await fs.rm(dir, { recursive: true, force: true })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchKitServing()
  process.exit(0)
}
