import http from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { createLocalReq } from 'payload'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'

import { advanceClockForTests, now } from '../../src/lib/clock'
import { relatoSettings } from '../../src/lib/settings'
import {
  buildKit,
  CAPTION_LIMITS,
  FORMATS,
  KIT_QUEUE,
  kitAutoRun,
  queueKitBuild,
  removeKitAssetsOf,
  runKitJobs,
  runKitJobsInThisProcess,
} from '../../src/kits'
import { listKitFiles } from '../../src/kits/files'
import { sweepExpiredKitAssets } from '../../src/kits/remove'
import { SYSTEM_CHANGE } from '../../src/workflow/hooks'
import { type TestApp, useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { pattern } from '../helpers/images'
import { upload } from '../helpers/media'
import { publishedStory, reviewAndPublish, withdrawConsent, grantConsent } from '../helpers/stories'
import { countQueries } from '../helpers/queries'
import { createCampaign } from '../helpers/site'
import { STAMP_CHECK_INTERVAL_MS } from '../../src/lib/follow'
import { readZip } from '../helpers/zip'

// The name a storyteller did not agree to show: it must appear nowhere in a kit.
const SECRET_NAME = 'Canary Realname'
const SLUG = 'we-are-home'

type Asset = {
  id: string
  item: { kind: string; id: string }
  card: string
  format: string
  width: number
  height: number
  bytes: number
  url: string
  alt: string
  captions: Record<string, string>
  credit: string
}

/** A change made by the system (a person may not change a published item in place: four eyes). */
/** A response's status, headers and bytes exactly as sent (fetch would decompress them). */
function rawGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) =>
      http
        .get(url, { headers }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
          )
          res.on('error', reject)
        })
        .on('error', reject),
  )
}

async function systemEdit(
  app: TestApp,
  id: string,
  data: Record<string, unknown>,
  locale: 'en' | 'es' = 'en',
) {
  await app.instance.payload.update({
    collection: 'stories',
    id,
    data,
    locale,
    context: { [SYSTEM_CHANGE]: true },
  })
}

async function getJson(app: TestApp, path: string) {
  const response = await fetch(`${app.server.url}${path}`)
  return { status: response.status, body: await response.json() }
}

async function manifest(app: TestApp, lang = 'en') {
  return expectStatus(
    (await getJson(app, `/api/public/campaigns/${SLUG}/kit?lang=${lang}`)) as never,
    200,
  ).body as { assets: Asset[]; credits: string[]; usage: string; zip: string }
}

const itemsOf = (assets: Asset[]) => [...new Set(assets.map((asset) => asset.item.id))].sort()

