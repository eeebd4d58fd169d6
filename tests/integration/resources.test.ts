import { expect, it } from 'vitest'

import { advanceClockForTests } from '../../src/lib/clock'
import { supportContactsFor } from '../../src/selfservice/support'
import type { TestApp } from '../helpers/app'
import { useTestApp } from '../helpers/app'
import { createCampaign } from '../helpers/site'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { DAY, inDays, publishResource } from '../helpers/resources'
import { publishedStory, secondEditor } from '../helpers/stories'

/** A resource written by `editor` and taken to `published` with a second editor's approval. */
async function publishedResource(
  app: TestApp,
  data: Record<string, unknown>,
  { locale = 'en' }: { locale?: string } = {},
): Promise<string> {
  const { api, people } = app
  const id = expectStatus(
    await api.post(
      `/api/resources?locale=${locale}`,
      { kind: 'hotline', nextReviewAt: inDays(30), ...data },
      { token: people.editor.token },
    ),
    201,
  ).body.doc.id as string
  await publishResource(app, id)
  return id
}

describeEachDatabase('resources', (database) => {
  const app = useTestApp(database, {
    editor: 'editor',
    admin: 'admin',
    teller: 'storyteller',
    partner: 'partner',
  })

  it('is written by staff only and read by the public only through /api/public/resources', async () => {
    const { api, people } = app
    for (const role of ['teller', 'partner'])
      expect(
        (
          await api.post(
            '/api/resources',
            { kind: 'hotline', title: 'X', nextReviewAt: inDays(3) },
            { token: people[role].token },
          )
        ).status,
      ).toBe(403)
    const id = await publishedResource(app, {
      title: 'Rapid response line',
      reviewedBy: 'PRIVATE-REVIEWER Esq.',
      phones: [{ number: '+1 213 555 0100', hours: '24/7', languages: ['en', 'es', 'zap'] }],
      languages: ['en', 'es', 'zap', 'quc', 'mix'],
      area: 'Boyle Heights',
    })
    // Payload's REST: closed to everyone but staff, published or not.
    expect((await api.get('/api/resources')).status).toBe(403)
    expect((await api.get(`/api/resources/${id}`, { token: people.teller.token })).status).toBe(403)
    expect((await api.get(`/api/resources/${id}`, { token: people.editor.token })).status).toBe(200)
    const list = expectStatus(await api.get('/api/public/resources'), 200)
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([id])
    const [item] = list.body.items
    expect(item).toMatchObject({
      kind: 'hotline',
      title: 'Rapid response line',
      phones: [{ number: '+1 213 555 0100', hours: '24/7', languages: ['en', 'es', 'zap'] }],
      languages: ['en', 'es', 'zap', 'quc', 'mix'],
      area: 'Boyle Heights',
      language: 'en',
    })
    expect(JSON.stringify(list.body)).not.toContain('PRIVATE-REVIEWER')
    expect(item).not.toHaveProperty('status')
    expect(item).not.toHaveProperty('nextReviewAt')
    expect(list.headers.get('surrogate-key')?.split(' ')).toEqual(
      expect.arrayContaining(['resources', `resources/${id}`]),
    )
    const etag = list.headers.get('etag')!
    expect(
      (await api.get('/api/public/resources', { headers: { 'if-none-match': etag } })).status,
    ).toBe(304)
    expectStatus(await api.get(`/api/public/resources/${id}`), 200)
    // Bad parameters: 400 with the error shape; unknown ids and campaigns: 404.
    for (const query of [
      'kind=lawyer',
      'lang=%20not%20a%20tag',
      'campaign=Not_A_Slug',
      'limit=0',
    ]) {
      const bad = await api.get(`/api/public/resources?${query}`)
      expect(bad.status, query).toBe(400)
      expect(bad.body.error.code).toMatch(/^invalid_/)
    }
    expect((await api.get('/api/public/resources?campaign=no-such')).status).toBe(404)
    expect((await api.get('/api/public/resources/nope')).status).toBe(404)
    // Any BCP 47 tag as the reader's language: Zapotec readers get the text in English.
    const zap = expectStatus(await api.get('/api/public/resources?lang=zap'), 200)
    expect(zap.body.items[0].language).toBe('en')
  })

  it('refuses a street address as the area and a malformed language tag (400, nothing saved)', async () => {
    const { api, people } = app
    for (const area of ['1234 W Cesar Chavez Ave', 'Calle Olvera 125', '2100 N Main St, 90031']) {
      const res = await api.post(
        '/api/resources',
        { kind: 'sanctuary', title: `Safe place ${area}`, area, nextReviewAt: inDays(3) },
        { token: people.editor.token },
      )
      expect(res.status, area).toBe(400)
      expect(JSON.stringify(res.body)).toContain('area')
    }
    const tag = await api.post(
      '/api/resources',
      {
        kind: 'hotline',
        title: 'Bad tag',
        languages: ['en', 'not a tag'],
        nextReviewAt: inDays(3),
      },
      { token: people.editor.token },
    )
    expect(tag.status).toBe(400)
    const missing = await api.post(
      '/api/resources',
      { kind: 'hotline', title: 'No review date' },
      { token: people.editor.token },
    )
    expect(missing.status).toBe(400)
    const { totalDocs } = await app.instance.payload.count({
      collection: 'resources',
      where: { title: { like: 'Safe place' } },
    })
    expect(totalDocs).toBe(0)
  })

  it('holds the four-eyes rule: the creator or last changer may not approve, a published one is archived before a change', async () => {
    const { api, people } = app
    const second = await secondEditor(app)
    const id = expectStatus(
      await api.post(
        '/api/resources',
        { kind: 'legal-aid', title: 'Free consultations', nextReviewAt: inDays(30) },
        { token: people.editor.token },
      ),
      201,
    ).body.doc.id
    // A change to this resource by one of the two editors.
    const change = (data: Record<string, unknown>, token: string) =>
      api.patch(`/api/resources/${id}`, data, { token })
    expectStatus(await change({ status: 'in_review' }, people.editor.token), 200)
    expect((await change({ status: 'approved' }, people.editor.token)).status).toBe(403)
    // The second editor changes the text: now neither may approve their own change unseen.
    expectStatus(await change({ summary: 'Tuesdays.' }, second.token), 200)
    expect((await change({ status: 'approved' }, second.token)).status).toBe(403)
    expectStatus(await change({ status: 'approved' }, people.admin.token), 200)
    expectStatus(await change({ status: 'published' }, people.editor.token), 200)
    expect((await api.get(`/api/public/resources/${id}`)).status).toBe(200)
    // Published: a change in place is refused; renewing the review date is not a content change.
    const inPlace = await change({ summary: 'Wednesdays.' }, people.editor.token)
    expect(inPlace.status).toBe(409)
    expectStatus(
      await change(
        { nextReviewAt: inDays(60), reviewedAt: new Date().toISOString() },
        people.editor.token,
      ),
      200,
    )
    // Withdrawal is the consent ledger's move: resources have none.
    expect((await change({ status: 'withdrawn' }, people.admin.token)).status).toBe(403)
    expectStatus(await change({ status: 'archived' }, people.editor.token), 200)
    expect((await api.get(`/api/public/resources/${id}`)).status).toBe(404)
    expectStatus(await change({ summary: 'Wednesdays.' }, people.editor.token), 200)
    // The one who changed it after approval may not republish it; another editor may.
    expect((await change({ status: 'published' }, people.editor.token)).status).toBe(403)
    expectStatus(await change({ status: 'published' }, second.token), 200)
    const audit = await app.instance.payload.find({
      collection: 'audit-log',
      where: { subject: { equals: `resources/${id}` } },
      limit: 50,
    })
    expect(audit.docs.map((entry) => entry.to)).toEqual(
      expect.arrayContaining(['submitted', 'in_review', 'approved', 'published', 'archived']),
    )
  })

  it('flags a translation when its source changes after it, and shows only current languages', async () => {
    const { api, people } = app
    const id = await publishedResource(app, {
      kind: 'know-your-rights',
      title: 'Your rights at the door',
      card: {
        doThis: 'Do not open the door. Ask to see a warrant signed by a judge.',
        toAgent: 'I do not consent to your entry. I will remain silent.',
      },
    })
    // Published: archive, translate, republish (another editor, four eyes).
    const second = await secondEditor(app)
    const cycle = async (patch: Record<string, unknown>, locale: string) => {
      expectStatus(
        await api.patch(
          `/api/resources/${id}`,
          { status: 'archived' },
          { token: people.editor.token },
        ),
        200,
      )
      expectStatus(
        await api.patch(`/api/resources/${id}?locale=${locale}`, patch, {
          token: people.editor.token,
        }),
        200,
      )
      expectStatus(
        await api.patch(`/api/resources/${id}`, { status: 'approved' }, { token: second.token }),
        400,
      )
      // archived → published is the move; the other editor publishes what the editor changed.
      expectStatus(
        await api.patch(`/api/resources/${id}`, { status: 'published' }, { token: second.token }),
        200,
      )
    }
    await cycle(
      {
        title: 'Sus derechos en la puerta',
        card: {
          doThis: 'No abra la puerta. Pida ver una orden firmada por un juez.',
          toAgent: 'No doy mi consentimiento para que entren. Voy a guardar silencio.',
        },
      },
      'es',
    )
    const staff = async () =>
      (await api.get(`/api/resources/${id}?locale=all`, { token: people.editor.token })).body
    expect((await staff()).sourceVersion).toBe(1)
    expect((await staff()).translations).toMatchObject([
      { lang: 'es', sourceVersion: 1, needsReview: false },
    ])
    let es = expectStatus(await api.get(`/api/public/resources/${id}?lang=es`), 200).body
    expect(es).toMatchObject({ language: 'es', title: 'Sus derechos en la puerta' })
    expect(es.card.toAgent).toContain('guardar silencio')
    expect(es.availableLanguages).toEqual(['en', 'es'])

    // The English source changes: Spanish is flagged and no longer public; readers get English.
    await cycle(
      {
        card: {
          toAgent:
            'I do not consent to your entry. I will remain silent. I want to speak to a lawyer.',
        },
      },
      'en',
    )
    expect((await staff()).sourceVersion).toBe(2)
    expect((await staff()).translations).toMatchObject([
      { lang: 'es', sourceVersion: 1, needsReview: true },
    ])
    es = expectStatus(await api.get(`/api/public/resources/${id}?lang=es`), 200).body
    expect(es.language).toBe('en')
    expect(es.availableLanguages).toEqual(['en'])
    expect(JSON.stringify(es)).not.toContain('guardar silencio')

    // Translating again clears the flag.
    await cycle(
      {
        card: {
          toAgent:
            'No doy mi consentimiento. Voy a guardar silencio. Quiero hablar con un abogado.',
        },
      },
      'es',
    )
    expect((await staff()).translations).toMatchObject([
      { lang: 'es', sourceVersion: 2, needsReview: false },
    ])
    es = expectStatus(await api.get(`/api/public/resources/${id}?lang=es`), 200).body
    expect(es.language).toBe('es')
  })

  it('hides a resource past its review date from the API and feed in the same request, and shows it overdue to editors', async () => {
    const { api, people } = app
    const campaign = await createCampaign(app, people.editor.token, {
      slug: 'help-now',
      title: 'Help now',
      status: 'live',
    })
    const id = await publishedResource(app, {
      kind: 'mental-health',
      title: 'Someone to talk to',
      campaigns: [campaign],
      nextReviewAt: inDays(2),
    })
    const inCampaign = expectStatus(
      await api.get('/api/public/resources?campaign=help-now&kind=mental-health'),
      200,
    )
    expect(inCampaign.body.items.map((item: { id: string }) => item.id)).toEqual([id])
    expect(inCampaign.body.items[0].campaigns).toEqual(['help-now'])
    const feed = expectStatus(await api.get('/api/public/campaigns/help-now/feed.json'), 200)
    expect(JSON.stringify(feed.body.items)).toContain('Someone to talk to')
    expect(feed.headers.get('surrogate-key')).toContain(`resources/${id}`)
    const staffRow = async () =>
      (await api.get(`/api/resources/${id}`, { token: people.editor.token })).body
    expect((await staffRow()).overdue).toBe(false)
    const page = async (path: string) => (await fetch(`${app.server.url}${path}`)).text()
    expect(await page('/resources?lang=en')).toContain('Someone to talk to')
    expect(await page('/campaigns/help-now?lang=en')).toContain('Someone to talk to')

    advanceClockForTests(3 * DAY)
    expect(await page('/resources?lang=en')).not.toContain('Someone to talk to')
    expect(await page('/campaigns/help-now?lang=en')).not.toContain('Someone to talk to')
    // The very next request: gone everywhere public, with no job and no change event.
    expect((await api.get(`/api/public/resources/${id}`)).status).toBe(404)
    expect((await api.get('/api/public/resources?campaign=help-now')).body.items).toEqual([])
    expect(
      JSON.stringify((await api.get('/api/public/campaigns/help-now/feed.json')).body),
    ).not.toContain('Someone to talk to')
    expect((await staffRow()).overdue).toBe(true)
    const overdue = await api.get(
      `/api/resources?where[nextReviewAt][less_than]=${encodeURIComponent(new Date(Date.now() + 3 * DAY).toISOString())}`,
      { token: people.editor.token },
    )
    expect(overdue.body.docs.map((doc: { id: string }) => doc.id)).toContain(id)
    // Checked again: a new review date brings it back at once.
    expectStatus(
      await api.patch(
        `/api/resources/${id}`,
        { nextReviewAt: inDays(30), reviewedAt: inDays(3) },
        { token: people.editor.token },
      ),
      200,
    )
    expectStatus(await api.get(`/api/public/resources/${id}`), 200)
  })

  it("puts a help block on story pages: the campaign's resources, then mental-health and legal-aid contacts in the reader's language", async () => {
    const { api, people } = app
    const campaign = await createCampaign(app, people.editor.token, {
      slug: 'at-the-door',
      title: 'At the door',
      status: 'live',
    })
    const story = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: { campaigns: [campaign] },
    })
    const card = await publishedResource(app, {
      kind: 'know-your-rights',
      title: 'Door card',
      campaigns: [campaign],
    })
    const spanishLine = await publishedResource(app, {
      kind: 'mental-health',
      title: 'Línea de apoyo',
      languages: ['es', 'zap'],
    })
    const englishOnly = await publishedResource(app, {
      kind: 'legal-aid',
      title: 'English-only clinic',
      languages: ['en'],
    })
    const html = await (await fetch(`${app.server.url}/stories/${story}?lang=es`)).text()
    const block = html.slice(html.indexOf('<aside class="help"'))
    expect(block).toContain('Dónde pedir ayuda')
    expect(block.indexOf(`resource-${card}`)).toBeGreaterThan(-1)
    expect(block.indexOf(`resource-${card}`)).toBeLessThan(block.indexOf(`resource-${spanishLine}`))
    expect(block).not.toContain(`resource-${englishOnly}`)
    // The storyteller's support contacts (self-service pages) come from the same public resources.
    const support = supportContactsFor('es').map((contact) => contact.name)
    expect(support).toContain('Línea de apoyo')
    expect(support).not.toContain('English-only clinic')
    expect(support).not.toContain('Door card')
    const english = await fetch(`${app.server.url}/stories/${story}?lang=en`)
    expect(english.headers.get('surrogate-key')?.split(' ')).toContain('resources')
    expect(await english.text()).toContain(`resource-${englishOnly}`)
    // Archiving a resource takes it out of the block in the same request.
    expectStatus(
      await api.patch(
        `/api/resources/${card}`,
        { status: 'archived' },
        { token: people.editor.token },
      ),
      200,
    )
    expect(await (await fetch(`${app.server.url}/stories/${story}?lang=es`)).text()).not.toContain(
      `resource-${card}`,
    )
  })

  it('goes down with the emergency stop: the page and the API', async () => {
    const { api, people } = app
    const stop = (publicPaused: boolean) =>
      api.post(
        '/api/globals/safety',
        { publicPaused, reason: 'test' },
        { token: people.admin.token },
      )
    expectStatus(await stop(true), 200)
    try {
      for (const path of [
        '/resources',
        '/resources?lang=es',
        '/api/public/resources',
        '/resources/x',
      ])
        expect((await fetch(`${app.server.url}${path}`)).status, path).toBe(503)
    } finally {
      expectStatus(await stop(false), 200)
    }
    expect((await fetch(`${app.server.url}/resources`)).status).toBe(200)
  })
})
