import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { advanceClockForTests, resetClockForTests } from '../../src/lib/clock'
import { apiClient } from '../helpers/api'
import { describeEachDatabase } from '../helpers/databases'
import { type Account, createAccounts, createConsentText, expectStatus } from '../helpers/fixtures'
import { type HttpTestServer, startHttp } from '../helpers/http'
import { type TestInstance, startPayload } from '../helpers/payload'

const CANARIES = {
  legalName: 'CANARY-legal-7f3a',
  contactEmail: 'canary-7f3a@example.org',
  contactPhone: '+1-555-0100-7f3a',
  reviewNotes: 'CANARY-review-7f3a',
}

describeEachDatabase('consent ledger and editorial workflow', (database) => {
  let instance: TestInstance
  let server: HttpTestServer
  let api: ReturnType<typeof apiClient>
  let people: Record<string, Account>
  let textId: string

  beforeAll(async () => {
    instance = await startPayload({ database })
    server = await startHttp(instance)
    api = apiClient(server)
    people = await createAccounts(instance.payload, server, {
      admin: 'admin',
      editor: 'editor',
      editor2: 'editor',
      teller: 'storyteller',
      other: 'storyteller',
      artist: 'artist',
      partner: 'partner',
    })
    textId = String((await createConsentText(instance.payload)).id)
  })
  afterAll(async () => {
    await server?.close()
    await instance?.close()
  })
  afterEach(() => resetClockForTests())

  /** A story by the storyteller, taken through review to `approved` by an editor. */
  async function approvedStory(extra: Record<string, unknown> = {}) {
    const created = expectStatus(
      await api.post('/api/stories', {
        title: 'Crossing at dawn',
        language: 'en',
        pseudonym: 'M.',
        displayName: 'Maria Example',
        location: 'Boyle Heights',
        legalName: CANARIES.legalName,
        contactEmail: CANARIES.contactEmail,
        contactPhone: CANARIES.contactPhone,
        ...extra,
      }, { token: people.teller.token }),
      201,
    )
    const id = created.body.doc.id as string
    expectStatus(await api.patch(`/api/stories/${id}`, { status: 'in_review', reviewNotes: CANARIES.reviewNotes }, { token: people.editor.token }), 200)
    expectStatus(await api.patch(`/api/stories/${id}`, { status: 'approved' }, { token: people.editor.token }), 200)
    return id
  }

  const grant = (id: string, scopes: string[], token = people.teller.token, extra: Record<string, unknown> = {}) =>
    api.post('/api/consent-records', { subject: { relationTo: 'stories', value: id }, action: 'grant', scopes, consentText: textId, method: 'web-form', language: 'en', ...extra }, { token })

  const withdraw = (id: string, token = people.teller.token) =>
    api.post('/api/consent-records', { subject: { relationTo: 'stories', value: id }, action: 'withdraw', method: 'web-form' }, { token })

  const publish = async (id: string) => {
    expectStatus(await api.patch(`/api/stories/${id}`, { safetyChecklist: { identifyingDetailsRemoved: true, thirdPartiesProtected: true, locationCoarse: true, imagesChecked: true } }, { token: people.editor.token }), 200)
    return api.patch(`/api/stories/${id}`, { status: 'published' }, { token: people.editor.token })
  }

  /** Everything an anonymous visitor can read about one story, through REST and GraphQL. */
  async function anonymousView(id: string) {
    const list = await api.get(`/api/stories?where[id][equals]=${id}&depth=1`)
    const one = await api.get(`/api/stories/${id}`)
    const graphql = await api.post('/api/graphql', { query: `{ Stories(where: { id: { equals: "${id}" } }) { docs { id title pseudonym displayName } } }` })
    return { list, one, graphql, listed: list.body.docs?.length === 1, gotOne: one.status === 200, inGraphql: graphql.body.data?.Stories?.docs?.length === 1 }
  }

  it('starts every new story as submitted, owned by the storyteller who wrote it', async () => {
    const res = expectStatus(await api.post('/api/stories', { title: 'Mine', language: 'es', status: 'published', owner: people.other.id }, { token: people.teller.token }), 201)
    expect(res.body.doc.status).toBe('submitted')
    const stored = await instance.payload.findByID({ collection: 'stories', id: res.body.doc.id, depth: 0 })
    expect(String(stored.owner)).toBe(people.teller.id)
    expect(String(stored.createdBy)).toBe(people.teller.id)
  })

  it('refuses a location that looks like an address or coordinates', async () => {
    for (const location of ['1234 Cesar Chavez Ave', '34.0522, -118.2437', 'Apt 4B, Boyle Heights', '90033']) {
      const res = await api.post('/api/stories', { title: 'x', language: 'en', location }, { token: people.teller.token })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body)).toMatch(/city or neighbourhood/)
    }
    expect((await api.post('/api/stories', { title: 'x', language: 'en', location: 'Koreatown, Los Angeles' }, { token: people.teller.token })).status).toBe(201)
  })

  it('publishes only with a current grant, the full checklist and alt text, and then shows only public fields', async () => {
    const id = await approvedStory()
    const early = await api.patch(`/api/stories/${id}`, { status: 'published' }, { token: people.editor.token })
    expect(early.status).toBe(400)
    expect(JSON.stringify(early.body)).toMatch(/consent/)
    expect(JSON.stringify(early.body)).toMatch(/safety checklist/)
    expect((await anonymousView(id)).listed).toBe(false)

    expectStatus(await grant(id, ['press']), 201)
    expect((await api.patch(`/api/stories/${id}`, { status: 'published' }, { token: people.editor.token })).status).toBe(400)

    expectStatus(await grant(id, ['gallery']), 201)
    expectStatus(await publish(id), 200)

    const view = await anonymousView(id)
    expect(view.listed && view.gotOne && view.inGraphql).toBe(true)
    const doc = view.one.body
    expect(doc.title).toBe('Crossing at dawn')
    expect(doc.pseudonym).toBe('M.')
    expect(doc.displayName).toBeUndefined()
    for (const key of ['legalName', 'contactEmail', 'contactPhone', 'reviewNotes', 'safetyChecklist', 'owner', 'createdBy', 'consent']) {
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
    const doc = (await api.get(`/api/stories/${id}`)).body
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
    const stored = await instance.payload.findByID({ collection: 'stories', id })
    expect(stored.status).toBe('withdrawn')
    expect(stored.consent?.state).toBe('withdrawn')

    const audit = await instance.payload.find({ collection: 'audit-log', where: { subject: { equals: `stories/${id}` } }, sort: 'at', limit: 50 })
    const actions = audit.docs.map((entry) => `${entry.action}:${entry.to ?? ''}`)
    expect(actions).toEqual(expect.arrayContaining(['created:submitted', 'status-changed:in_review', 'status-changed:approved', 'consent-grant:', 'status-changed:published', 'consent-withdraw:', 'status-changed:withdrawn']))
    expect(JSON.stringify(audit.docs)).not.toMatch(/CANARY|canary-7f3a|555-0100/)
  })

  it('hides a story whose consent has expired, with no job running', async () => {
    const id = await approvedStory()
    const inOneHour = new Date(Date.now() + 60 * 60 * 1000).toISOString()
    expectStatus(await grant(id, ['gallery'], people.teller.token, { expiresAt: inOneHour }), 201)
    expectStatus(await publish(id), 200)
    expect((await anonymousView(id)).listed).toBe(true)
    advanceClockForTests(2 * 60 * 60 * 1000)
    const view = await anonymousView(id)
    expect([view.listed, view.gotOne, view.inGraphql]).toEqual([false, false, false])
    const stored = await instance.payload.findByID({ collection: 'stories', id })
    expect(stored.status).toBe('published')
  })

  it('lets only the owner and staff record consent for an item', async () => {
    const id = await approvedStory()
    expect((await grant(id, ['gallery'], people.other.token)).status).toBe(403)
    expect((await withdraw(id, people.other.token)).status).toBe(403)
    expect((await grant(id, ['gallery'], people.partner.token)).status).toBe(403)
    expect((await api.post('/api/consent-records', { subject: { relationTo: 'stories', value: id }, action: 'grant', scopes: ['gallery'], consentText: textId })).status).toBe(403)
    expect((await grant(id, ['gallery'], people.editor.token, { method: 'paper', witness: 'Volunteer J.' })).status).toBe(201)
  })

  it('refuses incomplete grants with a clear message', async () => {
    const id = await approvedStory()
    const none = await grant(id, [])
    expect(none.status).toBe(400)
    expect(JSON.stringify(none.body)).toMatch(/at least one scope/)
    const noText = await api.post('/api/consent-records', { subject: { relationTo: 'stories', value: id }, action: 'grant', scopes: ['gallery'] }, { token: people.teller.token })
    expect(JSON.stringify(noText.body)).toMatch(/consent text/)
    const backwards = await grant(id, ['gallery'], people.teller.token, { givenAt: '2026-01-02T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' })
    expect(JSON.stringify(backwards.body)).toMatch(/expiresAt must come after givenAt/)
    const guardian = await grant(id, ['gallery'], people.editor.token, { method: 'guardian' })
    expect(JSON.stringify(guardian.body)).toMatch(/guardian/)
    const missing = await api.post('/api/consent-records', { subject: { relationTo: 'stories', value: '00000000-0000-4000-8000-000000000000' }, action: 'grant', scopes: ['gallery'], consentText: textId }, { token: people.editor.token })
    expect(missing.status).toBe(400)
    expect((await instance.payload.count({ collection: 'consent-records', where: { subjectKey: { equals: `stories/${id}` } } })).totalDocs).toBe(0)
  })

  describe('append-only ledger and audit log', () => {
    it('refuses every update and delete, for every role, over REST and GraphQL', async () => {
      const id = await approvedStory()
      const record = expectStatus(await grant(id, ['gallery']), 201).body.doc
      const audit = (await instance.payload.find({ collection: 'audit-log', limit: 1 })).docs[0]
      const tokens = [undefined, ...Object.values(people).map((person) => person.token)]
      for (const token of tokens) {
        for (const [slug, doc, gql] of [['consent-records', record, 'ConsentRecord'], ['audit-log', audit, 'AuditLog']] as const) {
          const patch = await api.patch(`/api/${slug}/${doc.id}`, { action: 'withdraw', scopes: ['social'], to: 'x' }, { token })
          expect([403, 404], `${slug} PATCH`).toContain(patch.status)
          const del = await api.delete(`/api/${slug}/${doc.id}`, { token })
          expect([403, 404], `${slug} DELETE`).toContain(del.status)
          const bulk = await api.delete(`/api/${slug}?where[id][equals]=${doc.id}`, { token })
          expect(bulk.body.docs?.length ?? 0).toBe(0)
          const update = await api.post('/api/graphql', { query: `mutation { update${gql}(id: "${doc.id}", data: {}) { id } }` }, { token })
          expect(update.body.errors?.length ?? 0, `${gql} update via GraphQL`).toBeGreaterThan(0)
          const remove = await api.post('/api/graphql', { query: `mutation { delete${gql}(id: "${doc.id}") { id } }` }, { token })
          expect(remove.body.errors?.length ?? 0, `${gql} delete via GraphQL`).toBeGreaterThan(0)
        }
        const forged = await api.post('/api/audit-log', { at: new Date().toISOString(), action: 'forged', subject: 'stories/x' }, { token })
        expect(forged.status).toBe(403)
      }
      const still = await instance.payload.findByID({ collection: 'consent-records', id: record.id })
      expect([still.action, still.scopes]).toEqual(['grant', ['gallery']])
      expect((await instance.payload.findByID({ collection: 'audit-log', id: audit.id })).action).toBe(audit.action)
      expect((await instance.payload.count({ collection: 'audit-log', where: { action: { equals: 'forged' } } })).totalDocs).toBe(0)
    })

    it('lets only admins read the audit log, and nobody anonymous read consent records', async () => {
      expect((await api.get('/api/audit-log', { token: people.admin.token })).body.totalDocs).toBeGreaterThan(0)
      for (const token of [undefined, people.editor.token, people.teller.token, people.partner.token]) {
        expect((await api.get('/api/audit-log', { token })).status).toBe(403)
      }
      expect((await api.get('/api/consent-records')).status).toBe(403)
      expect((await api.get('/api/consent-records', { token: people.partner.token })).status).toBe(403)
    })
  })

  it('gives a Kantara consent receipt to the owner and editors only', async () => {
    const id = await approvedStory()
    const record = expectStatus(await grant(id, ['gallery', 'partners', 'named'], people.teller.token, { expiresAt: '2030-01-01T00:00:00.000Z' }), 201).body.doc
    const mine = expectStatus(await api.get(`/api/consent-records/${record.id}/receipt`, { token: people.teller.token }), 200).body
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
    expect(mine.services[0].purposes.map((purpose: { purposeCategory: string[] }) => purpose.purposeCategory[0])).toEqual(['gallery', 'partners', 'named'])
    expect(mine.consentText.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(mine)).not.toContain(CANARIES.legalName)
    expect((await api.get(`/api/consent-records/${record.id}/receipt`, { token: people.editor.token })).status).toBe(200)
    for (const token of [undefined, people.other.token, people.partner.token, people.artist.token]) {
      expect((await api.get(`/api/consent-records/${record.id}/receipt`, { token })).status).toBe(404)
    }
  })

  it('refuses an illegal move with 400 naming the allowed ones, and a forbidden one with 403', async () => {
    const id = expectStatus(await api.post('/api/stories', { title: 'x', language: 'en' }, { token: people.teller.token }), 201).body.doc.id
    const illegal = await api.patch(`/api/stories/${id}`, { status: 'published' }, { token: people.editor.token })
    expect(illegal.status).toBe(400)
    expect(JSON.stringify(illegal.body)).toContain('Allowed from \\"submitted\\": in_review')
    const forbidden = await api.patch(`/api/stories/${id}`, { status: 'in_review' }, { token: people.teller.token })
    expect(forbidden.status).toBe(403)
    const system = await api.patch(`/api/stories/${id}`, { status: 'withdrawn' }, { token: people.admin.token })
    expect(system.status).toBe(403)
    expect((await instance.payload.findByID({ collection: 'stories', id })).status).toBe('submitted')
  })

  it('never lets the creator approve their own item', async () => {
    const id = expectStatus(await api.post('/api/stories', { title: 'Entered from a paper form', language: 'es' }, { token: people.editor.token }), 201).body.doc.id
    expectStatus(await api.patch(`/api/stories/${id}`, { status: 'in_review' }, { token: people.editor.token }), 200)
    const own = await api.patch(`/api/stories/${id}`, { status: 'approved' }, { token: people.editor.token })
    expect(own.status).toBe(403)
    expect(JSON.stringify(own.body)).toMatch(/approver/)
    expectStatus(await api.patch(`/api/stories/${id}`, { status: 'approved' }, { token: people.editor2.token }), 200)
  })

  it('hashes consent texts per language, freezes cited wording, and shows only active texts publicly', async () => {
    const text = await instance.payload.findByID({ collection: 'consent-texts', id: textId, locale: 'en' })
    expect(text.hash).toMatch(/^[0-9a-f]{64}$/)
    const es = await instance.payload.update({ collection: 'consent-texts', id: textId, locale: 'es', data: { body: 'Acepto compartir mi historia (v1).' } })
    expect(es.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(es.hash).not.toBe(text.hash)
    const reword = await api.patch(`/api/consent-texts/${textId}?locale=en`, { body: 'Something else' }, { token: people.editor.token })
    expect(reword.status).toBe(400)
    expect(JSON.stringify(reword.body)).toMatch(/new version/)
    await instance.payload.create({ collection: 'consent-texts', data: { version: 'v2-draft', body: 'Draft', active: false } })
    const publicTexts = (await api.get('/api/consent-texts?limit=50')).body.docs.map((doc: { version: string }) => doc.version)
    expect(publicTexts).toContain('v1')
    expect(publicTexts).not.toContain('v2-draft')
  })

  it('lets an owner resubmit a withdrawn story only after a new grant', async () => {
    const id = await approvedStory()
    expectStatus(await grant(id, ['gallery']), 201)
    expectStatus(await withdraw(id), 201)
    const early = await api.patch(`/api/stories/${id}`, { status: 'submitted' }, { token: people.teller.token })
    expect(early.status).toBe(400)
    expectStatus(await grant(id, ['gallery']), 201)
    expectStatus(await api.patch(`/api/stories/${id}`, { status: 'submitted' }, { token: people.teller.token }), 200)
  })
})
