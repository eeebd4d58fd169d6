import { afterEach, expect, it } from 'vitest'

import { setStop } from '../../src/policy/stop'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { publishedStory } from '../helpers/stories'

describeEachDatabase('emergency stop', (database) => {
  const app = useTestApp(database, {
    admin: 'admin',
    editor: 'editor',
    teller: 'storyteller',
    partner: 'partner',
  })
  afterEach(async () => {
    await app.api.post(
      '/api/globals/safety',
      { publicPaused: false, pausedCampaigns: [], reason: 'test over' },
      { token: app.people.admin.token },
    )
  })

  const TITLE = 'A story that must vanish'
  const publicPaths = (id: string) => [
    '/api/public/gallery',
    `/api/public/stories/${id}`,
    `/api/public/oembed?url=${encodeURIComponent(`${app.server.url}/stories/${id}`)}`,
    '/embed.js',
    '/embed/any-campaign',
    '/api/media/file/anything.jpg',
    '/gallery',
    `/stories/${id}`,
    '/',
  ]

  it('takes every public surface down before the switch returns, audited, and brings it back', async () => {
    const { api, people } = app
    const id = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'partners'],
      extra: { title: TITLE },
    })
    expect(JSON.stringify((await api.get('/api/public/gallery')).body)).toContain(TITLE)
    expectStatus(await api.get(`/api/stories/${id}`), 200)

    expect(
      (
        await api.post(
          '/api/globals/safety',
          { publicPaused: true, reason: 'x' },
          { token: people.editor.token },
        )
      ).status,
    ).toBe(403)
    expect((await api.get('/api/globals/safety', { token: people.editor.token })).status).toBe(403)
    expect(
      (await api.post('/api/globals/safety', { publicPaused: true }, { token: people.admin.token }))
        .status,
    ).toBe(400)
    expectStatus(
      await api.post(
        '/api/globals/safety',
        { publicPaused: true, reason: 'Campaign targeted by ICE' },
        { token: people.admin.token },
      ),
      200,
    )

    for (const path of publicPaths(id)) {
      const res = await api.get(path)
      expect(res.status, path).toBe(503)
      expect(res.headers.get('retry-after'), path).toMatch(/^\d+$/)
      expect(JSON.stringify(res.body), path).not.toContain(TITLE)
    }
    // Anonymous and partner reads through Payload's REST and GraphQL see nothing.
    for (const token of [undefined, people.partner.token]) {
      expect((await api.get(`/api/stories/${id}`, { token })).status).not.toBe(200)
      expect((await api.get('/api/stories', { token })).body.docs ?? []).toEqual([])
      const graphql = await api.post(
        '/api/graphql',
        { query: `{ Stories { docs { id title } } }` },
        { token },
      )
      expect(JSON.stringify(graphql.body)).not.toContain(TITLE)
    }
    // Staff and the owner keep working; storytellers can still reach the self-service pages.
    expectStatus(await api.get(`/api/stories/${id}`, { token: people.editor.token }), 200)
    expectStatus(await api.get(`/api/stories/${id}`, { token: people.teller.token }), 200)
    expect((await api.get('/submit')).status).toBe(200)

    const audit = await app.instance.payload.find({
      collection: 'audit-log',
      where: { action: { equals: 'emergency-stop' } },
      sort: '-at',
      limit: 1,
    })
    expect(audit.docs[0]).toMatchObject({
      subject: 'globals/safety',
      to: 'paused',
      details: { reason: 'Campaign targeted by ICE' },
    })
    expect(String((audit.docs[0].actor as { id?: string })?.id ?? audit.docs[0].actor)).toBe(
      people.admin.id,
    )
    const changes = await app.instance.payload.find({
      collection: 'public-changes',
      sort: '-createdAt',
      limit: 1,
    })
    // ALL_KEY: every public answer carries it, so shared caches drop everything.
    expect(changes.docs[0].keys).toEqual(['safety', 'relato'])

    expectStatus(
      await api.post(
        '/api/globals/safety',
        { publicPaused: false, reason: 'Safe again' },
        { token: people.admin.token },
      ),
      200,
    )
    expectStatus(await api.get(`/api/public/stories/${id}`), 200)
    expect(JSON.stringify((await api.get('/api/public/gallery')).body)).toContain(TITLE)
    expectStatus(await api.get(`/api/stories/${id}`), 200)
  })

  it('reaches a process holding an old copy within the change-counter bound', async () => {
    const { api, people } = app
    expectStatus(
      await api.post(
        '/api/globals/safety',
        { publicPaused: true, reason: 'crisis' },
        { token: people.admin.token },
      ),
      200,
    )
    // Another process read the switch a second ago, before it was flipped.
    setStop({ publicPaused: false, pausedCampaigns: [] }, Date.now() - 1_000)
    expect((await api.get('/api/public/gallery')).status).toBe(503)
  })

  it('pauses one campaign’s surfaces and leaves the rest', async () => {
    const { api, people, instance } = app
    const campaign = await instance.payload.create({
      collection: 'campaigns',
      data: { slug: 'paused-one', title: 'Paused', status: 'live' },
      locale: 'en',
    })
    expectStatus(
      await api.post(
        '/api/globals/safety',
        { pausedCampaigns: [campaign.id], reason: 'doxxing threat' },
        { token: people.admin.token },
      ),
      200,
    )
    for (const path of [
      '/api/public/campaigns/paused-one',
      '/api/public/campaigns/paused-one/feed.json',
      '/api/public/gallery?campaign=paused-one',
      '/embed/paused-one',
      '/campaigns/paused-one',
    ]) {
      expect((await api.get(path)).status, path).toBe(503)
    }
    // Read again from the database, as another process (or this one after the bound) does.
    setStop({ publicPaused: false, pausedCampaigns: [] }, Date.now() - 1_000)
    expect((await api.get('/api/public/campaigns/paused-one')).status).toBe(503)
    expectStatus(await api.get('/api/public/gallery'), 200)
  })
})
