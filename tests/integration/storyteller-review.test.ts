import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { createConsentText, expectStatus } from '../helpers/fixtures'
import { editStory } from '../helpers/storyEdits'
import { type HttpTestServer, startHttp } from '../helpers/http'
import { startPayload, type TestInstance } from '../helpers/payload'
import { A_STORY, submitStory } from '../helpers/selfService'
import { smtpEnv, type SmtpTestServer, startSmtp } from '../helpers/smtp'
import {
  consentedStory,
  FULL_CHECKLIST,
  secondEditor,
  storytellerApproves,
} from '../helpers/stories'

// Issue 15: the storyteller has the last word on the exact version that goes out.

describeEachDatabase('storyteller sign-off on the exact version', (database) => {
  const app = useTestApp(database, {
    editor: 'editor',
    teller: 'storyteller',
    other: 'storyteller',
  })
  const token = (name: string) => app.people[name].token

  /** A story by `teller` with consent, sent to review and approved by two editors; not yet published. */
  async function approvedByEditors(title: string, scopes = ['gallery']): Promise<string> {
    const id = await consentedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes,
      extra: { title },
    })
    await editStory(app, token('editor'), id, { status: 'in_review' })
    return id
  }
  const review = async (id: string, who = 'editor') =>
    expectStatus(
      await app.api.get(`/api/stories/${id}/storyteller-review`, { token: token(who) }),
      200,
    ).body
  const publish = (id: string) =>
    app.api.patch(`/api/stories/${id}`, { status: 'published' }, { token: token('editor') })
  const approve = (id: string, contentHash: unknown, who = 'teller') =>
    app.api.post(
      `/api/stories/${id}/storyteller-review/approve`,
      { contentHash },
      { token: token(who) },
    )

  it("an editor's change blocks publishing until the storyteller approves that hash; a stale hash is 409", async () => {
    const id = await approvedByEditors('My own words')
    // Written by the storyteller: their own version is approved as they saved it.
    expect((await review(id)).review.state).toBe('approved')

    await editStory(app, token('editor'), id, { title: 'An editor’s words' })
    const waiting = await review(id, 'teller')
    expect(waiting.review.state).toBe('awaiting_storyteller')
    expect(waiting.review.changes).toEqual([
      { field: 'title', lang: 'en', before: 'My own words', after: 'An editor’s words' },
    ])
    // Consent covers the site only: no embed or social preview.
    expect(Object.keys(waiting.previews)).toEqual(['site'])
    expect(waiting.previews.site.page.title).toBe('An editor’s words')

    // Another storyteller, an editor on the owner's button, and garbage are refused.
    expect((await approve(id, waiting.review.contentHash, 'other')).status).toBe(404)
    expectStatus(await approve(id, waiting.review.contentHash, 'editor'), 403)
    expect(expectStatus(await approve(id, 42), 400).body.error.code).toBe('invalid_request')

    // The editor changes it again while the storyteller looks at the older version.
    await editStory(app, token('editor'), id, { title: 'Palabras de la editora' }, { locale: 'es' })
    const stale = expectStatus(await approve(id, waiting.review.contentHash), 409)
    expect(stale.body.error.code).toBe('conflict')
    expect((await review(id)).review.state).toBe('awaiting_storyteller')

    await editStory(app, (await secondEditor(app)).token, id, { status: 'approved' })
    const refused = expectStatus(await publish(id), 400)
    expect(JSON.stringify(refused.body)).toMatch(/storyteller has not approved/)
    // The moves the admin offers say the same.
    const moves = expectStatus(
      await app.api.get(`/api/stories/${id}/moves`, { token: token('editor') }),
      200,
    ).body
    expect(moves.blocked.map((move: { to: string }) => move.to)).toContain('published')

    const current = await review(id, 'teller')
    expect(current.review.changes).toEqual([
      { field: 'title', lang: 'en', before: 'My own words', after: 'An editor’s words' },
      { field: 'title', lang: 'es', before: null, after: 'Palabras de la editora' },
    ])
    const approved = expectStatus(await approve(id, current.review.contentHash), 200).body
    expect(approved.review).toMatchObject({
      state: 'approved',
      contentHash: current.review.contentHash,
      changes: [],
    })
    expectStatus(await publish(id), 200)
    expect(expectStatus(await app.api.get(`/api/public/stories/${id}`), 200).body.title).toBe(
      'An editor’s words',
    )
    expect(
      expectStatus(await app.api.get(`/api/public/stories/${id}?lang=es`), 200).body.title,
    ).toBe('Palabras de la editora')
  }, 180_000)

  it('an edit after approval voids it, and the storyteller can ask for changes instead', async () => {
    const id = await approvedByEditors('First version')
    await editStory(app, token('editor'), id, { pullQuote: 'A quote chosen by the editor' })
    expectStatus(await approve(id, (await review(id)).review.contentHash), 200)
    expect((await review(id)).review.state).toBe('approved')

    // Changed again after the storyteller's approval (and the editors' approval).
    await editStory(app, (await secondEditor(app)).token, id, { status: 'approved' })
    await editStory(app, (await secondEditor(app)).token, id, { location: 'Boyle Heights' })
    const voided = await review(id)
    expect(voided.review.state).toBe('awaiting_storyteller')
    // "Before" is what they approved: the editor's quote is no longer a change, the place is.
    expect(voided.review.changes).toEqual([
      { field: 'location', lang: null, before: null, after: 'Boyle Heights' },
    ])
    expectStatus(await publish(id), 400)

    const asked = expectStatus(
      await app.api.post(
        `/api/stories/${id}/storyteller-review/request-changes`,
        { note: 'Please do not name my neighbourhood.' },
        { token: token('teller') },
      ),
      200,
    ).body
    expect(asked.review).toMatchObject({
      state: 'changes_requested',
      note: 'Please do not name my neighbourhood.',
    })
    expectStatus(
      await app.api.post(
        `/api/stories/${id}/storyteller-review/request-changes`,
        { note: '  ' },
        { token: token('teller') },
      ),
      400,
    )
    expectStatus(await publish(id), 400)

    // Undoing the change brings back exactly what they approved.
    await editStory(app, token('editor'), id, { location: null })
    expect((await review(id)).review.state).toBe('approved')

    const audit = await app.instance.payload.find({
      collection: 'audit-log',
      where: { subject: { equals: `stories/${id}` } },
      sort: 'at',
      limit: 100,
    })
    const actions = audit.docs.map((entry) => entry.action)
    expect(actions.filter((action) => action === 'storyteller-review-requested')).toHaveLength(2)
    expect(actions).toContain('storyteller-approved')
    expect(actions).toContain('storyteller-requested-changes')
    // The note is the storyteller's words: it stays out of the log.
    expect(JSON.stringify(audit.docs)).not.toContain('neighbourhood')
  })

  it('an editor records an offline approval with who and evidence, and it is audited', async () => {
    const id = await approvedByEditors('Told on paper')
    await editStory(app, token('editor'), id, { title: 'Told on paper, shortened' })
    const { contentHash } = (await review(id)).review
    const offline = (body: Record<string, unknown>, who = 'editor') =>
      app.api.post(`/api/stories/${id}/storyteller-review/offline`, body, { token: token(who) })

    expectStatus(
      await offline({ contentHash, method: 'paper', who: 'R. (storyteller), collected by Ana' }),
      400,
    )
    expectStatus(await offline({ contentHash, method: 'email', who: 'R.', evidence: 'x' }), 400)
    expectStatus(
      await offline(
        { contentHash, method: 'verbal', who: 'R.', evidence: 'Read aloud by phone' },
        'teller',
      ),
      403,
    )
    expectStatus(
      await offline({
        contentHash: 'f'.repeat(64),
        method: 'verbal',
        who: 'R.',
        evidence: 'Read aloud by phone',
      }),
      409,
    )
    const recorded = expectStatus(
      await offline({
        contentHash,
        method: 'paper',
        who: 'R., collected by Ana',
        evidence: 'Signed printout, folder 12',
      }),
      200,
    ).body
    expect(recorded.review).toMatchObject({ state: 'approved', approvalMethod: 'paper' })

    const stored = await app.instance.payload.findByID({ collection: 'stories', id, depth: 0 })
    expect(stored.storytellerReview).toMatchObject({
      state: 'approved',
      approvalMethod: 'paper',
      offlineWho: 'R., collected by Ana',
      offlineEvidence: 'Signed printout, folder 12',
      approvedBy: app.people.editor.id,
    })
    const audit = await app.instance.payload.find({
      collection: 'audit-log',
      where: {
        and: [
          { subject: { equals: `stories/${id}` } },
          { action: { equals: 'storyteller-approved' } },
        ],
      },
    })
    expect(audit.docs).toHaveLength(1)
    expect(audit.docs[0]).toMatchObject({
      actor: expect.objectContaining({ id: app.people.editor.id }),
      to: 'approved',
    })
    expect(audit.docs[0].details).toMatchObject({ contentHash, method: 'paper' })
    expect(JSON.stringify(audit.docs)).not.toMatch(/folder 12|Ana/)

    await editStory(app, (await secondEditor(app)).token, id, { status: 'approved' })
    expectStatus(await publish(id), 200)
  })

  it('the review fields are never public and nobody writes them through the API', async () => {
    const id = await approvedByEditors('Private review')
    await editStory(app, token('editor'), id, {
      storytellerReview: { state: 'approved', approvedHash: 'x' },
      title: 'Edited',
    })
    expect((await review(id)).review.state).toBe('awaiting_storyteller')
    expect((await app.api.get(`/api/stories/${id}`, { token: token('other') })).status).toBe(404)
  })

  it('content notes chosen by the storyteller appear on the public item in both languages', async () => {
    const id = await consentedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: { title: 'Noted', contentNotes: ['deportation', 'detention'] },
      edit: { status: 'in_review' },
    })
    await editStory(app, (await secondEditor(app)).token, id, { status: 'approved' })
    expectStatus(await publish(id), 200)
    expect(
      expectStatus(await app.api.get(`/api/public/stories/${id}`), 200).body.contentNotes,
    ).toEqual([
      { code: 'detention', label: 'Detention' },
      { code: 'deportation', label: 'Deportation' },
    ])
    expect(
      expectStatus(await app.api.get(`/api/public/stories/${id}?lang=es`), 200).body.contentNotes,
    ).toEqual([
      { code: 'detention', label: 'Detención' },
      { code: 'deportation', label: 'Deportación' },
    ])
    const gallery = expectStatus(
      await app.api.get('/api/public/gallery?lang=es&limit=50'),
      200,
    ).body
    expect(
      gallery.items
        .find((item: { id: string }) => item.id === id)
        .contentNotes.map((note: { code: string }) => note.code),
    ).toEqual(['detention', 'deportation'])
  }, 180_000)

  it('items with no storyteller need no sign-off', async () => {
    const id = expectStatus(
      await app.api.post(
        '/api/stories',
        { title: 'Written by staff', language: 'en' },
        { token: token('editor') },
      ),
      201,
    ).body.doc.id as string
    expect((await review(id)).review).toMatchObject({ state: 'not_needed', changes: [] })
    expectStatus(
      await app.api.post(
        `/api/stories/${id}/storyteller-review/offline`,
        {
          contentHash: (await review(id)).review.contentHash,
          method: 'paper',
          who: 'x',
          evidence: 'y',
        },
        { token: token('editor') },
      ),
      409,
    )
  })

  it('a storyteller without an account sees the change and previews on their page, and approves through the link', async () => {
    const submitted = await submitStory(app.server, {
      ...A_STORY,
      title: 'Mi historia',
      scopes: ['gallery', 'partners'],
    })
    expect(submitted.status, submitted.text).toBe(201)
    const { token: link, story } = submitted.body as { token: string; story: { id: string } }
    const mine = () => app.api.get(`/api/public/my-story/${link}`)
    expect(expectStatus(await mine(), 200).body.review.state).toBe('approved')

    expectStatus(
      await app.api.patch(
        `/api/stories/${story.id}?locale=es`,
        { title: 'Mi historia, corregida', safetyChecklist: FULL_CHECKLIST },
        { token: token('editor') },
      ),
      200,
    )
    const seen = expectStatus(await mine(), 200).body
    expect(seen.review.state).toBe('awaiting_storyteller')
    expect(seen.review.changes).toEqual([
      { field: 'title', lang: 'es', before: 'Mi historia', after: 'Mi historia, corregida' },
    ])
    expect(Object.keys(seen.previews).sort()).toEqual(['embed', 'site'])
    expect(seen.previews.embed.card).toMatchObject({
      title: 'Mi historia, corregida',
      attribution: 'Luz',
    })

    const page = await fetch(`${app.server.url}/my-story/${link}`)
    const html = await page.text()
    expect(html).toContain('Tu aprobación')
    expect(html).toContain('Mi historia, corregida')
    expect(html).toContain(`name="contentHash" value="${seen.review.contentHash}"`)

    expect(
      expectStatus(
        await app.api.post(`/api/public/my-story/${link}/approve`, { contentHash: 'stale' }),
        409,
      ).body.error.code,
    ).toBe('conflict')
    // The form's own post (no script) approves and comes back to the page.
    const form = await fetch(`${app.server.url}/api/public/my-story/${link}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ lang: 'es', contentHash: seen.review.contentHash }),
      redirect: 'manual',
    })
    expect(form.status).toBe(303)
    expect(form.headers.get('location')).toContain('done=approved')
    expect(expectStatus(await mine(), 200).body.review.state).toBe('approved')

    for (const [status, who] of [
      ['in_review', 'editor'],
      ['approved', 'secondEditor'],
      ['published', 'editor'],
    ] as const) {
      expectStatus(
        await app.api.patch(
          `/api/stories/${story.id}?locale=es`,
          { status },
          { token: who === 'secondEditor' ? (await secondEditor(app)).token : token(who) },
        ),
        200,
      )
    }
    expect(
      expectStatus(await app.api.get(`/api/public/stories/${story.id}?lang=es`), 200).body.title,
    ).toBe('Mi historia, corregida')
    // Nothing is left to approve; the helper sees it.
    await storytellerApproves(app, 'stories', story.id, 'editor', { managementToken: link })
  }, 180_000)
})

describe('storyteller sign-off: the storyteller is told a version waits', () => {
  let instance: TestInstance
  let server: HttpTestServer
  let smtp: SmtpTestServer

  beforeAll(async () => {
    smtp = await startSmtp()
    instance = await startPayload({
      env: smtpEnv(smtp),
    })
    server = await startHttp(instance, {})
    await createConsentText(instance.payload)
  })
  afterAll(async () => {
    await server?.close()
    await instance?.close()
    await smtp?.close()
  })

  it('emails the contact address once per new version, in the story’s language, without the story', async () => {
    const submitted = await submitStory(server, { ...A_STORY, contactEmail: 'luz@example.org' })
    expect(submitted.status, submitted.text).toBe(201)
    const id = submitted.body.story.id as string
    expect(smtp.received).toHaveLength(0)
    await instance.payload.update({
      collection: 'stories',
      id,
      locale: 'es',
      data: { title: 'Cambiado por el sistema' },
    })
    expect(smtp.received).toHaveLength(1)
    expect(smtp.received[0].to).toEqual(['luz@example.org'])
    const message = smtp.received[0].data.replace(/=\r?\n/g, '')
    expect(message).toMatch(/tu historia/)
    expect(message).not.toContain('Cambiado por el sistema')
    // A save that changes nothing public sends nothing more.
    await instance.payload.update({
      collection: 'stories',
      id,
      locale: 'es',
      data: { themes: ['home'] },
    })
    expect(smtp.received).toHaveLength(1)
  })
})
