import sharp from 'sharp'
import { afterAll, expect, it } from 'vitest'

import { advanceClockForTests, now, resetClockForTests } from '../../src/lib/clock'
import { relatoSettings } from '../../src/lib/settings'
import { CAPTION_LIMITS, FORMATS, runKitJobs } from '../../src/kits'
import { listKitFiles } from '../../src/kits/files'
import { sweepExpiredKitAssets } from '../../src/kits/remove'
import { type TestApp, useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { DAY, publishResource } from '../helpers/resources'
import { secondEditor } from '../helpers/stories'

// Know-your-rights cards in a campaign's kit (issue 16), over real HTTP: the campaign's public
// resources in every format and every language they are current in; a draft, a flagged
// translation, an archived resource or one past its review date never shows, in the same request.

const SLUG = 'know-your-rights-week'
const HOTLINE = '(213) 555-0100'

type Asset = {
  id: string
  item: { kind: string; id: string }
  card: string
  format: string
  width: number
  height: number
  mimeType: string
  url: string
  alt: string
  captions: Record<string, string>
  credit: string
}

async function manifest(app: TestApp, lang: string) {
  const response = await fetch(`${app.server.url}/api/public/campaigns/${SLUG}/kit?lang=${lang}`)
  expect(response.status).toBe(200)
  return (await response.json()) as { assets: Asset[]; credits: string[] }
}

const rightsOf = (assets: Asset[]) => assets.filter((asset) => asset.card === 'rights')

describeEachDatabase('social-media kits: know-your-rights cards', (database) => {
  const app = useTestApp(database, { editor: 'editor' })
  afterAll(() => resetClockForTests())

  /** archived → edited in `locale` → published by the other editor (four eyes). */
  async function cycle(id: string, patch: Record<string, unknown>, locale: string) {
    const { api, people } = app
    const second = await secondEditor(app)
    const { token } = people.editor
    expectStatus(await api.patch(`/api/resources/${id}`, { status: 'archived' }, { token }), 200)
    expectStatus(await api.patch(`/api/resources/${id}?locale=${locale}`, patch, { token }), 200)
    expectStatus(
      await api.patch(`/api/resources/${id}`, { status: 'published' }, { token: second.token }),
      200,
    )
  }

  it('draws a card per format and language for each public card of the campaign; flagged, archived and expired ones leave at once', async () => {
    const { api, people } = app
    const { token } = people.editor
    const campaign = expectStatus(
      await api.post(
        '/api/campaigns',
        {
          slug: SLUG,
          title: 'Know your rights week',
          status: 'live',
          hashtags: ['know_your_rights'],
          brand: { primaryColor: '#123456', accentColor: '#ffaa00' },
          languages: ['en', 'es'],
        },
        { token },
      ),
      201,
    ).body.doc.id as string
    await api.patch(
      `/api/campaigns/${campaign}?locale=es`,
      { title: 'Semana Conozca sus derechos' },
      { token },
    )
    const create = async (title: string) =>
      expectStatus(
        await api.post(
          '/api/resources?locale=en',
          {
            kind: 'know-your-rights',
            title,
            card: {
              doThis: 'Do not open the door. Ask to see a warrant signed by a judge.',
              toAgent: 'I do not consent to your entry. I will remain silent.',
            },
            phones: [{ number: HOTLINE, hours: '24/7', languages: ['en', 'es'] }],
            campaigns: [campaign],
            nextReviewAt: new Date(now().getTime() + 30 * DAY).toISOString(),
          },
          { token },
        ),
        201,
      ).body.doc.id as string
    const draft = await create('A draft card')
    const id = await create('Your rights at the door')
    await publishResource(app, id)
    const second = await secondEditor(app)
    await cycle(
      id,
      {
        title: 'Sus derechos en la puerta',
        card: {
          doThis: 'No abra la puerta. Pida ver una orden firmada por un juez.',
          toAgent: 'No doy mi consentimiento para que entren. Voy a guardar silencio.',
        },
      },
      'es',
    )
    await runKitJobs(app.instance.payload)

    const english = rightsOf((await manifest(app, 'en')).assets)
    const spanish = rightsOf((await manifest(app, 'es')).assets)
    for (const [cards, lang] of [
      [english, 'en'],
      [spanish, 'es'],
    ] as const) {
      // One card per format; the draft never appears.
      expect(cards.map((asset) => asset.format).sort(), lang).toEqual(Object.keys(FORMATS).sort())
      expect(cards.every((asset) => asset.item.kind === 'resource' && asset.item.id === id)).toBe(
        true,
      )
      for (const asset of cards) {
        const response = await fetch(asset.url)
        expect(response.status, asset.url).toBe(200)
        expect(response.headers.get('surrogate-key')?.split(' ')).toContain(`resources/${id}`)
        const bytes = Buffer.from(await response.arrayBuffer())
        const meta = await sharp(bytes).metadata()
        const format = FORMATS[asset.format as keyof typeof FORMATS]
        expect([meta.width, meta.height], asset.format).toEqual([format.width, format.height])
        expect([asset.width, asset.height]).toEqual([format.width, format.height])
        expect(meta.format).toBe(asset.mimeType === 'image/png' ? 'png' : 'jpeg')
        if (format.maxBytes) expect(bytes.length).toBeLessThanOrEqual(format.maxBytes)
        for (const [platform, limit] of Object.entries(CAPTION_LIMITS)) {
          expect([...asset.captions[platform]].length).toBeLessThanOrEqual(limit)
          expect(asset.captions[platform], platform).toContain(HOTLINE)
          expect(asset.captions[platform]).toContain(`/resources?lang=${lang}`)
        }
      }
    }
    expect(english[0].alt).toMatch(/^Know-your-rights card: Your rights at the door\./)
    expect(english[0].alt).toContain(HOTLINE)
    expect(english[0].credit).toBe('“Your rights at the door” — Know your rights week')
    expect(spanish[0].alt).toMatch(/^Tarjeta Conozca sus derechos: Sus derechos en la puerta\./)
    expect(spanish[0].captions.x).toContain('No abra la puerta')
    const everything = JSON.stringify([english, spanish])
    expect(everything).not.toContain(draft)
    expect(everything).not.toContain('A draft card')

    // The English source changes: the Spanish side is flagged and its cards leave at once (the
    // kit view plans none), before any job runs; English is drawn again by the build.
    await cycle(
      id,
      { card: { doThis: 'Do not open the door. Stay calm. Ask for a warrant signed by a judge.' } },
      'en',
    )
    expect(rightsOf((await manifest(app, 'es')).assets)).toEqual([])
    for (const asset of spanish) expect((await fetch(asset.url)).status).toBe(404)
    await runKitJobs(app.instance.payload)
    expect(rightsOf((await manifest(app, 'es')).assets)).toEqual([])
    const redrawn = rightsOf((await manifest(app, 'en')).assets)
    expect(redrawn).toHaveLength(6)
    expect(redrawn[0].captions.linkedin).toContain('Stay calm')
    for (const asset of english) expect((await fetch(asset.url)).status).toBe(404)

    // Archived: gone in the archiving request, files and records.
    expectStatus(await api.patch(`/api/resources/${id}`, { status: 'archived' }, { token }), 200)
    expect(rightsOf((await manifest(app, 'en')).assets)).toEqual([])
    for (const asset of redrawn) expect((await fetch(asset.url)).status).toBe(404)
    expectStatus(
      await api.patch(`/api/resources/${id}`, { status: 'published' }, { token: second.token }),
      200,
    )
    await runKitJobs(app.instance.payload)
    const back = rightsOf((await manifest(app, 'en')).assets)
    expect(back).toHaveLength(6)

    // Past its review date: out of the manifest and its files 404 in the same request, no job.
    advanceClockForTests(31 * DAY)
    expect(rightsOf((await manifest(app, 'en')).assets)).toEqual([])
    for (const asset of back) expect((await fetch(asset.url)).status).toBe(404)
    // The worker's sweep then deletes the files and records.
    const storage = relatoSettings(app.instance.payload).storage
    const before = (await listKitFiles(storage)).length
    expect(await sweepExpiredKitAssets(app.instance.payload, now())).toBe(1)
    expect(await listKitFiles(storage)).toHaveLength(before - 6)
    const { totalDocs } = await app.instance.payload.count({
      collection: 'kit-assets',
      where: { subject: { equals: `resources/${id}` } },
    })
    expect(totalDocs).toBe(0)
  })
})
