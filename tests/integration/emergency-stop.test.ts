import { afterEach, expect, it } from 'vitest'

import { NO_STOP, setStop } from '../../src/policy/stop'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { pattern } from '../helpers/images'
import { upload } from '../helpers/media'
import { publishedArtwork, publishedStory } from '../helpers/stories'

describeEachDatabase('emergency stop', (database) => {
  const app = useTestApp(database, {
    admin: 'admin',
    editor: 'editor',
    teller: 'storyteller',
    artist: 'artist',
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
    '/api/recordings/audio/anything.m4a',
    '/api/recordings/file/anything.m4a',
    '/gallery',
    `/stories/${id}`,
    '/',
  ]

  /** A live campaign, made directly, titled by its slug. */
  const campaign = async (slug: string) =>
    (
      await app.instance.payload.create({
        collection: 'campaigns',
        data: { slug, title: slug, status: 'live' },
        locale: 'en',
      })
    ).id as string

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
    setStop(NO_STOP, Date.now() - 1_000)
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
    setStop(NO_STOP, Date.now() - 1_000)
    expect((await api.get('/api/public/campaigns/paused-one')).status).toBe(503)
    expectStatus(await api.get('/api/public/gallery'), 200)
  })
  it('names none of what a paused campaign holds in permission answers, and keeps it off every door', async () => {
    const { api, people, instance } = app
    const targeted = await campaign('held-targeted')
    const other = await campaign('held-other')
    const story = (title: string, campaigns: string[]) =>
      publishedStory(app, {
        author: 'teller',
        editor: 'editor',
        scopes: ['gallery', 'partners'],
        extra: { title, campaigns },
      })
    // Public and in the paused campaign (and another), public and only featured by it, never
    // public and in it, and free of it.
    const inBoth = await story('Held story in both campaigns', [targeted, other])
    const featured = await story('Held story featured only', [other])
    const unpublished = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Held story never public', language: 'en' },
        { token: people.teller.token },
      ),
      201,
    ).body.doc.id as string
    await instance.payload.update({
      collection: 'stories',
      id: unpublished,
      data: { campaigns: [targeted] },
    })
    const free = await story('Free story', [other])
    const image = await upload(app.server, people.editor.token, await pattern(320, 200), 'a.png')
    expect(image.status).toBe(201)
    const artwork = await publishedArtwork(app, {
      artist: 'artist',
      editor: 'editor',
      scopes: ['gallery', 'partners'],
      image: image.body.doc.id as string,
      extra: { title: 'Held artwork featured' },
    })
    await instance.payload.update({
      collection: 'campaigns',
      id: targeted,
      data: {
        featured: [
          { relationTo: 'stories', value: featured },
          { relationTo: 'artworks', value: artwork },
        ],
      },
    })
    await instance.payload.update({
      collection: 'campaigns',
      id: other,
      data: {
        featured: [
          { relationTo: 'stories', value: inBoth },
          { relationTo: 'stories', value: free },
          { relationTo: 'artworks', value: artwork },
        ],
      },
    })
    expectStatus(
      await api.post(
        '/api/globals/safety',
        { pausedCampaigns: [targeted], reason: 'the campaign is used to find people' },
        { token: people.admin.token },
      ),
      200,
    )
    const heldIds = [inBoth, featured, unpublished, artwork]
    const HELD = /Held (story|artwork)/
    const body = async (path: string, token?: string, query?: string) => {
      const res = query
        ? await api.post('/api/graphql', { query }, { token })
        : await api.get(path, { token })
      return { status: res.status, text: JSON.stringify(res.body) }
    }
    const expectNoneNamed = (text: string, where: string) => {
      for (const id of heldIds) expect(text, `${where} names ${id}`).not.toContain(id)
      expect(text, where).not.toContain('not_in')
    }

    for (const who of ['anonymous', 'partner', 'teller'] as const) {
      const token = who === 'anonymous' ? undefined : people[who].token
      // Permission answers: REST and GraphQL, for the collection and for one held item.
      for (const path of [
        '/api/access',
        '/api/stories/access',
        '/api/artworks/access',
        `/api/stories/access/${featured}`,
        `/api/artworks/access/${artwork}`,
      ]) {
        const { status, text } = await body(path, token)
        // Per-collection permission doors may be closed (src/access/payloadSurface.ts).
        expect([200, 404], `${who} ${path}`).toContain(status)
        if (path === '/api/access') expect(status, who).toBe(200)
        // A closed door's 404 repeats the path asked for; nothing else may name a held id.
        expectNoneNamed(text.replaceAll(path, ''), `${who} ${path}`)
      }
      const access = await body(
        '',
        token,
        `{ Access { stories { read { permission where } } artworks { read { permission where } } }
           docAccessStory(id: "${featured}") { read { permission where } }
           docAccessArtwork(id: "${artwork}") { read { permission where } } }`,
      )
      expect(access.text, who).toContain('"Access"')
      expect(access.text, who).not.toContain('"errors"')
      expectNoneNamed(access.text, `${who} GraphQL Access`)

      // The doors: lists, where on ids, counts, by id, GraphQL, populated campaigns. The
      // storyteller wrote every story here, so they see theirs; the artwork is the artist's.
      const hidden = who === 'teller' ? /Held artwork/ : HELD
      const asked = [...heldIds, free].join(',')
      for (const path of [
        '/api/stories?limit=100',
        `/api/stories?where[id][in]=${asked}`,
        `/api/artworks?where[id][in]=${artwork}`,
        '/api/artworks?limit=100',
        `/api/campaigns/${other}?depth=1`,
        `/api/campaigns/${targeted}?depth=2`,
        '/api/campaigns?depth=1&limit=100',
      ]) {
        const { status, text } = await body(path, token)
        expect(status, `${who} ${path}`).toBe(200)
        expect(text, `${who} ${path}`).not.toMatch(hidden)
      }
      expect((await body(`/api/stories/count?where[id][in]=${asked}`, token)).text, who).toBe(
        `{"totalDocs":${who === 'teller' ? 4 : 1}}`,
      )
      expect((await body(`/api/artworks/count?where[id][in]=${artwork}`, token)).text, who).toBe(
        '{"totalDocs":0}',
      )
      if (who !== 'teller')
        for (const id of [inBoth, featured, unpublished])
          expect((await api.get(`/api/stories/${id}`, { token })).status, `${who} ${id}`).toBe(404)
      expect((await api.get(`/api/artworks/${artwork}`, { token })).status, who).toBe(404)
      expectStatus(await api.get(`/api/stories/${free}`, { token }), 200)
      const ids = JSON.stringify([...heldIds, free])
      const graphql = await body(
        '',
        token,
        `{ Stories(limit: 100) { docs { title } totalDocs }
           asked: Stories(where: { id: { in: ${ids} } }) { docs { title } totalDocs }
           countStories(where: { id: { in: ${ids} } }) { totalDocs }
           Artworks(limit: 100) { docs { title } }
           countArtworks(where: { id: { in: ${ids} } }) { totalDocs }
           inBoth: Story(id: "${inBoth}") { title }
           featured: Story(id: "${featured}") { title }
           artwork: Artwork(id: "${artwork}") { title } }`,
      )
      expect(graphql.text, who).toContain('Free story')
      expect(graphql.text, who).not.toMatch(hidden)
      expect(graphql.text, who).toContain(
        `"countStories":{"totalDocs":${who === 'teller' ? 4 : 1}}`,
      )
      expect(graphql.text, who).toContain('"countArtworks":{"totalDocs":0}')
    }
    // The storyteller still reaches their own held items, by id and in lists.
    for (const id of [inBoth, unpublished])
      expectStatus(await api.get(`/api/stories/${id}`, { token: people.teller.token }), 200)
    expect((await body('/api/stories?limit=100', people.teller.token)).text).toContain(
      'Held story never public',
    )
  })

  it('takes the items a paused campaign holds off every public surface, and brings them back', async () => {
    const { api, people, instance } = app
    const targeted = await campaign('targeted')
    const other = await campaign('other-campaign')
    const imageOf = async (name: string) => {
      const uploaded = await upload(app.server, people.editor.token, await pattern(320, 200), name)
      expect(uploaded.status).toBe(201)
      return uploaded.body.doc.id as string
    }
    const story = (title: string, campaigns: string[], images: string[] = []) =>
      publishedStory(app, {
        author: 'teller',
        editor: 'editor',
        scopes: ['gallery', 'partners', 'photo'],
        images,
        extra: { title, campaigns },
      })
    const held = await story(
      'Held in the targeted campaign',
      [targeted, other],
      [await imageOf('held.png')],
    )
    const featured = await story('Featured by the targeted campaign', [other])
    const free = await story('Free of the targeted campaign', [other], [await imageOf('free.png')])
    await instance.payload.update({
      collection: 'campaigns',
      id: targeted,
      data: { featured: [{ relationTo: 'stories', value: featured }] },
    })
    const fileOf = async (id: string) =>
      new URL((await api.get(`/api/public/stories/${id}`)).body.images[0].url as string).pathname
    const heldFile = await fileOf(held)
    const freeFile = await fileOf(free)

    const HELD = /Held in the targeted|Featured by the targeted/
    const lists = [
      '/api/public/gallery',
      '/api/public/gallery?campaign=other-campaign',
      '/api/public/campaigns/other-campaign/feed.json',
      '/gallery',
      '/campaigns/other-campaign',
      '/api/public/gallery?campaign=other-campaign&surface=embed',
    ]
    const itemPaths = (id: string) => [
      `/api/public/stories/${id}`,
      `/stories/${id}`,
      `/embed/stories/${id}`,
      `/api/public/oembed?url=${encodeURIComponent(`${app.server.url}/stories/${id}`)}`,
      `/api/stories/${id}`,
    ]
    const text = async (path: string, token?: string) => {
      const res = await api.get(path, { token })
      return `${res.status} ${typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}`
    }
    for (const path of lists) expect(await text(path), path).toMatch(HELD)

    expectStatus(
      await api.post(
        '/api/globals/safety',
        { pausedCampaigns: [targeted], reason: 'the campaign is used to find people' },
        { token: people.admin.token },
      ),
      200,
    )
    const expectHeld = async () => {
      for (const path of lists) {
        const found = await text(path)
        expect(found, path).toMatch(/^200 /)
        expect(found, path).not.toMatch(HELD)
        expect(found, path).toContain('Free of the targeted campaign')
      }
      for (const id of [held, featured]) {
        for (const path of itemPaths(id)) expect((await api.get(path)).status, path).toBe(404)
        for (const token of [undefined, people.partner.token]) {
          expect(await text('/api/stories?limit=100', token)).not.toMatch(HELD)
          const graphql = await api.post(
            '/api/graphql',
            { query: `{ Stories(limit: 100) { docs { id title } } }` },
            { token },
          )
          expect(JSON.stringify(graphql.body)).not.toMatch(HELD)
        }
      }
      expect((await api.get(heldFile)).status).toBe(404)
      expectStatus(await api.get(freeFile), 200)
      for (const path of itemPaths(free)) expectStatus(await api.get(path), 200)
      // Staff and the storyteller still reach their own.
      expectStatus(await api.get(`/api/stories/${held}`, { token: people.editor.token }), 200)
      expectStatus(await api.get(`/api/stories/${held}`, { token: people.teller.token }), 200)
    }
    await expectHeld()
    // As another process reads it (or this one after the bound): held items come from the database.
    setStop(NO_STOP, Date.now() - 1_000)
    await expectHeld()

    // A story put in the paused campaign during the pause leaves at once.
    expectStatus(
      await api.patch(
        `/api/stories/${free}`,
        { campaigns: [other, targeted] },
        { token: people.editor.token },
      ),
      200,
    )
    expect((await api.get(`/api/public/stories/${free}`)).status).toBe(404)
    expect(await text('/gallery')).not.toContain('Free of the targeted campaign')
    expectStatus(
      await api.patch(
        `/api/stories/${free}`,
        { campaigns: [other] },
        { token: people.editor.token },
      ),
      200,
    )

    expectStatus(
      await api.post(
        '/api/globals/safety',
        { pausedCampaigns: [], reason: 'safe again' },
        { token: people.admin.token },
      ),
      200,
    )
    for (const path of lists) expect(await text(path), path).toMatch(HELD)
    for (const id of [held, featured, free])
      for (const path of itemPaths(id)) expectStatus(await api.get(path), 200)
    expectStatus(await api.get(heldFile), 200)
  }, 300_000)
})
