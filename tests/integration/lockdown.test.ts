import { beforeAll, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { pattern } from '../helpers/images'
import { upload } from '../helpers/media'
import { A_STORY, submitStory } from '../helpers/selfService'
import {
  FULL_CHECKLIST,
  publishedStory,
  storytellerApproves,
  grantConsent,
  tickChecklist,
} from '../helpers/stories'

// Issue 11: the doors Payload and Next open by themselves, tried from outside over HTTP as a
// stranger, a storyteller, an artist or a partner would.

const CANARIES = {
  legalName: 'LEGAL-NAME-lockdown-canary',
  contactEmail: 'lockdown-canary@example.org',
  contactPhone: '+1-555-0199',
  displayName: 'DISPLAY-NAME-lockdown-canary',
}
const CREDIT = 'CREDIT-LINE-lockdown-canary'

describeEachDatabase('lockdown: no way around the consent law', (database) => {
  const app = useTestApp(database, {
    admin: 'admin',
    editor: 'editor',
    editor2: 'editor',
    teller: 'storyteller',
    other: 'storyteller',
    artist: 'artist',
    otherArtist: 'artist',
    partner: 'partner',
  })
  const ids: Record<string, string> = {}
  const counts = async () => {
    const { payload } = app.instance
    const [stories, artworks, media] = await Promise.all(
      (['stories', 'artworks', 'media'] as const).map(
        async (collection) => (await payload.count({ collection })).totalDocs,
      ),
    )
    return { stories, artworks, media }
  }
  const gql = (query: string, token?: string) => app.api.post('/api/graphql', { query }, { token })

  beforeAll(async () => {
    const { api, people } = app
    // A public story whose name and photo are not consented, with every private field filled.
    const photo = (
      await upload(app.server, people.teller.token, await pattern(640, 480), 'private.png')
    ).body.doc.id as string
    ids.story = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      images: [photo],
      extra: CANARIES,
    })
    // …and one with `named` and `photo`.
    ids.named = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'named', 'photo'],
      extra: { displayName: 'Rosa' },
    })
    ids.hidden = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Not public', language: 'en', ...CANARIES },
        { token: people.teller.token },
      ),
      201,
    ).body.doc.id
    const artwork = expectStatus(
      await api.post(
        '/api/artworks',
        { title: 'Monarchs', creditLine: CREDIT, licence: 'cc-by' },
        { token: people.artist.token },
      ),
      201,
    ).body.doc.id as string
    await grantConsent(app, 'artworks', artwork, 'artist', ['gallery'])
    for (const [status, who] of [
      ['in_review', 'editor'],
      ['approved', 'editor2'],
      ['published', 'editor'],
    ]) {
      expectStatus(
        await api.patch(`/api/artworks/${artwork}`, { status }, { token: people[who].token }),
        200,
      )
    }
    ids.artwork = artwork
  })

  // 1 ─────────────────────────────────────────────────────────────────────────────────────────
  it('refuses to duplicate anything over REST or GraphQL: nothing is created, nothing private is answered', async () => {
    const { api, people } = app
    const before = await counts()
    const attempts = [
      { path: `/api/stories/${ids.story}/duplicate`, token: people.other.token },
      { path: `/api/stories/${ids.story}/duplicate`, token: undefined },
      { path: `/api/stories/${ids.story}/duplicate?locale=all`, token: people.editor.token },
      { path: `/api/artworks/${ids.artwork}/duplicate`, token: people.otherArtist.token },
      { path: `/api/artworks/${ids.artwork}/duplicate`, token: people.admin.token },
    ]
    for (const { path, token } of attempts) {
      const res = await api.post(path, {}, { token })
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400)
      const text = JSON.stringify(res.body)
      for (const canary of [...Object.values(CANARIES), CREDIT])
        expect(text, path).not.toContain(canary)
    }

    // GraphQL offers no duplicate mutation at all, and calling one by name fails.
    const schema = await gql(
      '{ __schema { mutationType { fields { name } } } }',
      people.other.token,
    )
    const mutations = (schema.body.data.__schema.mutationType.fields as { name: string }[]).map(
      (field) => field.name,
    )
    expect(mutations.filter((name) => name.startsWith('duplicate'))).toEqual([])
    for (const [mutation, id, token] of [
      ['duplicateStory', ids.story, people.other.token],
      ['duplicateArtwork', ids.artwork, people.otherArtist.token],
    ]) {
      const res = await gql(`mutation { ${mutation}(id: "${id}") { id } }`, token)
      expect(res.body.errors?.length, JSON.stringify(res.body)).toBeGreaterThan(0)
      expect(res.body.data?.[mutation] ?? null).toBeNull()
      for (const canary of [...Object.values(CANARIES), CREDIT])
        expect(JSON.stringify(res.body)).not.toContain(canary)
    }
    expect(await counts()).toEqual(before)

    // Every collection, Payload's own (preferences, locks, jobs) included, has the operation off…
    for (const collection of app.instance.config.collections) {
      expect(collection.disableDuplicate, collection.slug).toBe(true)
      expect(
        (collection.endpoints || []).filter((endpoint) => endpoint.path === '/:id/duplicate'),
        collection.slug,
      ).toEqual([])
    }
    // …and every private field or group of stories and artworks says who may create it.
    const PRIVATE: Record<string, string[]> = {
      stories: [
        'legalName',
        'contactEmail',
        'contactPhone',
        'displayName',
        'images',
        'consent',
        'safetyChecklist',
        'owner',
        'createdBy',
        'reviewNotes',
        'managementTokenHash',
        'publishedAt',
        'contentChangedBy',
        'sentToReviewBy',
        'approvedBy',
      ],
      artworks: [
        'artist',
        'creditLine',
        'image',
        'consent',
        'owner',
        'createdBy',
        'publishedAt',
        'contentChangedBy',
        'sentToReviewBy',
        'approvedBy',
      ],
    }
    for (const [slug, names] of Object.entries(PRIVATE)) {
      const fields = app.instance.config.collections.find(
        (collection) => collection.slug === slug,
      )!.fields
      for (const name of names) {
        const field = fields.find((candidate) => 'name' in candidate && candidate.name === name) as
          { access?: { create?: unknown }; disableDuplicate?: boolean } | undefined
        expect(typeof field?.access?.create, `${slug}.${name}`).toBe('function')
        expect(field?.disableDuplicate, `${slug}.${name}`).toBe(true)
      }
    }
  })

  // 3 ─────────────────────────────────────────────────────────────────────────────────────────
  it('lets no one but an admin issue an API key, and only to a partner', async () => {
    const { api, people } = app
    const me = (key: string) =>
      api.get('/api/users/me', { headers: { authorization: `users API-Key ${key}` } })
    const tries = [
      { apiKey: 'teller-key-only-0123456789abcdef0123' },
      { enableAPIKey: true, apiKey: 'teller-key-enabled-0123456789abcdef0' },
    ]
    for (const data of tries) {
      const res = await api.patch(`/api/users/${people.teller.id}`, data, {
        token: people.teller.token,
      })
      expect(res.status, JSON.stringify(res.body)).toBe(403)
      expect((await me(data.apiKey)).body.user ?? null).toBeNull()
    }
    // The same through GraphQL.
    const viaGraphql = await gql(
      `mutation { updateUser(id: "${people.teller.id}", data: { apiKey: "teller-key-graphql-0123456789abcdef", enableAPIKey: true }) { id } }`,
      people.teller.token,
    )
    expect(viaGraphql.body.errors?.length, JSON.stringify(viaGraphql.body)).toBeGreaterThan(0)
    expect((await me('teller-key-graphql-0123456789abcdef')).body.user ?? null).toBeNull()
    // An editor cannot hand one out either, nor an admin to a storyteller.
    expect(
      (
        await api.patch(
          `/api/users/${people.editor.id}`,
          { apiKey: 'editor-key-0123456789abcdef0123456' },
          { token: people.editor.token },
        )
      ).status,
    ).toBe(403)
    const adminToTeller = await api.patch(
      `/api/users/${people.teller.id}`,
      { apiKey: 'admin-gives-teller-0123456789abcdef' },
      { token: people.admin.token },
    )
    expect(adminToTeller.status).toBe(400)
    expect((await me('admin-gives-teller-0123456789abcdef')).body.user ?? null).toBeNull()

    // The one legitimate way: an admin gives a partner a key.
    const key = 'partner-key-lockdown-0123456789abcdef'
    expectStatus(
      await api.patch(
        `/api/users/${people.partner.id}`,
        { enableAPIKey: true, apiKey: key },
        { token: people.admin.token },
      ),
      200,
    )
    expect((await me(key)).body.user?.email).toBe(people.partner.email)
    // A partner cannot change its own key, and a partner with a key keeps its role until the key is off.
    expect(
      (
        await api.patch(
          `/api/users/${people.partner.id}`,
          { apiKey: 'partner-chosen-0123456789abcdef0123' },
          { token: people.partner.token },
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await api.patch(
          `/api/users/${people.partner.id}`,
          { role: 'storyteller' },
          { token: people.admin.token },
        )
      ).status,
    ).toBe(400)
    expect((await me(key)).body.user?.role).toBe('partner')
  })

  // 6 ─────────────────────────────────────────────────────────────────────────────────────────
  it('needs a second person to approve a story sent through /submit by the editor who reviews it', async () => {
    const { api, people } = app
    const submitted = await submitStory(app.server, {
      ...A_STORY,
      story: 'Typed in by an editor at the front desk.',
    })
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201)
    const id = submitted.body.story.id as string
    await tickChecklist(app, id, '?locale=es')
    expectStatus(
      await api.patch(
        `/api/stories/${id}?locale=es`,
        { status: 'in_review' },
        { token: people.editor.token },
      ),
      200,
    )
    const alone = await api.patch(
      `/api/stories/${id}?locale=es`,
      { status: 'approved' },
      { token: people.editor.token },
    )
    expect(alone.status).toBe(403)
    expect(JSON.stringify(alone.body)).toMatch(/sent it to review/)
    expect(
      (await app.instance.payload.findByID({ collection: 'stories', id, depth: 0 })).status,
    ).toBe('in_review')
    expectStatus(
      await api.patch(
        `/api/stories/${id}?locale=es`,
        { status: 'approved' },
        { token: people.editor2.token },
      ),
      200,
    )
    expectStatus(
      await api.patch(
        `/api/stories/${id}?locale=es`,
        { status: 'published' },
        { token: people.editor.token },
      ),
      200,
    )
  })

  it('needs someone other than the last person who changed the public content, in any language, to approve or publish', async () => {
    const { api, people } = app
    const id = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Four eyes', language: 'en', pullQuote: 'As I said it.' },
        { token: people.teller.token },
      ),
      201,
    ).body.doc.id as string
    await grantConsent(app, 'stories', id, 'teller', ['gallery'])
    expectStatus(
      await api.patch(
        `/api/stories/${id}`,
        { status: 'in_review', safetyChecklist: FULL_CHECKLIST },
        { token: people.editor.token },
      ),
      200,
    )
    const move = (status: string, who: string) =>
      api.patch(`/api/stories/${id}`, { status }, { token: people[who].token })

    // An editor who rewrites the Spanish title cannot approve; nor can one who edits and approves in one request.
    expectStatus(
      await api.patch(
        `/api/stories/${id}?locale=es`,
        { title: 'Cuatro ojos' },
        { token: people.editor2.token },
      ),
      200,
    )
    expect((await move('approved', 'editor2')).status).toBe(403)
    const inOneGo = await api.patch(
      `/api/stories/${id}`,
      { title: 'Four eyes, edited', status: 'approved' },
      { token: people.editor.token },
    )
    expect(inOneGo.status).toBe(403)
    expect(JSON.stringify(inOneGo.body)).toMatch(/last person who changed/)
    // Unchanged fields, the checklist or review notes are not content.
    expectStatus(
      await api.patch(
        `/api/stories/${id}`,
        { reviewNotes: 'checked', pullQuote: 'As I said it.' },
        { token: people.editor2.token },
      ),
      200,
    )
    expect((await move('approved', 'editor2')).status).toBe(403)
    expectStatus(await move('approved', 'editor'), 200)

    // After the approval, the approver changes the text: the approval no longer covers it, so
    // they may not publish it themselves; someone else, who then sees it, may.
    expectStatus(
      await api.patch(
        `/api/stories/${id}`,
        { pullQuote: 'Not quite as I said it.' },
        { token: people.editor.token },
      ),
      200,
    )
    const publishAlone = await move('published', 'editor')
    expect(publishAlone.status).toBe(403)
    expect(JSON.stringify(publishAlone.body)).toMatch(/another editor must publish/)
    // The storyteller signs the edited version off (issue 15), then someone else publishes it.
    await storytellerApproves(app, 'stories', id, 'editor')
    expectStatus(await move('published', 'editor2'), 200)

    // Once public, nobody changes the text in place, where it would go out unseen: archive it
    // (down at once), change it, and someone else republishes it.
    const inPlace = await api.patch(
      `/api/stories/${id}?locale=es`,
      { title: 'Cambiado por uno solo' },
      { token: people.editor2.token },
    )
    expect(inPlace.status).toBe(409)
    expect(JSON.stringify(inPlace.body)).toMatch(/archive it first/)
    expect((await api.get(`/api/public/stories/${id}?lang=es`)).body.title).toBe('Cuatro ojos')
    expectStatus(
      await api.patch(
        `/api/stories/${id}?locale=es`,
        { title: 'Cambiado', status: 'archived' },
        { token: people.editor2.token },
      ),
      200,
    )
    expect((await api.get(`/api/public/stories/${id}`)).status).toBe(404)
    expect((await move('published', 'editor2')).status).toBe(403)
    await storytellerApproves(app, 'stories', id, 'editor')
    expectStatus(await move('published', 'editor'), 200)
    expect((await api.get(`/api/public/stories/${id}?lang=es`)).body.title).toBe('Cambiado')

    // The facts are the system's: nobody can set them, storytellers and the public cannot read them.
    const staffView = expectStatus(
      await api.get(`/api/stories/${id}?depth=0`, { token: people.admin.token }),
      200,
    ).body
    expect(staffView.contentChangedBy).toBe(people.editor2.id)
    expect(staffView.sentToReviewBy).toBe(people.editor.id)
    expect(staffView.approvedBy ?? null).toBeNull()
    await api.patch(
      `/api/stories/${id}`,
      { contentChangedBy: people.admin.id, approvedBy: people.admin.id },
      { token: people.admin.token },
    )
    const after = await app.instance.payload.findByID({ collection: 'stories', id, depth: 0 })
    expect(after.contentChangedBy).toBe(people.editor2.id)
    expect(after.approvedBy ?? null).toBeNull()
    for (const token of [people.teller.token, undefined]) {
      const body = (await api.get(`/api/stories/${id}?depth=0`, { token })).body
      for (const field of ['contentChangedBy', 'sentToReviewBy', 'approvedBy', 'createdBy'])
        expect(body, field).not.toHaveProperty(field)
    }
  })

  // 7 ─────────────────────────────────────────────────────────────────────────────────────────
  it('accepts only scheme://host[:port] as a partner origin for frame-ancestors', async () => {
    const { api, people } = app
    const bad = [
      'https://a.com;x',
      'https://a.com; script-src *',
      'https://a.com/path',
      'https://a.com/',
      'https://*.a.com',
      '*',
      'https://a.com?x=1',
      'https://a.com#x',
      'http://partner.example.org',
      'javascript:alert(1)',
      'https://user@a.com',
      'https://A.com',
      'https://a.com:443',
      'https://a.com:0',
      'https://a.com:99999',
      "https://a.com'",
      'https://a.com ',
      'https://a..com',
      'https://a.com,https://b.com',
      'data:text/html,x',
    ]
    for (const origin of bad) {
      const res = await api.post(
        '/api/partners',
        { organisation: 'Bad origin', allowedOrigins: [origin] },
        { token: people.admin.token },
      )
      expect(res.status, origin).toBe(400)
    }
    const good = [
      'https://partner.example.org',
      'https://partner.example.org:8443',
      'http://localhost:3000',
      'http://127.0.0.1:5173',
      'https://xn--bcher-kva.example',
    ]
    const res = await api.post(
      '/api/partners',
      { organisation: 'Good origins', allowedOrigins: good },
      { token: people.admin.token },
    )
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const { totalDocs } = await app.instance.payload.count({
      collection: 'partners',
      where: { organisation: { equals: 'Bad origin' } },
    })
    expect(totalDocs).toBe(0)
  })

  it('answers /access/:id the same for every item the caller does not own, whatever its consent', async () => {
    const { api, people } = app
    const missing = '00000000-0000-4000-8000-000000000000'
    const uiFields = app.instance.payload.collections.stories.config.fields.flatMap((field) =>
      field.type === 'ui' ? [field.name] : [],
    )
    // Payload folds a field whose every permission is true into `true`.
    const readable = (fields: Record<string, true | { read?: unknown }> | undefined) =>
      Object.entries(fields ?? {})
        .filter(([, value]) => value === true || value.read)
        .map(([name]) => name)
    for (const token of [undefined, people.other.token, people.artist.token]) {
      const [story, named, hidden] = await Promise.all(
        [ids.story, ids.named, ids.hidden].map(
          async (id) =>
            expectStatus(await api.post(`/api/stories/access/${id}`, {}, { token }), 200).body
              .fields,
        ),
      )
      // Whether an item is public is no secret (the gallery shows it; Payload's timestamps and
      // data-less UI fields such as the clue panel inherit that answer); which consent it has is.
      expect(named).toEqual(story)
      expect(readable(hidden)).toEqual([])
      expect(
        readable(story).filter((name) => !['createdAt', 'updatedAt', ...uiFields].includes(name)),
      ).toEqual([])
      expect(
        readable((await api.post(`/api/stories/access/${missing}`, {}, { token })).body.fields),
      ).toEqual([])
      // Posting a made-up document does not help either.
      const forged = (
        await api.post(
          `/api/stories/access/${ids.hidden}`,
          {
            consent: { state: 'granted', gallery: true, named: true, photo: true },
            status: 'published',
          },
          { token },
        )
      ).body.fields
      expect(readable(forged)).toEqual([])
      const graphql = await Promise.all(
        [ids.story, ids.named].map(
          async (id) =>
            (
              await gql(
                `{ docAccessStory(id: "${id}") { fields { displayName { read { permission } } images { read { permission } } pseudonym { read { permission } } } } }`,
                token,
              )
            ).body.data,
        ),
      )
      expect(graphql[0]?.docAccessStory?.fields).toBeDefined()
      expect(graphql[1]).toEqual(graphql[0])
    }
    // The owner and staff still get real answers.
    const own = (
      await api.post(`/api/stories/access/${ids.named}`, {}, { token: people.teller.token })
    ).body.fields
    expect(readable(own)).toEqual(expect.arrayContaining(['displayName', 'images', 'legalName']))
  })

  it('lets the current owner, not the previous one, read the private fields of an item’s consent records', async () => {
    const { api, people } = app
    const id = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Given to another account', language: 'en' },
        { token: people.teller.token },
      ),
      201,
    ).body.doc.id as string
    expectStatus(
      await api.post(
        '/api/consent-records',
        {
          subject: { relationTo: 'stories', value: id },
          action: 'grant',
          scopes: ['gallery'],
          consentText: app.textId,
          method: 'guardian',
          guardianName: 'GUARDIAN-lockdown-canary',
          evidence: 'EVIDENCE-lockdown-canary',
          witness: 'WITNESS-lockdown-canary',
        },
        { token: people.editor.token },
      ),
      201,
    )
    const records = (token: string) =>
      api.get(`/api/consent-records?where[subjectKey][equals]=stories/${id}&depth=0`, { token })
    expect((await records(people.teller.token)).body.docs[0].guardianName).toBe(
      'GUARDIAN-lockdown-canary',
    )
    expect(JSON.stringify((await records(people.other.token)).body)).not.toContain(
      'lockdown-canary',
    )

    expectStatus(
      await api.patch(
        `/api/stories/${id}`,
        { owner: people.other.id },
        { token: people.admin.token },
      ),
      200,
    )
    const current = (await records(people.other.token)).body.docs
    expect(current).toHaveLength(1)
    expect(current[0].guardianName).toBe('GUARDIAN-lockdown-canary')
    expect(current[0].evidence).toBe('EVIDENCE-lockdown-canary')
    const previous = await records(people.teller.token)
    expect(previous.body.docs ?? []).toEqual([])
    expect(JSON.stringify(previous.body)).not.toContain('lockdown-canary')
    // The ledger itself is unchanged: one record, still not editable by anyone.
    expect(
      (
        await api.patch(
          `/api/consent-records/${current[0].id}`,
          { guardianName: 'x' },
          { token: people.admin.token },
        )
      ).status,
    ).toBe(403)
  })
})
