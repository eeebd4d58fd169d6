import { beforeAll, expect, it } from 'vitest'

import { advanceClockForTests } from '../../src/lib/clock'
import { useTestApp } from '../helpers/app'
import { createCampaign } from '../helpers/site'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { pattern } from '../helpers/images'
import { upload } from '../helpers/media'
import { publishedStory, reviewAndPublish, withdrawConsent } from '../helpers/stories'

const CANARIES = [
  'LEGAL-canary-91',
  'mail-canary-91@example.org',
  '+1-555-0191',
  'NOTES-canary-91',
  'Real Name Canary',
]

describeEachDatabase('public API', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller', artist: 'artist' })
  const ids: Record<string, string> = {}
  let imageId = ''
  let campaignId = ''

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.server.url}${path}`, { headers })
    // fetch undoes gzip and brotli itself; the content-encoding header still says which was used.
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: text ? JSON.parse(text) : null,
    }
  }

  beforeAll(async () => {
    const { api, people } = app
    imageId = (await upload(app.server, people.editor.token, await pattern(900, 600), 'mural.png'))
      .body.doc.id
    // A Spanish story may use it only once it has Spanish alt text.
    expectStatus(
      await api.patch(
        `/api/media/${imageId}?locale=es`,
        { alt: 'Un mural' },
        { token: people.editor.token },
      ),
      200,
    )
    campaignId = await createCampaign(app, people.editor.token, {
      slug: 'we-are-home',
      title: 'We are home',
      summary: 'Home',
      hashtags: ['WeAreHome'],
      status: 'live',
    })
    await api.patch(
      `/api/campaigns/${campaignId}?locale=es`,
      { title: 'Estamos en casa' },
      { token: people.editor.token },
    )
    const secrets = { legalName: CANARIES[0], contactEmail: CANARIES[1], contactPhone: CANARIES[2] }
    ids.named = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'partners', 'named', 'photo'],
      images: [imageId],
      extra: {
        title: 'The bakery',
        displayName: 'Rosa M.',
        pseudonym: 'R.',
        location: 'Boyle Heights',
        campaigns: [campaignId],
        ...secrets,
        body: [
          { children: [{ text: 'Four in the morning <script>alert(1)</script>' }] },
          { type: 'link', url: 'javascript:alert(1)', children: [{ text: 'bad link' }] },
        ],
      },
    })
    ids.anonymous = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      images: [imageId],
      extra: {
        title: 'Llamadas',
        language: 'es',
        displayName: CANARIES[4],
        campaigns: [campaignId],
        ...secrets,
      },
    })
    await app.api.patch(
      `/api/stories/${ids.anonymous}`,
      { reviewNotes: CANARIES[3] },
      { token: people.editor.token },
    )
    ids.hidden = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Not yet', language: 'en', ...secrets },
        { token: people.teller.token },
      ),
      201,
    ).body.doc.id
    ids.withdrawn = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: { title: 'Changed my mind', campaigns: [campaignId] },
    })
    await withdrawConsent(app, 'stories', ids.withdrawn, 'teller')

    const artwork = expectStatus(
      await api.post(
        '/api/artworks',
        { title: 'Monarchs', creditLine: 'Colectivo Alas', licence: 'cc-by-nc', medium: 'Acrylic' },
        { token: people.artist.token },
      ),
      201,
    ).body.doc.id
    await api.post(
      '/api/consent-records',
      {
        subject: { relationTo: 'artworks', value: artwork },
        action: 'grant',
        scopes: ['gallery', 'named'],
        consentText: app.textId,
      },
      { token: people.artist.token },
    )
    await api.patch(`/api/artworks/${artwork}`, { image: imageId }, { token: people.editor.token })
    await reviewAndPublish(app, 'artworks', artwork, 'editor')
    ids.artwork = artwork
    await api.patch(
      `/api/campaigns/${campaignId}`,
      {
        featured: [
          { relationTo: 'artworks', value: artwork },
          { relationTo: 'stories', value: ids.hidden },
        ],
      },
      { token: people.editor.token },
    )
  })

  it('lists exactly the public items, in the contract shape', async () => {
    const res = await get('/api/public/gallery')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ page: 1, limit: 20, totalPages: 1, totalItems: 3 })
    expect(res.body.items.map((item: { id: string }) => item.id).sort()).toEqual(
      [ids.named, ids.anonymous, ids.artwork].sort(),
    )
    const named = res.body.items.find((item: { id: string }) => item.id === ids.named)
    expect(named).toEqual({
      id: ids.named,
      kind: 'story',
      title: 'The bakery',
      excerpt: expect.stringContaining('Four in the morning'),
      attribution: 'Rosa M.',
      image: {
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/media\/file\//),
        width: 900,
        height: 600,
        alt: 'A test image',
        srcset: expect.arrayContaining([{ url: expect.any(String), width: 400 }]),
      },
      language: 'en',
      campaigns: ['we-are-home'],
      publishedAt: expect.any(String),
      url: `${app.server.url}/stories/${ids.named}`,
      contentNotes: [],
      // No recording (issue 18; tests/integration/audio-public.test.ts has one).
      audio: null,
    })
    const anonymous = res.body.items.find((item: { id: string }) => item.id === ids.anonymous)
    expect(anonymous.image).toBeNull()
    expect(anonymous.attribution).toBe('Anonymous')
    expect(
      (await get('/api/public/gallery?lang=es')).body.items.find(
        (item: { id: string }) => item.id === ids.anonymous,
      ).attribution,
    ).toBe('Anónimo')
  })

  it('filters by campaign and kind, pages, and orders featured items first', async () => {
    const campaign = await get('/api/public/gallery?campaign=we-are-home')
    // Featured first, in the campaign's order; then the newest first.
    expect(campaign.body.items.map((item: { id: string }) => item.id)).toEqual([
      ids.artwork,
      ids.anonymous,
      ids.named,
    ])
    expect(campaign.body.totalItems).toBe(3)
    expect(
      (await get('/api/public/gallery?kind=artwork')).body.items.map(
        (item: { id: string }) => item.id,
      ),
    ).toEqual([ids.artwork])
    const page2 = await get('/api/public/gallery?limit=2&page=2')
    expect(page2.body).toMatchObject({ page: 2, limit: 2, totalPages: 2, totalItems: 3 })
    expect(page2.body.items).toHaveLength(1)
    expect((await get('/api/public/gallery?page=9')).body.items).toEqual([])
    expect((await get('/api/public/gallery?campaign=no-such-campaign')).status).toBe(404)
  })

  it('answers invalid parameters with 400 and a code', async () => {
    for (const [query, code] of [
      ['limit=51', 'invalid_limit'],
      ['limit=0', 'invalid_limit'],
      ['page=0', 'invalid_page'],
      ['page=abc', 'invalid_page'],
      ['lang=fr', 'invalid_lang'],
      ['kind=video', 'invalid_kind'],
      ['campaign=Bad!', 'invalid_campaign'],
    ]) {
      const res = await get(`/api/public/gallery?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.body.error.code, query).toBe(code)
      expect(res.body.error.message, query).toBeTruthy()
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
    expect((await get('/api/public/oembed')).body.error.code).toBe('missing_url')
  })

  it('serves story and artwork details with safe HTML, and one 404 for absent and private alike', async () => {
    const story = await get(`/api/public/stories/${ids.named}`)
    expect(story.status).toBe(200)
    expect(story.body.bodyHtml).toContain('&lt;script&gt;')
    expect(story.body.bodyHtml).not.toContain('<script')
    expect(story.body.bodyHtml).not.toContain('javascript:')
    expect(story.body).toMatchObject({
      kind: 'story',
      location: 'Boyle Heights',
      images: [expect.objectContaining({ width: 900 })],
    })
    const artwork = await get(`/api/public/artworks/${ids.artwork}`)
    expect(artwork.body).toMatchObject({
      kind: 'artwork',
      credit: 'Colectivo Alas',
      licence: { code: 'cc-by-nc', name: 'CC BY-NC 4.0' },
      medium: 'Acrylic',
      campaigns: ['we-are-home'],
    })
    const spanish = await get(`/api/public/stories/${ids.anonymous}?lang=en`)
    expect(spanish.body.title).toBe('Llamadas')

    const notFound = [
      await get(`/api/public/stories/${ids.hidden}`),
      await get(`/api/public/stories/${ids.withdrawn}`),
      await get('/api/public/stories/00000000-0000-4000-8000-000000000000'),
      await get(`/api/public/artworks/${ids.named}`),
    ]
    for (const res of notFound) {
      expect(res.status).toBe(404)
      expect(res.text).toBe(notFound[0].text)
    }
  })

  it('sends strong ETags, 304s, short public caching, CORS and compression', async () => {
    const first = await get('/api/public/gallery', { 'accept-encoding': 'gzip' })
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(first.headers.get('cache-control')).toBe('public, max-age=30')
    expect(first.headers.get('access-control-allow-origin')).toBe('*')
    expect(first.headers.get('vary')).toBe('Accept-Encoding, Authorization, X-Relato-Key')
    expect(first.headers.get('content-encoding')).toBe('gzip')
    expect(
      (await get('/api/public/gallery', { 'accept-encoding': 'br' })).headers.get(
        'content-encoding',
      ),
    ).toBe('br')
    const again = await fetch(`${app.server.url}/api/public/gallery`, {
      headers: { 'if-none-match': etag },
    })
    expect(again.status).toBe(304)
    const preflight = await fetch(`${app.server.url}/api/public/gallery`, { method: 'OPTIONS' })
    expect(preflight.status).toBe(204)
    expect((await fetch(`${app.server.url}/api/public/gallery`, { method: 'POST' })).status).toBe(
      405,
    )
  })

  it('serves the campaign, its JSON Feed 1.1 and oEmbed for public items only', async () => {
    const campaign = await get('/api/public/campaigns/we-are-home?lang=es')
    expect(campaign.body).toMatchObject({
      slug: 'we-are-home',
      title: 'Estamos en casa',
      status: 'live',
      hashtags: ['WeAreHome'],
    })
    expect(campaign.body.featured.map((item: { id: string }) => item.id)).toEqual([ids.artwork])
    const feed = await get('/api/public/campaigns/we-are-home/feed.json')
    expect(feed.headers.get('content-type')).toBe('application/feed+json; charset=utf-8')
    expect(feed.body.version).toBe('https://jsonfeed.org/version/1.1')
    expect(feed.body.items.map((item: { id: string }) => item.id)).toHaveLength(3)
    const oembed = await get(
      `/api/public/oembed?url=${encodeURIComponent(`${app.server.url}/stories/${ids.named}`)}&maxwidth=400&maxheight=300`,
    )
    expect(oembed.body).toMatchObject({
      version: '1.0',
      type: 'rich',
      width: 400,
      height: 300,
      title: 'The bakery',
      author_name: 'Rosa M.',
    })
    expect(oembed.body.html).toMatch(
      /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\/stories\/[^"]+" width="400" height="300"/,
    )
    for (const url of [
      `${app.server.url}/stories/${ids.hidden}`,
      `https://elsewhere.example/stories/${ids.named}`,
      `${app.server.url}/admin`,
    ]) {
      expect((await get(`/api/public/oembed?url=${encodeURIComponent(url)}`)).status).toBe(404)
    }
  })

  it('never shows a private value anywhere public', async () => {
    const paths = [
      '/api/public/gallery',
      '/api/public/gallery?lang=es',
      '/api/public/gallery?surface=embed',
      '/api/public/campaigns/we-are-home',
      '/api/public/campaigns/we-are-home/feed.json',
      '/embed/we-are-home',
      '/embed/we-are-home?lang=es',
      ...Object.values(ids).flatMap((id) => [
        `/api/public/stories/${id}`,
        `/api/public/artworks/${id}`,
        `/api/public/oembed?url=${encodeURIComponent(`${app.server.url}/stories/${id}`)}`,
        `/embed/stories/${id}`,
        `/embed/artworks/${id}`,
      ]),
    ]
    for (const path of paths) {
      const res = path.startsWith('/embed/')
        ? await fetch(`${app.server.url}${path}`).then(async (response) => ({
            text: await response.text(),
          }))
        : await get(path)
      for (const canary of CANARIES) expect(res.text, path).not.toContain(canary)
      expect(res.text, path).not.toMatch(
        /"(legalName|contactEmail|contactPhone|reviewNotes|owner|createdBy|consent|safetyChecklist)"/,
      )
    }
  })

  it('drops a withdrawn item from every public answer before the withdrawal returns', async () => {
    const before = await get('/api/public/gallery')
    expect(before.body.totalItems).toBe(3)
    await withdrawConsent(app, 'stories', ids.named, 'teller')
    expect((await get(`/api/public/stories/${ids.named}`)).status).toBe(404)
    expect(
      (await get('/api/public/gallery')).body.items.map((item: { id: string }) => item.id),
    ).not.toContain(ids.named)
    expect(
      (await get('/api/public/campaigns/we-are-home/feed.json')).body.items.map(
        (item: { url: string }) => item.url,
      ),
    ).not.toContain(`${app.server.url}/stories/${ids.named}`)
    expect(
      (
        await get(
          `/api/public/oembed?url=${encodeURIComponent(`${app.server.url}/stories/${ids.named}`)}`,
        )
      ).status,
    ).toBe(404)
    expect((await fetch(`${app.server.url}/embed/stories/${ids.named}`)).status).toBe(404)
    const stale = await fetch(`${app.server.url}/api/public/gallery`, {
      headers: { 'if-none-match': before.headers.get('etag')! },
    })
    expect(stale.status).toBe(200)
  })

  it('drops an item when its consent expires, with no job running', async () => {
    const id = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: { title: 'Expiring' },
    })
    await app.api.post(
      '/api/consent-records',
      {
        subject: { relationTo: 'stories', value: id },
        action: 'grant',
        scopes: ['gallery'],
        consentText: app.textId,
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      },
      { token: app.people.teller.token },
    )
    expect((await get(`/api/public/stories/${id}`)).status).toBe(200)
    advanceClockForTests(61_000)
    expect((await get(`/api/public/stories/${id}`)).status).toBe(404)
    expect(
      (await get('/api/public/gallery')).body.items.map((item: { id: string }) => item.id),
    ).not.toContain(id)
  })

  it('follows changes to images and campaigns', async () => {
    // A person cannot change an image published items show (archive first: lockdown rules);
    // the system can (a deleted image's references, a re-encoding), and the model follows it.
    const refused = await app.api.patch(
      `/api/media/${imageId}`,
      { alt: 'A mural of monarchs' },
      { token: app.people.editor.token },
    )
    expect(refused.status).toBe(409)
    expect((await get(`/api/public/artworks/${ids.artwork}`)).body.image.alt).not.toBe(
      'A mural of monarchs',
    )
    await app.instance.payload.update({
      collection: 'media',
      id: imageId,
      data: { alt: 'A mural of monarchs' },
      locale: 'en',
    })
    expect((await get(`/api/public/artworks/${ids.artwork}`)).body.image.alt).toBe(
      'A mural of monarchs',
    )
    expect((await get(`/api/public/artworks/${ids.artwork}?lang=es`)).body.image.alt).toBe(
      'Un mural',
    )
    await app.api.patch(
      `/api/campaigns/${campaignId}`,
      { status: 'ended' },
      { token: app.people.editor.token },
    )
    expect((await get('/api/public/campaigns/we-are-home')).body.status).toBe('ended')
    await app.api.patch(
      `/api/campaigns/${campaignId}`,
      { status: 'draft' },
      { token: app.people.editor.token },
    )
    expect((await get('/api/public/campaigns/we-are-home')).status).toBe(404)
    expect((await get(`/api/public/artworks/${ids.artwork}`)).body.campaigns).toEqual([])
  })
})