/** A campaign with a logo and the items every consent case needs, its kit built. */
async function seedCampaign(app: TestApp) {
  const { api, people } = app
  const image = (
    await upload(app.server, people.editor.token, await pattern(1200, 800), 'kitchen.png')
  ).body.doc.id as string
  expectStatus(
    await api.patch(
      `/api/media/${image}?locale=es`,
      { alt: 'Una cocina' },
      { token: people.editor.token },
    ),
    200,
  )
  const logo = (
    await upload(
      app.server,
      people.editor.token,
      await sharp({ create: { width: 300, height: 120, channels: 3, background: '#f59e0b' } })
        .png()
        .toBuffer(),
      'logo.png',
    )
  ).body.doc.id as string
  const campaign = expectStatus(
    await api.post(
      '/api/campaigns',
      {
        slug: SLUG,
        title: 'We are home',
        status: 'live',
        hashtags: ['we_are_home', 'familiasUnidas'],
        brand: { primaryColor: '#123456', accentColor: '#ffaa00', logo },
        languages: ['en', 'es'],
      },
      { token: people.editor.token },
    ),
    201,
  ).body.doc.id as string
  await api.patch(
    `/api/campaigns/${campaign}?locale=es`,
    { title: 'Estamos en casa' },
    { token: people.editor.token },
  )
  const ids: Record<string, string> = {}
  const story = (scopes: string[], extra: Record<string, unknown> = {}) =>
    publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes,
      images: [image],
      extra: {
        campaigns: [campaign],
        pullQuote:
          'We rebuilt our kitchen, one plate at a time, and now the whole block eats with us on Sundays.',
        ...extra,
      },
    })
  ids.named = await story(['social', 'named', 'photo', 'gallery'], {
    displayName: 'Rosa M.',
    title: 'The kitchen',
  })
  await systemEdit(
    app,
    ids.named,
    {
      title: 'La cocina',
      pullQuote:
        'Reconstruimos nuestra cocina, plato a plato, y ahora toda la cuadra come con nosotros los domingos.',
    },
    'es',
  )
  ids.anonymous = await story(['social'], { displayName: SECRET_NAME, title: 'Night shift' })
  ids.noSocial = await story(['gallery', 'named', 'photo'], {
    displayName: SECRET_NAME,
    title: 'Only the site',
  })
  ids.expiring = await story(['social'], { title: 'For a while' })
  expectStatus(
    await api.post(
      '/api/consent-records',
      {
        subject: { relationTo: 'stories', value: ids.expiring },
        action: 'grant',
        scopes: ['social'],
        consentText: app.textId,
        expiresAt: new Date(now().getTime() + 3_600_000).toISOString(),
      },
      { token: people.teller.token },
    ),
    201,
  )
  ids.unpublished = expectStatus(
    await api.post(
      '/api/stories',
      { title: 'Draft', language: 'en', campaigns: [campaign], displayName: SECRET_NAME },
      { token: people.teller.token },
    ),
    201,
  ).body.doc.id
  await grantConsent(app, 'stories', ids.unpublished, 'teller', ['social', 'named', 'photo'])
  ids.toWithdraw = await story(['social', 'photo'], { title: 'Leaving soon' })

  const artwork = expectStatus(
    await api.post(
      '/api/artworks',
      { title: 'Monarcas', creditLine: 'Colectivo Alas', licence: 'cc-by-nc' },
      { token: people.artist.token },
    ),
    201,
  ).body.doc.id as string
  await grantConsent(app, 'artworks', artwork, 'artist', ['social', 'named'])
  expectStatus(
    await api.patch(`/api/artworks/${artwork}`, { image }, { token: people.editor.token }),
    200,
  )
  await reviewAndPublish(app, 'artworks', artwork, 'editor')
  ids.artwork = artwork
  expectStatus(
    await api.patch(
      `/api/campaigns/${campaign}`,
      {
        featured: [
          { relationTo: 'artworks', value: artwork },
          { relationTo: 'stories', value: ids.noSocial },
        ],
      },
      { token: people.editor.token },
    ),
    200,
  )
  await runKitJobs(app.instance.payload)
  return { ids, campaign, image }
}

