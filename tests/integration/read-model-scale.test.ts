import type { Payload } from 'payload'
import { beforeAll, expect, it } from 'vitest'

import { summarizeConsent } from '../../src/policy/consent'
import { currentReadModel } from '../../src/public'
import { projectionInputs } from '../../src/policy'
import { publishedPages } from '../../src/public/load'
import { PublicReadModel } from '../../src/public/readModel'
import { SYSTEM_CHANGE } from '../../src/workflow/hooks'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { pattern } from '../helpers/images'

// The read model at scale (issue 13): it loads in pages (no giant query), keeps its gallery order
// sorted as items come and go (the same order as a fresh load), formats items on demand within a
// bounded cache, and keeps no private field in memory.

const SECRET = 'Private-Name-Canary-13'

describeEachDatabase('read model at scale', (database) => {
  const app = useTestApp(database)
  const ids: string[] = []
  const galleryIds = (model: PublicReadModel, surface: 'site' | 'embed' = 'site') =>
    model.gallery({ surface, locale: 'en', page: 1, limit: 50 })!.items.map((item) => item.id)

  /** A published story made as the system (as the bench does), `minutes` before a fixed time. */
  const story = async (
    payload: Payload,
    title: string,
    minutes: number,
    scopes: ('gallery' | 'partners')[],
  ) => {
    const at = new Date().toISOString()
    const consent = {
      ...summarizeConsent({ action: 'grant', scopes, recordedAt: at, givenAt: at }),
      record: null,
    }
    const doc = await payload.create({
      collection: 'stories',
      context: { [SYSTEM_CHANGE]: true },
      depth: 0,
      data: {
        title,
        status: 'published',
        publishedAt: new Date(Date.UTC(2026, 10, 1) - minutes * 60_000).toISOString(),
        body: [{ children: [{ text: `${title} body` }] }],
        language: 'en',
        legalName: SECRET,
        consent,
      },
    })
    return String(doc.id)
  }

  beforeAll(async () => {
    const { payload } = app.instance
    // Out of order on purpose, two at the same minute (then ordered by key), one on the site only.
    for (const [title, minutes, scopes] of [
      ['Three', 3, ['gallery', 'partners']],
      ['One', 1, ['gallery', 'partners']],
      ['Two a', 2, ['gallery', 'partners']],
      ['Two b', 2, ['gallery']],
      ['Five', 5, ['gallery', 'partners']],
    ] as const) {
      ids.push(await story(payload, title, minutes, [...scopes]))
    }
  })

  it('loads every item in pages, in the order kept by the running model as items arrived', async () => {
    const running = currentReadModel()!
    const fresh = new PublicReadModel(app.instance.payload, running.baseUrl, { loadPageSize: 2 })
    await fresh.rebuild()
    // 5 stories in pages of 2: pages of 2, 2 and 1, never one query for all.
    expect(fresh.loadedPages.filter((page) => page.kind === 'stories')).toEqual([
      { kind: 'stories', size: 2 },
      { kind: 'stories', size: 2 },
      { kind: 'stories', size: 1 },
    ])
    const titles = (model: PublicReadModel) =>
      model
        .gallery({ surface: 'site', locale: 'en', page: 1, limit: 50 })!
        .items.map((item) => item.title)
    const sameMinute = [ids[2], ids[3]].sort()
    expect(galleryIds(fresh)).toEqual([ids[1], ...sameMinute, ids[0], ids[4]])
    expect(galleryIds(running).filter((id) => ids.includes(id))).toEqual(galleryIds(fresh))
    expect(titles(fresh)).toHaveLength(5)
    // The embed surface needs `partners`: "Two b" is on the site only.
    expect(galleryIds(fresh, 'embed')).toEqual(galleryIds(fresh).filter((id) => id !== ids[3]))
    expect(fresh.item('embed', 'stories', ids[3], 'en')).toBeNull()
    expect(fresh.item('site', 'stories', ids[3], 'en')).toMatchObject({
      title: 'Two b',
      bodyHtml: '<p>Two b body</p>',
    })
    // Pages of the gallery are slices of the same order.
    expect(
      fresh
        .gallery({ surface: 'site', locale: 'en', page: 2, limit: 2 })!
        .items.map((item) => item.id),
    ).toEqual(galleryIds(fresh).slice(2, 4))
  })

  it('keeps the formatted-item cache within its bytes and answers the same without it', async () => {
    const running = currentReadModel()!
    const tiny = new PublicReadModel(app.instance.payload, running.baseUrl, {
      formattedCacheBytes: 1,
    })
    await tiny.rebuild()
    for (const id of ids)
      expect(tiny.item('site', 'stories', id, 'es')).toEqual(
        running.item('site', 'stories', id, 'es'),
      )
    expect(tiny.gallery({ surface: 'site', locale: 'en', page: 1, limit: 50 })).toEqual(
      running.gallery({ surface: 'site', locale: 'en', page: 1, limit: 50 }),
    )
    expect(tiny.formattedBytes).toBe(0)
    expect(running.formattedBytes).toBeGreaterThan(0)
  })

  it('loads through the adapter exactly what payload.find gives: the same public answers, no private field', async () => {
    const { payload } = app.instance
    // Every kind of field the policy reads, in both languages: a translated story with themes,
    // content notes, a campaign, a name and an image; a pseudonymous one; an artwork.
    const campaign = await payload.create({
      collection: 'campaigns',
      data: { slug: 'scale-compare', title: 'Compare', status: 'live', hashtags: ['Compare'] },
    })
    const image = await payload.create({
      collection: 'media',
      overrideAccess: true,
      data: { alt: 'A field at dawn' },
      file: { data: await pattern(64, 48), mimetype: 'image/png', name: 'dawn.png', size: 0 },
    })
    const at = new Date().toISOString()
    const consent = (scopes: ('gallery' | 'partners' | 'named' | 'photo')[]) => ({
      ...summarizeConsent({ action: 'grant', scopes, recordedAt: at, givenAt: at }),
      record: null,
    })
    const rich = await payload.create({
      collection: 'stories',
      context: { [SYSTEM_CHANGE]: true },
      depth: 0,
      data: {
        title: 'Rich',
        status: 'published',
        publishedAt: new Date(Date.UTC(2026, 10, 2)).toISOString(),
        body: [{ children: [{ text: 'Rich body' }] }],
        pullQuote: 'We stayed.',
        language: 'en',
        location: 'Tucson',
        themes: ['family', 'work'],
        contentNotes: ['detention', 'deportation'],
        campaigns: [campaign.id],
        images: [image.id],
        displayName: 'Ana R.',
        pseudonym: 'Luz',
        legalName: SECRET,
        consent: consent(['gallery', 'partners', 'named', 'photo']),
      },
    })
    await payload.update({
      collection: 'stories',
      id: rich.id,
      locale: 'es',
      context: { [SYSTEM_CHANGE]: true },
      depth: 0,
      data: { title: 'Rica', body: [{ children: [{ text: 'Cuerpo rico' }] }] },
    })
    await payload.create({
      collection: 'stories',
      context: { [SYSTEM_CHANGE]: true },
      depth: 0,
      data: {
        title: 'Quiet',
        status: 'published',
        publishedAt: new Date(Date.UTC(2026, 10, 3)).toISOString(),
        language: 'es',
        pseudonym: 'Sol',
        consent: consent(['gallery']),
      },
    })
    const artwork = await payload.create({
      collection: 'artworks',
      context: { [SYSTEM_CHANGE]: true },
      depth: 0,
      data: {
        title: 'Mural',
        status: 'published',
        publishedAt: new Date(Date.UTC(2026, 10, 4)).toISOString(),
        description: [{ children: [{ text: 'Painted together' }] }],
        medium: 'Paint',
        licence: 'arr-with-permission',
        year: 2024,
        creditLine: 'The Collective',
        image: image.id,
        contentNotes: ['detention'] as const,
        legalName: SECRET,
        consent: consent(['gallery', 'partners', 'named']),
      },
    })
    const baseUrl = currentReadModel()!.baseUrl
    const fast = new PublicReadModel(payload, baseUrl, { loadPageSize: 3 })
    const reference = new PublicReadModel(payload, baseUrl, { loadThroughPayload: true })
    await Promise.all([fast.rebuild(), reference.rebuild()])
    const answers = (model: PublicReadModel) =>
      JSON.stringify(
        (['site', 'embed'] as const).flatMap((surface) =>
          (['en', 'es'] as const).flatMap((locale) => {
            const gallery = model.gallery({ surface, locale, page: 1, limit: 100 })!
            return [
              gallery,
              model.campaign(surface, 'scale-compare', locale),
              ...gallery.items.map((item) =>
                model.item(
                  surface,
                  item.kind === 'story' ? 'stories' : 'artworks',
                  item.id,
                  locale,
                ),
              ),
            ]
          }),
        ),
      )
    const expected = answers(reference)
    expect(expected).toContain('Cuerpo rico')
    expect(expected).toContain('The Collective')
    expect(expected).toContain('deportation')
    expect(expected).toContain(String(artwork.id))
    expect(answers(fast)).toBe(expected)
    // What each keeps per item: the same decisions of the policy, byte for byte.
    const held = (model: PublicReadModel) =>
      (model as unknown as { items: Record<string, Map<string, { projected: string }>> }).items
    for (const surface of ['site', 'embed'])
      expect(new Map([...held(fast)[surface]].map(([k, v]) => [k, v.projected]))).toEqual(
        new Map([...held(reference)[surface]].map(([k, v]) => [k, v.projected])),
      )
    // The rows it reads hold the policy's inputs only: never a sealed or private field.
    for (const kind of ['stories', 'artworks'] as const) {
      const reader = await publishedPages(payload, kind, projectionInputs(kind), 1000)
      const { docs } = await reader.read(undefined)
      reader.close()
      expect(docs.length).toBeGreaterThan(0)
      for (const doc of docs)
        for (const name of Object.keys(doc))
          expect(['id', ...projectionInputs(kind)]).toContain(name)
      expect(JSON.stringify(docs)).not.toContain(SECRET)
    }
  })

  it('reads a local SQLite file on a connection of its own: the same documents as through Drizzle, in any page size', async () => {
    const payload = app.instance.payload
    for (const kind of ['stories', 'artworks'] as const) {
      const all = async (size: number, own: boolean) => {
        const reader = await publishedPages(payload, kind, projectionInputs(kind), size, own)
        const docs: unknown[] = []
        try {
          let after: unknown
          for (;;) {
            const page = await reader.read(after)
            docs.push(...page.docs)
            if (page.docs.length < size) break
            after = page.next
          }
        } finally {
          reader.close()
        }
        return { source: reader.source, docs }
      }
      const byId = (docs: unknown[]) =>
        [...docs].sort((a, b) =>
          String((a as { id: unknown }).id).localeCompare(String((b as { id: unknown }).id)),
        )
      const own = await all(2, true)
      const drizzle = await all(1000, false)
      // The SQLite runs use a file: its fast path is the one tested here (MongoDB: the adapter's).
      expect(own.source).toBe(database === 'sqlite' ? 'sqlite-file' : 'adapter')
      expect(drizzle.source).toBe(database === 'sqlite' ? 'drizzle' : 'adapter')
      expect(own.docs.length).toBeGreaterThan(0)
      expect(byId(own.docs)).toEqual(byId(drizzle.docs))
    }
  })

  it('keeps no private field in memory', async () => {
    const model = currentReadModel()!
    // What it keeps per item (a private member: read here only to look for the canary).
    const { items } = model as unknown as { items: Record<string, Map<string, unknown>> }
    model.item('site', 'stories', ids[0], 'en')
    const held = JSON.stringify(Object.values(items).map((surface) => [...surface.values()]))
    expect(held).toContain('Three body')
    expect(held).not.toContain(SECRET)
  })

  it('takes a removed item out of the order and every answer at once, and puts it back in place', async () => {
    const model = currentReadModel()!
    const before = galleryIds(model)
    model.removeItem('stories', ids[0])
    expect(galleryIds(model)).toEqual(before.filter((id) => id !== ids[0]))
    expect(model.item('site', 'stories', ids[0], 'en')).toBeNull()
    expect(model.gallery({ surface: 'site', locale: 'en', page: 1, limit: 50 })!.totalItems).toBe(
      before.length - 1,
    )
    await model.refreshItem('stories', ids[0])
    expect(galleryIds(model)).toEqual(before)
  })
})