describeEachDatabase('partners and the embed surface', (database) => {
  const app = useTestApp(database, { admin: 'admin', editor: 'editor', teller: 'storyteller' })

  const get = async (path: string, key?: string) => {
    const response = await fetch(`${app.server.url}${path}`, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
    })
    return {
      status: response.status,
      headers: response.headers,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loose test JSON
      body: (await response.json()) as Record<string, any>,
    }
  }

  it('issues a hashed key once, and reads with it only what partners may show, from their campaigns', async () => {
    const { api, people } = app
    const campaign = await createCampaign(app, people.editor.token, {
      slug: 'partner-campaign',
      title: 'P',
      status: 'live',
    })
    await api.post(
      '/api/campaigns',
      { slug: 'other-campaign', title: 'O', status: 'live' },
      { token: people.editor.token },
    )
    expect(
      (
        await api.post(
          '/api/partners',
          { organisation: 'Editor Org' },
          { token: people.editor.token },
        )
      ).status,
    ).toBe(403)
    const badOrigin = await api.post(
      '/api/partners',
      { organisation: 'X', allowedOrigins: ['https://ok.example/path'] },
      { token: people.admin.token },
    )
    expect(badOrigin.status).toBe(400)

    const created = expectStatus(
      await api.post(
        '/api/partners',
        {
          organisation: 'Casa Aliada',
          allowedOrigins: ['https://aliada.example'],
          campaigns: [campaign],
        },
        { token: people.admin.token },
      ),
      201,
    ).body.doc
    const key = created.apiKey as string
    expect(key).toMatch(/^rk_[A-Za-z0-9_-]{43}$/)
    const stored = await api.get(`/api/partners/${created.id}`, { token: people.admin.token })
    expect(JSON.stringify(stored.body)).not.toContain(key)
    expect(stored.body).not.toHaveProperty('apiKeyHash')
    expect(stored.body.apiKeyHint).toBe(key.slice(0, 7))
    const raw = await app.instance.payload.findByID({
      collection: 'partners',
      id: created.id,
      showHiddenFields: true,
    })
    expect(raw.apiKeyHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(raw)).not.toContain(key)

    const siteOnly = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: { title: 'Site only', campaigns: [campaign] },
    })
    const shared = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'partners'],
      extra: { title: 'Shared', campaigns: [campaign] },
    })
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loose test JSON
    const ids = (body: Record<string, any>) =>
      body.items.map((item: { id: string }) => item.id).sort()

    expect(ids((await get('/api/public/gallery?campaign=partner-campaign')).body)).toEqual(
      [siteOnly, shared].sort(),
    )
    expect(ids((await get('/api/public/gallery?campaign=partner-campaign', key)).body)).toEqual([
      shared,
    ])
    expect(
      ids((await get('/api/public/gallery?campaign=partner-campaign&surface=embed')).body),
    ).toEqual([shared])
    expect((await get(`/api/public/stories/${siteOnly}`, key)).status).toBe(404)
    expect((await get(`/api/public/stories/${shared}`, key)).status).toBe(200)
    expect((await get('/api/public/gallery?campaign=other-campaign', key)).status).toBe(404)
    expect(
      (await get('/api/public/gallery?campaign=partner-campaign', key)).headers.get(
        'cache-control',
      ),
    ).toBe('private, max-age=30')
    expect((await get('/api/public/gallery', key)).body.error.code).toBe('campaign_required')
    const wrong = await get('/api/public/gallery', 'rk_wrongwrongwrongwrongwrongwrongwrongwrongwro')
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('invalid_key')

    const rotated = expectStatus(
      await api.post(`/api/partners/${created.id}/rotate-key`, {}, { token: people.admin.token }),
      200,
    ).body.apiKey
    expect((await get('/api/public/gallery', key)).status).toBe(401)
    expect((await get('/api/public/gallery?campaign=partner-campaign', rotated)).status).toBe(200)
    expect(
      (await api.post(`/api/partners/${created.id}/rotate-key`, {}, { token: people.editor.token }))
        .status,
    ).toBe(403)

    await api.patch(`/api/partners/${created.id}`, { active: false }, { token: people.admin.token })
    expect((await get('/api/public/gallery', rotated)).status).toBe(401)
  })
})