describeEachDatabase('social-media kits', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller', artist: 'artist' })
  let ids: Record<string, string> = {}
  let campaign = ''
  let image = ''
  beforeAll(async () => {
    ;({ ids, campaign, image } = await seedCampaign(app))
  })

  it('holds only items consented for social media, published and current; photo cards only with `photo`', async () => {
    const kit = await manifest(app)
    expect(itemsOf(kit.assets)).toEqual(
      [ids.named, ids.anonymous, ids.expiring, ids.toWithdraw, ids.artwork].sort(),
    )
    const cards = (id: string) =>
      [
        ...new Set(kit.assets.filter((asset) => asset.item.id === id).map((asset) => asset.card)),
      ].sort()
    expect(cards(ids.named)).toEqual(['photo', 'quote'])
    expect(cards(ids.anonymous)).toEqual(['quote'])
    expect(cards(ids.artwork)).toEqual(['artwork'])
    for (const id of [ids.named, ids.anonymous, ids.artwork])
      expect(
        kit.assets.filter((asset) => asset.item.id === id).map((a) => a.format).length % 6,
      ).toBe(0)
    // Featured first (the artwork), and the editors' featured story without `social` is not there.
    expect(kit.assets[0].item.id).toBe(ids.artwork)
    // How far the job is shows in the admin only.
    expect(kit).not.toHaveProperty('status')

    advanceClockForTests(2 * 3_600_000)
    const later = await manifest(app)
    expect(itemsOf(later.assets)).not.toContain(ids.expiring)
    const expiredAsset = kit.assets.find((asset) => asset.item.id === ids.expiring)!
    expect((await fetch(expiredAsset.url)).status).toBe(404)
    // The worker's sweep then deletes the expired item's files too.
    const storage = relatoSettings(app.instance.payload).storage
    const { docs } = await app.instance.payload.find({
      collection: 'kit-assets',
      where: { subject: { equals: `stories/${ids.expiring}` } },
      pagination: false,
    })
    // A quote card (no `photo`) in six formats and two languages.
    expect(docs.length).toBe(12)
    expect(await sweepExpiredKitAssets(app.instance.payload, now())).toBe(1)
    const left = await listKitFiles(storage)
    for (const doc of docs) expect(left).not.toContain(doc.filename)
  })

  it('never shows a name without `named`: not in captions, credits, alt text or the ZIP', async () => {
    for (const lang of ['en', 'es']) {
      const kit = await manifest(app, lang)
      expect(JSON.stringify(kit)).not.toContain(SECRET_NAME)
      const anonymous = kit.assets.find((asset) => asset.item.id === ids.anonymous)!
      expect(anonymous.credit).toContain(lang === 'es' ? 'Anónimo' : 'Anonymous')
      expect(anonymous.alt).toContain(lang === 'es' ? 'Anónimo' : 'Anonymous')
      const named = kit.assets.find((asset) => asset.item.id === ids.named)!
      expect(named.credit).toContain('Rosa M.')
      const zip = await readZip(
        Buffer.from(
          await (
            await fetch(`${app.server.url}/api/public/campaigns/${SLUG}/kit.zip?lang=${lang}`)
          ).arrayBuffer(),
        ),
      )
      for (const [name, data] of zip)
        if (!/\.(png|jpg)$/.test(name))
          expect(data.toString('utf8'), name).not.toContain(SECRET_NAME)
    }
  })

  it('serves every format at its exact size, bluesky within 1 MB, each with alt text', async () => {
    const kit = await manifest(app)
    for (const asset of kit.assets) {
      const response = await fetch(asset.url)
      expect(response.status, asset.url).toBe(200)
      const bytes = Buffer.from(await response.arrayBuffer())
      expect(bytes.length).toBe(asset.bytes)
      const meta = await sharp(bytes).metadata()
      const format = FORMATS[asset.format as keyof typeof FORMATS]
      expect([meta.width, meta.height], `${asset.card} ${asset.format}`).toEqual([
        format.width,
        format.height,
      ])
      expect([asset.width, asset.height]).toEqual([format.width, format.height])
      if (asset.format === 'bluesky') expect(bytes.length).toBeLessThanOrEqual(1_000_000)
      expect(asset.alt.length).toBeGreaterThan(10)
    }
  })

  it('writes captions within every platform limit in both languages, with the public link and CamelCase hashtags', async () => {
    for (const lang of ['en', 'es']) {
      const kit = await manifest(app, lang)
      for (const asset of kit.assets) {
        for (const [platform, caption] of Object.entries(asset.captions)) {
          expect(
            [...new Intl.Segmenter().segment(caption)].length,
            `${platform} ${lang}`,
          ).toBeLessThanOrEqual(CAPTION_LIMITS[platform as keyof typeof CAPTION_LIMITS])
          expect(caption).toContain('#WeAreHome')
        }
      }
      const named = kit.assets.find((asset) => asset.item.id === ids.named)!
      expect(named.captions.instagram).toContain(
        `${app.server.url}/stories/${ids.named}?lang=${lang}`,
      )
      expect(named.captions.instagram).toContain('#FamiliasUnidas')
      expect(named.captions.linkedin).toContain(
        lang === 'es' ? 'Reconstruimos nuestra cocina' : 'We rebuilt our kitchen',
      )
      // Without `gallery` the story has no public page: the caption links the campaign.
      const anonymous = kit.assets.find((asset) => asset.item.id === ids.anonymous)!
      expect(anonymous.captions.x).toContain(`${app.server.url}/campaigns/${SLUG}?lang=${lang}`)
    }
  })

  it('streams a ZIP with every asset, captions, alt text, credits and the usage note', async () => {
    const kit = await manifest(app, 'es')
    const response = await fetch(kit.zip)
    expect(response.headers.get('content-type')).toBe('application/zip')
    const zip = await readZip(Buffer.from(await response.arrayBuffer()))
    const images = [...zip.keys()].filter((name) => name.startsWith('images/'))
    expect(images).toHaveLength(kit.assets.length)
    for (const name of [
      'README.txt',
      'CREDITS.txt',
      'captions.txt',
      'alt-text.txt',
      'manifest.json',
    ])
      expect(zip.has(name), name).toBe(true)
    expect(zip.get('README.txt')!.toString()).toMatch(/retirar su consentimiento/)
    expect(zip.get('CREDITS.txt')!.toString()).toContain('Colectivo Alas')
    const first = kit.assets[0]
    const served = Buffer.from(await (await fetch(first.url)).arrayBuffer())
    expect(served.length).toBe(first.bytes)
    expect(images.map((name) => zip.get(name)!.length)).toContain(first.bytes)
    expect(images.map((name) => zip.get(name)!).some((data) => data.equals(served))).toBe(true)
  })

  it('answers manifest, files and ZIP from memory: no database query per request, strong ETags and 304', async () => {
    const base = `${app.server.url}/api/public/campaigns/${SLUG}`
    const warm = await fetch(`${base}/kit?lang=es`)
    const etag = warm.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    const kit = (await warm.json()) as { assets: Asset[] }
    const file = kit.assets[0].url
    const fileTag = (await fetch(file)).headers.get('etag')!
    expect(fileTag).toMatch(/^"[\w-]+"$/)
    await (await fetch(`${base}/kit.zip?lang=es`)).arrayBuffer()
    const started = Date.now()
    const { byName } = await countQueries(app.instance.payload, async () => {
      for (let round = 0; round < 5; round++) {
        const again = await fetch(`${base}/kit?lang=es`)
        expect(again.headers.get('etag')).toBe(etag)
        expect(((await again.json()) as { assets: Asset[] }).assets).toHaveLength(kit.assets.length)
        expect(
          (await fetch(`${base}/kit?lang=es`, { headers: { 'If-None-Match': etag } })).status,
        ).toBe(304)
        expect((await fetch(file)).status).toBe(200)
        expect((await fetch(file, { headers: { 'If-None-Match': fileTag } })).status).toBe(304)
        expect((await fetch(`${base}/kit/files/${'0'.repeat(24)}.png`)).status).toBe(404)
        expect(
          (await fetch(`${app.server.url}/api/public/campaigns/no-such-campaign/kit`)).status,
        ).toBe(404)
        const zip = await readZip(
          Buffer.from(await (await fetch(`${base}/kit.zip?lang=es`)).arrayBuffer()),
        )
        expect([...zip.keys()].filter((name) => name.startsWith('images/'))).toHaveLength(
          kit.assets.length,
        )
      }
    })
    // The emergency stop's switch is read again at most every STAMP_CHECK_INTERVAL_MS (other
    // processes may flip it): bounded by time, not by requests. Nothing else is read.
    const { findGlobal = 0, ...perRequest } = byName
    expect(perRequest).toEqual({})
    expect(findGlobal).toBeLessThanOrEqual(
      Math.ceil((Date.now() - started) / STAMP_CHECK_INTERVAL_MS) + 1,
    )
    // A change to an item in the kit gives the manifest a new ETag: an old copy is not "not modified".
    await systemEdit(app, ids.anonymous, {
      pullQuote: 'The night bus is always late, and so am I.',
    })
    const changed = await fetch(`${base}/kit?lang=es`, { headers: { 'If-None-Match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    // Compressed for clients that take it, from the same composition as the changed one: the
    // same bytes once decoded, the same ETag.
    const plain = await rawGet(`${base}/kit?lang=es`)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers.etag).toBe(changed.headers.get('etag'))
    for (const [encoding, decode] of [
      ['gzip', gunzipSync],
      ['br', brotliDecompressSync],
    ] as const) {
      const packed = await rawGet(`${base}/kit?lang=es`, { 'Accept-Encoding': encoding })
      expect(packed.status).toBe(200)
      expect(packed.headers['content-encoding']).toBe(encoding)
      expect(packed.headers.vary).toBe('Accept-Encoding')
      expect(packed.headers.etag).toBe(plain.headers.etag)
      expect(packed.headers['surrogate-key']).toBe(plain.headers['surrogate-key'])
      expect(Number(packed.headers['content-length'])).toBe(packed.body.length)
      expect(packed.body.length).toBeLessThan(plain.body.length)
      expect(decode(packed.body).equals(plain.body)).toBe(true)
    }
    await runKitJobs(app.instance.payload)
  })

  it("runs on Payload's jobs queue: a waiting build is superseded by its concurrency key, the sweep is scheduled, one runner per process", async () => {
    const { payload } = app.instance
    const req = await createLocalReq({}, payload)
    await queueKitBuild(req, campaign)
    await queueKitBuild(req, campaign)
    const waiting = await payload.find({
      collection: 'payload-jobs',
      where: { and: [{ taskSlug: { equals: 'buildKit' } }, { completedAt: { exists: false } }] },
      pagination: false,
      overrideAccess: true,
    })
    expect(waiting.docs.map((job) => job.concurrencyKey)).toEqual([`kit:${campaign}`])
    await runKitJobs(payload)
    expect(
      (
        await payload.count({
          collection: 'payload-jobs',
          where: { taskSlug: { equals: 'buildKit' } },
          overrideAccess: true,
        })
      ).totalDocs,
    ).toBe(0)

    // The expiry sweep is a scheduled task: scheduled once, however often the schedules are handled.
    expect(
      (await payload.jobs.handleSchedules({ queue: KIT_QUEUE })).queued.map(
        (entry) => entry.taskConfig?.slug,
      ),
    ).toEqual(['sweepExpiredKits'])
    expect((await payload.jobs.handleSchedules({ queue: KIT_QUEUE })).queued).toEqual([])
    expect(
      (
        await payload.count({
          collection: 'payload-jobs',
          where: { taskSlug: { equals: 'sweepExpiredKits' } },
          overrideAccess: true,
        })
      ).totalDocs,
    ).toBe(1)

    // jobs.autoRun: nothing unless the process asked for a runner (server.ts), then one instance.
    const slot = globalThis as Record<symbol, unknown>
    expect(kitAutoRun(payload)).toEqual([])
    try {
      runKitJobsInThisProcess()
      expect(kitAutoRun(payload)).toEqual([expect.objectContaining({ queue: KIT_QUEUE })])
      expect(kitAutoRun({} as typeof payload)).toEqual([])
      expect(kitAutoRun(payload)).toHaveLength(1)
    } finally {
      delete slot[Symbol.for('relato.kitRunner')]
    }
  })

  it('costs nothing when unchanged and redraws only what changed', async () => {
    const { payload } = app.instance
    expect((await buildKit(payload, campaign)).rendered).toBe(0)
    const before = await manifest(app)
    await systemEdit(app, ids.anonymous, { pullQuote: 'Nights are long, and the buses are late.' })
    await runKitJobs(payload)
    const after = await manifest(app)
    const changed = after.assets.filter(
      (asset) => !before.assets.some((old) => old.id === asset.id),
    )
    // The six formats of the quote card; nothing else was drawn again.
    expect(
      changed.every((asset) => asset.item.id === ids.anonymous && asset.card === 'quote'),
    ).toBe(true)
    expect(changed).toHaveLength(6)
    expect(after.assets).toHaveLength(before.assets.length)
  })

  it('leaves out an item that a paused campaign holds, with its files, and brings it back', async () => {
    const { payload } = app.instance
    const elsewhere = await payload.create({
      collection: 'campaigns',
      data: {
        slug: 'held-elsewhere',
        title: 'Elsewhere',
        status: 'live',
        featured: [{ relationTo: 'stories', value: ids.named }],
      },
      locale: 'en',
    })
    const named = (await manifest(app)).assets.filter((asset) => asset.item.id === ids.named)
    expect(named.length).toBeGreaterThan(0)
    const pause = (pausedCampaigns: string[]) =>
      payload.updateGlobal({ slug: 'safety', data: { pausedCampaigns, reason: 'kits test' } })
    await pause([elsewhere.id])
    expect(itemsOf((await manifest(app)).assets)).not.toContain(ids.named)
    for (const asset of named) expect((await fetch(asset.url)).status).toBe(404)
    await pause([])
    expect(itemsOf((await manifest(app)).assets)).toContain(ids.named)
    for (const asset of named) expect((await fetch(asset.url)).status).toBe(200)
    await payload.delete({ collection: 'campaigns', id: elsewhere.id })
  })

  it('removes a withdrawn item from manifest, ZIP and storage before the withdrawal returns', async () => {
    const { payload } = app.instance
    const storage = relatoSettings(payload).storage
    const before = await manifest(app)
    const gone = before.assets.filter((asset) => asset.item.id === ids.toWithdraw)
    // Quote and photo card, six formats each (this manifest is the English one).
    expect(gone.length).toBe(12)
    const { docs } = await payload.find({
      collection: 'kit-assets',
      where: { subject: { equals: `stories/${ids.toWithdraw}` } },
      pagination: false,
    })
    const files = docs.map((doc) => doc.filename)
    expect(files).toHaveLength(24)
    const filesBefore = await listKitFiles(storage)
    for (const name of files) expect(filesBefore).toContain(name)

    await withdrawConsent(app, 'stories', ids.toWithdraw, 'teller')
    // No job has run: the removal happened inside the withdrawing request.
    const after = await manifest(app)
    expect(itemsOf(after.assets)).not.toContain(ids.toWithdraw)
    const filesAfter = await listKitFiles(storage)
    for (const name of files) expect(filesAfter).not.toContain(name)
    expect(
      (
        await payload.count({
          collection: 'kit-assets',
          where: { subject: { equals: `stories/${ids.toWithdraw}` } },
        })
      ).totalDocs,
    ).toBe(0)
    for (const asset of gone) expect((await fetch(asset.url)).status).toBe(404)
    const zip = await readZip(
      Buffer.from(
        await (await fetch(`${app.server.url}/api/public/campaigns/${SLUG}/kit.zip`)).arrayBuffer(),
      ),
    )
    expect([...zip.keys()].filter((name) => name.startsWith('images/'))).toHaveLength(
      after.assets.length,
    )
    expect(zip.get('manifest.json')!.toString()).not.toContain(ids.toWithdraw)
    await runKitJobs(payload)
    expect(itemsOf((await manifest(app)).assets)).not.toContain(ids.toWithdraw)
  })

  it('drops photo cards when `photo` is taken back, and the name when `named` is', async () => {
    await grantConsent(app, 'stories', ids.named, 'teller', ['social', 'gallery'])
    const kit = await manifest(app)
    expect(kit.assets.filter((asset) => asset.item.id === ids.named)).toEqual([])
    await runKitJobs(app.instance.payload)
    const rebuilt = (await manifest(app)).assets.filter((asset) => asset.item.id === ids.named)
    expect(new Set(rebuilt.map((asset) => asset.card))).toEqual(new Set(['quote']))
    expect(JSON.stringify(rebuilt)).not.toContain('Rosa M.')
  })

  it('drops the cards drawn from an image as soon as it is redacted, and draws them again', async () => {
    const before = (await manifest(app)).assets.filter((asset) => asset.item.id === ids.artwork)
    expect(before).toHaveLength(6)
    expectStatus(
      await app.api.patch(
        `/api/media/${image}`,
        { redactions: [{ x: 0, y: 0, width: 0.3, height: 0.3, style: 'fill' }] },
        { token: app.people.editor.token },
      ),
      200,
    )
    expect((await manifest(app)).assets.filter((asset) => asset.item.id === ids.artwork)).toEqual(
      [],
    )
    for (const asset of before) expect((await fetch(asset.url)).status).toBe(404)
    await runKitJobs(app.instance.payload)
    const after = (await manifest(app)).assets.filter((asset) => asset.item.id === ids.artwork)
    expect(after).toHaveLength(6)
    for (const asset of after) expect(before.map((old) => old.id)).not.toContain(asset.id)
  })

  it("lets other code (erasure, issue 6) remove an item's assets with removeKitAssetsOf(req, kind, id)", async () => {
    const { payload } = app.instance
    const { docs } = await payload.find({
      collection: 'kit-assets',
      where: { subject: { equals: `artworks/${ids.artwork}` } },
      pagination: false,
    })
    expect(docs.length).toBe(12)
    await removeKitAssetsOf(await createLocalReq({}, payload), 'artworks', ids.artwork)
    const left = await listKitFiles(relatoSettings(payload).storage)
    for (const doc of docs) expect(left).not.toContain(doc.filename)
    expect(itemsOf((await manifest(app)).assets)).not.toContain(ids.artwork)
  })

  it('keeps kit records and jobs away from anonymous REST and GraphQL, and unpublished campaigns private', async () => {
    expect((await app.api.get('/api/kit-assets')).status).toBe(403)
    expect((await app.api.get('/api/payload-jobs')).status).toBe(403)
    const graphql = await app.api.post('/api/graphql', {
      query: '{ KitAssets { docs { filename } } }',
    })
    expect(JSON.stringify(graphql.body)).not.toMatch(/\.(png|jpg)/)
    expect((await app.api.get(`/api/campaigns/${campaign}`)).body.kit).toBeUndefined()
    expect(
      (await app.api.get(`/api/campaigns/${campaign}`, { token: app.people.editor.token })).body.kit
        .progress,
    ).toMatch(/of/)
    expectStatus(
      await app.api.patch(
        `/api/campaigns/${campaign}`,
        { status: 'draft' },
        { token: app.people.editor.token },
      ),
      200,
    )
    expect((await getJson(app, `/api/public/campaigns/${SLUG}/kit`)).status).toBe(404)
    expect((await fetch(`${app.server.url}/api/public/campaigns/${SLUG}/kit.zip`)).status).toBe(404)
    expect(await listKitFiles(relatoSettings(app.instance.payload).storage)).toEqual([])
    expect((await getJson(app, `/api/public/campaigns/${SLUG}/kit?lang=fr`)).status).toBe(400)
  })
})

/** A live campaign in English with one hashtag, made by the editor: enough for one story's cards. */
const englishCampaign = (app: TestApp) =>
  createCampaign(app, app.people.editor.token, {
    slug: SLUG,
    title: 'We are home',
    status: 'live',
    hashtags: ['WeAreHome'],
    languages: ['en'],
  })

describe('social-media kits on S3 storage', () => {
  const app = useTestApp('sqlite', { editor: 'editor', teller: 'storyteller' }, { s3: true })

  it('writes kit files to the bucket and deletes them there on withdrawal', async () => {
    const campaign = await englishCampaign(app)
    const id = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['social'],
      extra: { campaigns: [campaign], pullQuote: 'Short and true.' },
    })
    await runKitJobs(app.instance.payload)
    const kit = await manifest(app)
    expect(kit.assets).toHaveLength(6)
    const keys = (await app.s3!.listKeys()).filter((key) => key.startsWith('kits/'))
    expect(keys).toHaveLength(6)
    expect((await fetch(kit.assets[0].url)).status).toBe(200)
    await withdrawConsent(app, 'stories', id, 'teller')
    expect((await app.s3!.listKeys()).filter((key) => key.startsWith('kits/'))).toEqual([])
    expect((await manifest(app)).assets).toEqual([])
  })
})

