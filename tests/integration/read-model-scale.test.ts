import type { Payload } from 'payload'
import { beforeAll, expect, it } from 'vitest'

import { summarizeConsent } from '../../src/policy/consent'
import { currentReadModel } from '../../src/public'
import { PublicReadModel } from '../../src/public/readModel'
import { SYSTEM_CHANGE } from '../../src/workflow/hooks'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'

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
    const { payload } = app.instance
    const running = currentReadModel()!
    const queries: { limit?: number }[] = []
    const counting = new Proxy(payload, {
      get: (target, name, receiver) =>
        name === 'find'
          ? (args: Parameters<Payload['find']>[0]) => {
              if (args.collection === 'stories') queries.push({ limit: args.limit })
              return target.find(args)
            }
          : Reflect.get(target, name, receiver),
    })
    const fresh = new PublicReadModel(counting, running.baseUrl, { loadPageSize: 2 })
    await fresh.rebuild()
    // 5 stories in pages of 2: 3 queries of 2 each, never one query for all.
    expect(queries).toEqual([{ limit: 2 }, { limit: 2 }, { limit: 2 }])
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
