import { afterEach, describe, expect, it } from 'vitest'

import { advanceClockForTests, resetClockForTests } from '../../src/lib/clock'
import { describeEachDatabase } from '../helpers/databases'
import { useTestApp } from '../helpers/app'
import { expectStatus } from '../helpers/fixtures'

const CANARIES = {
  legalName: 'CANARY-legal-7f3a',
  contactEmail: 'canary-7f3a@example.org',
  contactPhone: '+1-555-0100-7f3a',
  reviewNotes: 'CANARY-review-7f3a',
}

describeEachDatabase('consent ledger and editorial workflow', (database) => {
  const app = useTestApp(database, {
    admin: 'admin',
    editor: 'editor',
    editor2: 'editor',
    teller: 'storyteller',
    other: 'storyteller',
    artist: 'artist',
    partner: 'partner',
  })
  afterEach(() => resetClockForTests())

  /** A story by the storyteller, taken through review to `approved` by an editor. */
  async function approvedStory(extra: Record<string, unknown> = {}) {
    const created = expectStatus(
      await app.api.post(
        '/api/stories',
        {
          title: 'Crossing at dawn',
          language: 'en',
          pseudonym: 'M.',
          displayName: 'Maria Example',
          location: 'Boyle Heights',
          legalName: CANARIES.legalName,
          contactEmail: CANARIES.contactEmail,
          contactPhone: CANARIES.contactPhone,
          ...extra,
        },
        { token: app.people.teller.token },
      ),
      201,
    )
    const id = created.body.doc.id as string
    expectStatus(
      await app.api.patch(
        `/api/stories/${id}`,
        { status: 'in_review', reviewNotes: CANARIES.reviewNotes },
        { token: app.people.editor.token },
      ),
      200,
    )
    expectStatus(
      await app.api.patch(
        `/api/stories/${id}`,
        { status: 'approved' },
        { token: app.people.editor.token },
      ),
      200,
    )
    return id
  }

  const grant = (
    id: string,
    scopes: string[],
    token = app.people.teller.token,
    extra: Record<string, unknown> = {},
  ) =>
    app.api.post(
      '/api/consent-records',
      {
        subject: { relationTo: 'stories', value: id },
        action: 'grant',
        scopes,
        consentText: app.textId,
        method: 'web-form',
        language: 'en',
        ...extra,
      },
      { token },
    )

  const withdraw = (id: string, token = app.people.teller.token) =>
    app.api.post(
      '/api/consent-records',
      { subject: { relationTo: 'stories', value: id }, action: 'withdraw', method: 'web-form' },
      { token },
    )

  const publish = async (id: string) => {
    expectStatus(
      await app.api.patch(
        `/api/stories/${id}`,
        {
          safetyChecklist: {
            identifyingDetailsRemoved: true,
            thirdPartiesProtected: true,
            locationCoarse: true,
            imagesChecked: true,
          },
        },
        { token: app.people.editor.token },
      ),
      200,
    )
    return app.api.patch(
      `/api/stories/${id}`,
      { status: 'published' },
      { token: app.people.editor.token },
    )
  }

  /** Everything an anonymous visitor can read about one story, through REST and GraphQL. */
  async function anonymousView(id: string) {
    const list = await app.api.get(`/api/stories?where[id][equals]=${id}&depth=1`)
    const one = await app.api.get(`/api/stories/${id}`)
    const graphql = await app.api.post('/api/graphql', {
      query: `{ Stories(where: { id: { equals: "${id}" } }) { docs { id title pseudonym displayName } } }`,
    })
    return {
      list,
      one,
      graphql,
      listed: list.body.docs?.length === 1,
      gotOne: one.status === 200,
      inGraphql: graphql.body.data?.Stories?.docs?.length === 1,
    }
  }

  it('starts every new story as submitted, owned by the storyteller who wrote it', async () => {
    const res = expectStatus(
      await app.api.post(
        '/api/stories',
        { title: 'Mine', language: 'es', status: 'published', owner: app.people.other.id },
        { token: app.people.teller.token },
      ),
      201,
    )
    expect(res.body.doc.status).toBe('submitted')
    const stored = await app.instance.payload.findByID({
      collection: 'stories',
      id: res.body.doc.id,
      depth: 0,
    })
    expect(String(stored.owner)).toBe(app.people.teller.id)
    expect(String(stored.createdBy)).toBe(app.people.teller.id)
  })

  it('refuses a location that looks like an address or coordinates', async () => {
    for (const location of [
      '1234 Cesar Chavez Ave',
      '34.0522, -118.2437',
      'Apt 4B, Boyle Heights',
      '90033',
    ]) {
      const res = await app.api.post(
        '/api/stories',
        { title: 'x', language: 'en', location },
        { token: app.people.teller.token },
      )
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body)).toMatch(/city or neighbourhood/)
    }
    expect(
      (
        await app.api.post(
          '/api/stories',
          { title: 'x', language: 'en', location: 'Koreatown, Los Angeles' },
          { token: app.people.teller.token },
        )
      ).status,
    ).toBe(201)
  })

  it('publishes only with a current grant, the full checklist and alt text, and then shows only public fields', async () => {
    const id = await approvedStory()
    const early = await app.api.patch(
      `/api/stories/${id}`,
      { status: 'published' },
      { token: app.people.editor.token },
    )
    expect(early.status).toBe(400)
    expect(JSON.stringify(early.body)).toMatch(/consent/)
    expect(JSON.stringify(early.body)).toMatch(/safety checklist/)
    expect((await anonymousView(id)).listed).toBe(false)

    expectStatus(await grant(id, ['press']), 201)
    expect(
      (
        await app.api.patch(
          `/api/stories/${id}`,
          { status: 'published' },
          { token: app.people.editor.token },
        )
      ).status,
    ).toBe(400)

    expectStatus(await grant(id, ['gallery']), 201)
    expectStatus(await publish(id), 200)

    const view = await anonymousView(id)
    expect(view.listed && view.gotOne && view.inGraphql).toBe(true)
    const doc = view.one.body
    expect(doc.title).toBe('Crossing at dawn')
    expect(doc.pseudonym).toBe('M.')
    expect(doc.displayName).toBeUndefined()
    for (const key of [
      'legalName',
      'contactEmail',
      'contactPhone',
      'reviewNotes',
      'safetyChecklist',
      'owner',
      'createdBy',
      'consent',
    ]) {
      expect(doc, key).not.toHaveProperty(key)
    }
    const everything = JSON.stringify([view.list.body, view.one.body, view.graphql.body])
    for (const canary of Object.values(CANARIES)) expect(everything).not.toContain(canary)
    expect(everything).not.toContain('Maria Example')
    expect(view.graphql.body.data.Stories.docs[0].displayName).toBeNull()
  })

  it('shows the name, and hides the pseudonym, only with the named scope', async () => {
    const id = await approvedStory()
    expectStatus(await grant(id, ['gallery', 'named']), 201)
    expectStatus(await publish(id), 200)
    const doc = (await app.api.get(`/api/stories/${id}`)).body
    expect(doc.displayName).toBe('Maria Example')
    expect(doc.pseudonym).toBeUndefined()
  })

  it('hides a story from every anonymous read as soon as the withdrawal returns', async () => {
    const id = await approvedStory()
    expectStatus(await grant(id, ['gallery', 'partners', 'social']), 201)
    expectStatus(await publish(id), 200)
    expect((await anonymousView(id)).listed).toBe(true)

    expectStatus(await withdraw(id), 201)
    const view = await anonymousView(id)
    expect([view.listed, view.gotOne, view.inGraphql]).toEqual([false, false, false])
    expect(view.one.status).toBe(404)
    const stored = await app.instance.payload.findByID({ collection: 'stories', id })
    expect(stored.status).toBe('withdrawn')
    expect(stored.consent?.state).toBe('withdrawn')

    const audit = await app.instance.payload.find({
      collection: 'audit-log',
      where: { subject: { equals: `stories/${id}` } },
      sort: 'at',
      limit: 50,
    })
    const actions = audit.docs.map((entry) => `${entry.action}:${entry.to ?? ''}`)
    expect(actions).toEqual(
      expect.arrayContaining([
        'created:submitted',
        'status-changed:in_review',
        'status-changed:approved',
        'consent-grant:',
        'status-changed:published',
        'consent-withdraw:',
        'status-changed:withdrawn',
      ]),
    )
    expect(JSON.stringify(audit.docs)).not.toMatch(/CANARY|canary-7f3a|555-0100/)
  })

  it('hides a story whose consent has expired, with no job running', async () => {
    const id = await approvedStory()
    const inOneHour = new Date(Date.now() + 60 * 60 * 1000).toISOString()
    expectStatus(
      await grant(id, ['gallery'], app.people.teller.token, { expiresAt: inOneHour }),
      201,
    )
    expectStatus(await publish(id), 200)
    expect((await anonymousView(id)).listed).toBe(true)
    advanceClockForTests(2 * 60 * 60 * 1000)
    const view = await anonymousView(id)
    expect([view.listed, view.gotOne, view.inGraphql]).toEqual([false, false, false])
    const stored = await app.instance.payload.findByID({ collection: 'stories', id })
    expect(stored.status).toBe('published')
  })

  it('lets only the owner and staff record consent for an item', async () => {
    const id = await approvedStory()
    expect((await grant(id, ['gallery'], app.people.other.token)).status).toBe(403)
    expect((await withdraw(id, app.people.other.token)).status).toBe(403)
    expect((await grant(id, ['gallery'], app.people.partner.token)).status).toBe(403)
    expect(
      (
        await app.api.post('/api/consent-records', {
          subject: { relationTo: 'stories', value: id },
          action: 'grant',
          scopes: ['gallery'],
          consentText: app.textId,
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await grant(id, ['gallery'], app.people.editor.token, {
          method: 'paper',
          witness: 'Volunteer J.',
        })
      ).status,
    ).toBe(201)
  })

  it('refuses incomplete grants with a clear message', async () => {
    const id = await approvedStory()
    const none = await grant(id, [])
    expect(none.status).toBe(400)
    expect(JSON.stringify(none.body)).toMatch(/at least one scope/)
    const noText = await app.api.post(
      '/api/consent-records',
      { subject: { relationTo: 'stories', value: id }, action: 'grant', scopes: ['gallery'] },
      { token: app.people.teller.token },
    )
    expect(JSON.stringify(noText.body)).toMatch(/consent text/)
    const backwards = await grant(id, ['gallery'], app.people.teller.token, {
      givenAt: '2026-01-02T00:00:00Z',
      expiresAt: '2026-01-01T00:00:00Z',
    })
    expect(JSON.stringify(backwards.body)).toMatch(/expiresAt must come after givenAt/)
    const guardian = await grant(id, ['gallery'], app.people.editor.token, { method: 'guardian' })
    expect(JSON.stringify(guardian.body)).toMatch(/guardian/)
    const missing = await app.api.post(
      '/api/consent-records',
      {
        subject: { relationTo: 'stories', value: '00000000-0000-4000-8000-000000000000' },
        action: 'grant',
        scopes: ['gallery'],
        consentText: app.textId,
      },
      { token: app.people.editor.token },
    )
    expect(missing.status).toBe(400)
    expect(
      (
        await app.instance.payload.count({
          collection: 'consent-records',
          where: { subjectKey: { equals: `stories/${id}` } },
        })
      ).totalDocs,
    ).toBe(0)
  })

  describe('append-only ledger and audit log', () => {
    it('refuses every update and delete, for every role, over REST and GraphQL', async () => {
      const id = await approvedStory()
      const record = expectStatus(await grant(id, ['gallery']), 201).body.doc
      const audit = (await app.instance.payload.find({ collection: 'audit-log', limit: 1 })).docs[0]
      const tokens = [undefined, ...Object.values(app.people).map((person) => person.token)]
      for (const token of tokens) {
        for (const [slug, doc, gql] of [
          ['consent-records', record, 'ConsentRecord'],
          ['audit-log', audit, 'AuditLog'],
        ] as const) {
          const patch = await app.api.patch(
            `/api/${slug}/${doc.id}`,
            { action: 'withdraw', scopes: ['social'], to: 'x' },
            { token },
          )
          expect([403, 404], `${slug} PATCH`).toContain(patch.status)
          const del = await app.api.delete(`/api/${slug}/${doc.id}`, { token })
          expect([403, 404], `${slug} DELETE`).toContain(del.status)
          const bulk = await app.api.delete(`/api/${slug}?where[id][equals]=${doc.id}`, { token })
          expect(bulk.body.docs?.length ?? 0).toBe(0)
          const update = await app.api.post(
            '/api/graphql',
            { query: `mutation { update${gql}(id: "${doc.id}", data: {}) { id } }` },
            { token },
          )
          expect(update.body.errors?.length ?? 0, `${gql} update via GraphQL`).toBeGreaterThan(0)
          const remove = await app.api.post(
            '/api/graphql',
            { query: `mutation { delete${gql}(id: "${doc.id}") { id } }` },
            { token },
          )
          expect(remove.body.errors?.length ?? 0, `${gql} delete via GraphQL`).toBeGreaterThan(0)
        }
        const forged = await app.api.post(
          '/api/audit-log',
          { at: new Date().toISOString(), action: 'forged', subject: 'stories/x' },
          { token },
        )
        expect(forged.status).toBe(403)
      }
      const still = await app.instance.payload.findByID({
        collection: 'consent-records',
        id: record.id,
      })
      expect([still.action, still.scopes]).toEqual(['grant', ['gallery']])
      expect(
        (await app.instance.payload.findByID({ collection: 'audit-log', id: audit.id })).action,
      ).toBe(audit.action)
      expect(
        (
          await app.instance.payload.count({
            collection: 'audit-log',
            where: { action: { equals: 'forged' } },
          })
        ).totalDocs,
      ).toBe(0)
    })

    it('lets only admins read the audit log, and nobody anonymous read consent records', async () => {
      expect(
        (await app.api.get('/api/audit-log', { token: app.people.admin.token })).body.totalDocs,
      ).toBeGreaterThan(0)
      for (const token of [
        undefined,
        app.people.editor.token,
        app.people.teller.token,
        app.people.partner.token,
      ]) {
        expect((await app.api.get('/api/audit-log', { token })).status).toBe(403)
      }
      expect((await app.api.get('/api/consent-records')).status).toBe(403)
      expect(
        (await app.api.get('/api/consent-records', { token: app.people.partner.token })).status,
      ).toBe(403)
    })
  })

  it('gives a Kantara consent receipt to the owner and editors only', async () => {
    const id = await approvedStory()
    const record = expectStatus(
      await grant(id, ['gallery', 'partners', 'named'], app.people.teller.token, {
        expiresAt: '2030-01-01T00:00:00.000Z',
      }),
      201,
    ).body.doc
    const mine = expectStatus(
      await app.api.get(`/api/consent-records/${record.id}/receipt`, {
        token: app.people.teller.token,
      }),
      200,
    ).body
    expect(mine).toMatchObject({
      version: 'KI-CR-v1.1.0',
      consentReceiptID: String(record.id),
      collectionMethod: 'web-form',
      language: 'en',
      piiPrincipalId: `stories/${id}`,
      sensitive: true,
      scopes: ['gallery', 'partners', 'named'],
      consentText: { version: 'v1' },
    })
    expect(typeof mine.consentTimestamp).toBe('number')
    expect(mine.piiControllers[0]).toHaveProperty('piiController')
    expect(
      mine.services[0].purposes.map(
        (purpose: { purposeCategory: string[] }) => purpose.purposeCategory[0],
      ),
    ).toEqual(['gallery', 'partners', 'named'])
    expect(mine.consentText.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(mine)).not.toContain(CANARIES.legalName)
    expect(
      (
        await app.api.get(`/api/consent-records/${record.id}/receipt`, {
          token: app.people.editor.token,
        })
      ).status,
    ).toBe(200)
    for (const token of [
      undefined,
      app.people.other.token,
      app.people.partner.token,
      app.people.artist.token,
    ]) {
      expect(
        (await app.api.get(`/api/consent-records/${record.id}/receipt`, { token })).status,
      ).toBe(404)
    }
  })

  it('gives no workflow exemption to other mutations in the same GraphQL request as a consent record', async () => {
    const { api, people } = app
    const id = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Batch', language: 'en' },
        { token: people.teller.token },
      ),
      201,
    ).body.doc.id
    const batch = await api.post(
      '/api/graphql',
      {
        query: `mutation {
        g: createConsentRecord(data: { subject: { relationTo: stories, value: "${id}" }, action: grant, scopes: [gallery], consentText: "${app.textId}", method: web_form, language: en }) { id }
        p: updateStory(id: "${id}", data: { status: published }) { id status }
        c: createStory(data: { title: "Sneaky", language: en, status: published, owner: "${people.other.id}" }) { id status }
      }`,
      },
      { token: people.teller.token },
    )
    expect(batch.body.data?.g?.id).toBeTruthy()
    expect(batch.body.data?.p ?? null).toBeNull()
    const stored = await app.instance.payload.findByID({ collection: 'stories', id, depth: 0 })
    expect(stored.status).toBe('submitted')
    const sneaky = await app.instance.payload.find({
      collection: 'stories',
      where: { title: { equals: 'Sneaky' } },
      depth: 0,
    })
    for (const doc of sneaky.docs) {
      expect(doc.status).toBe('submitted')
      expect(String(doc.owner)).toBe(people.teller.id)
    }
    expect((await api.get(`/api/stories/${id}`)).status).toBe(404)
  })

  it("does not reveal a hidden story's consent through Payload's permission endpoint", async () => {
    const id = await approvedStory()
    expectStatus(await grant(id, ['gallery', 'named', 'photo']), 201)
    const permissions = await app.api.post(`/api/stories/access/${id}`, {})
    const fields = (permissions.body.fields ?? {}) as Record<string, { read?: boolean }>
    expect(fields.displayName?.read ?? false).toBe(false)
    expect(fields.images?.read ?? false).toBe(false)
  })

  it('refuses an illegal move with 400 naming the allowed ones, and a forbidden one with 403', async () => {
    const id = expectStatus(
      await app.api.post(
        '/api/stories',
        { title: 'x', language: 'en' },
        { token: app.people.teller.token },
      ),
      201,
    ).body.doc.id
    const illegal = await app.api.patch(
      `/api/stories/${id}`,
      { status: 'published' },
      { token: app.people.editor.token },
    )
    expect(illegal.status).toBe(400)
    expect(JSON.stringify(illegal.body)).toContain('Allowed from \\"submitted\\": in_review')
    const forbidden = await app.api.patch(
      `/api/stories/${id}`,
      { status: 'in_review' },
      { token: app.people.teller.token },
    )
    expect(forbidden.status).toBe(403)
    const system = await app.api.patch(
      `/api/stories/${id}`,
      { status: 'withdrawn' },
      { token: app.people.admin.token },
    )
    expect(system.status).toBe(403)
    expect((await app.instance.payload.findByID({ collection: 'stories', id })).status).toBe(
      'submitted',
    )
  })

  it('never lets the creator approve their own item', async () => {
    const id = expectStatus(
      await app.api.post(
        '/api/stories',
        { title: 'Entered from a paper form', language: 'es' },
        { token: app.people.editor.token },
      ),
      201,
    ).body.doc.id
    expectStatus(
      await app.api.patch(
        `/api/stories/${id}`,
        { status: 'in_review' },
        { token: app.people.editor.token },
      ),
      200,
    )
    const own = await app.api.patch(
      `/api/stories/${id}`,
      { status: 'approved' },
      { token: app.people.editor.token },
    )
    expect(own.status).toBe(403)
    expect(JSON.stringify(own.body)).toMatch(/approver/)
    expectStatus(
      await app.api.patch(
        `/api/stories/${id}`,
        { status: 'approved' },
        { token: app.people.editor2.token },
      ),
      200,
    )
  })

  it('hashes consent texts per language, freezes cited wording, and shows only active texts publicly', async () => {
    const text = await app.instance.payload.findByID({
      collection: 'consent-texts',
      id: app.textId,
      locale: 'en',
    })
    expect(text.hash).toMatch(/^[0-9a-f]{64}$/)
    const es = await app.instance.payload.update({
      collection: 'consent-texts',
      id: app.textId,
      locale: 'es',
      data: { body: 'Acepto compartir mi historia (v1).' },
    })
    expect(es.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(es.hash).not.toBe(text.hash)
    const reword = await app.api.patch(
      `/api/consent-texts/${app.textId}?locale=en`,
      { body: 'Something else' },
      { token: app.people.editor.token },
    )
    expect(reword.status).toBe(400)
    expect(JSON.stringify(reword.body)).toMatch(/new version/)
    await app.instance.payload.create({
      collection: 'consent-texts',
      data: { version: 'v2-draft', body: 'Draft', active: false },
    })
    const publicTexts = (await app.api.get('/api/consent-texts?limit=50')).body.docs.map(
      (doc: { version: string }) => doc.version,
    )
    expect(publicTexts).toContain('v1')
    expect(publicTexts).not.toContain('v2-draft')
  })

  it('applies the same law to artworks: visible only while published and consented, credit only with named', async () => {
    const { api, people } = app
    const created = expectStatus(
      await api.post(
        '/api/artworks',
        { title: 'Mural study', creditLine: 'CREDIT-canary', licence: 'cc-by' },
        { token: people.artist.token },
      ),
      201,
    )
    const id = created.body.doc.id as string
    expect(
      String((await app.instance.payload.findByID({ collection: 'artworks', id, depth: 0 })).owner),
    ).toBe(people.artist.id)
    const subject = { relationTo: 'artworks', value: id }
    expectStatus(
      await api.post(
        '/api/consent-records',
        { subject, action: 'grant', scopes: ['gallery'], consentText: app.textId },
        { token: people.artist.token },
      ),
      201,
    )
    for (const status of ['in_review', 'approved', 'published']) {
      expectStatus(
        await api.patch(`/api/artworks/${id}`, { status }, { token: people.editor.token }),
        200,
      )
    }
    const anonymous = expectStatus(await api.get(`/api/artworks/${id}`), 200).body
    expect(anonymous.title).toBe('Mural study')
    expect(anonymous.licence).toBe('cc-by')
    expect(JSON.stringify(anonymous)).not.toContain('CREDIT-canary')
    expect(anonymous).not.toHaveProperty('owner')
    expect(anonymous).not.toHaveProperty('artist')

    expectStatus(
      await api.post(
        '/api/consent-records',
        { subject, action: 'grant', scopes: ['gallery', 'named'], consentText: app.textId },
        { token: people.artist.token },
      ),
      201,
    )
    expect((await api.get(`/api/artworks/${id}`)).body.creditLine).toBe('CREDIT-canary')

    expectStatus(
      await api.post(
        '/api/consent-records',
        { subject, action: 'withdraw' },
        { token: people.artist.token },
      ),
      201,
    )
    expect((await api.get(`/api/artworks/${id}`)).status).toBe(404)
    const graphql = await api.post('/api/graphql', {
      query: `{ Artworks(where: { id: { equals: "${id}" } }) { docs { id } } }`,
    })
    expect(graphql.body.data.Artworks.docs).toEqual([])
  })

  it('answers anonymous GraphQL reads of the ledger and the audit log with nothing', async () => {
    for (const query of [
      '{ ConsentRecords { docs { id guardianName evidence } } }',
      '{ AuditLogs { docs { id action } } }',
    ]) {
      const res = await app.api.post('/api/graphql', { query })
      expect(res.body.errors?.length ?? 0).toBeGreaterThan(0)
      expect(JSON.stringify(res.body.data ?? {})).not.toMatch(/"id"/)
    }
  })

  it('lets an owner resubmit a withdrawn story only after a new grant', async () => {
    const id = await approvedStory()
    expectStatus(await grant(id, ['gallery']), 201)
    expectStatus(await withdraw(id), 201)
    const early = await app.api.patch(
      `/api/stories/${id}`,
      { status: 'submitted' },
      { token: app.people.teller.token },
    )
    expect(early.status).toBe(400)
    expectStatus(await grant(id, ['gallery']), 201)
    expectStatus(
      await app.api.patch(
        `/api/stories/${id}`,
        { status: 'submitted' },
        { token: app.people.teller.token },
      ),
      200,
    )
  })
})