describe('a kit never shows an item as it no longer is', () => {
  const app = useTestApp('sqlite', { editor: 'editor', teller: 'storyteller' })

  it('stops serving cards drawn before a name was granted, a quote edited or a photo removed, until the job redraws them', async () => {
    const { api, people } = app
    const image = (
      await upload(app.server, people.editor.token, await pattern(900, 600), 'porch.png')
    ).body.doc.id as string
    const campaign = await englishCampaign(app)
    const id = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['social', 'photo'],
      images: [image],
      extra: {
        campaigns: [campaign],
        pseudonym: 'Luna',
        displayName: 'Rosa Real',
        pullQuote: 'We live on 5th Street by the church.',
      },
    })
    await runKitJobs(app.instance.payload)
    const cards = async () => (await manifest(app)).assets.filter((asset) => asset.item.id === id)
    const first = await cards()
    expect(first.map((asset) => asset.card).sort()).toEqual([
      ...Array(6).fill('photo'),
      ...Array(6).fill('quote'),
    ])
    expect(JSON.stringify(first)).toContain('Luna')

    const notServed = async (old: Asset[]) => {
      const now = (await cards()).map((asset) => asset.id)
      for (const asset of old) {
        expect(now).not.toContain(asset.id)
        expect((await fetch(asset.url)).status).toBe(404)
      }
    }
    // The name granted: a pseudonym card beside captions naming the person would tie the two.
    await grantConsent(app, 'stories', id, 'teller', ['social', 'photo', 'named'])
    await notServed(first)
    await runKitJobs(app.instance.payload)
    const named = await cards()
    expect(named).toHaveLength(12)
    expect(JSON.stringify(named)).not.toContain('Luna')
    expect(named.every((asset) => asset.alt.includes('Rosa Real'))).toBe(true)

    // A safety edit of the quote: the old words are gone at once.
    await systemEdit(app, id, { pullQuote: 'We live here.' })
    await notServed(named.filter((asset) => asset.card === 'quote'))
    await runKitJobs(app.instance.payload)
    expect(
      (await cards())
        .filter((asset) => asset.card === 'quote')
        .every((asset) => asset.alt.includes('We live here.')),
    ).toBe(true)

    // The photo taken off the story: its cards go, though consent still includes `photo`.
    const photos = (await cards()).filter((asset) => asset.card === 'photo')
    await systemEdit(app, id, { images: [] })
    await notServed(photos)

    // Out of the campaign: the campaign's next build deletes its cards from storage too.
    expectStatus(
      await api.patch(`/api/stories/${id}`, { campaigns: [] }, { token: people.editor.token }),
      200,
    )
    await runKitJobs(app.instance.payload)
    const left = await app.instance.payload.count({
      collection: 'kit-assets',
      where: { subject: { equals: `stories/${id}` } },
      overrideAccess: true,
    })
    expect(left.totalDocs).toBe(0)
    expect(await listKitFiles(relatoSettings(app.instance.payload).storage)).toEqual([])
  })
})
