import { expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { editStory } from '../helpers/storyEdits'
import { pattern } from '../helpers/images'
import { upload } from '../helpers/media'
import { consentedStory, publishedStory, secondEditor } from '../helpers/stories'

// Security review (review2): an editor must not be able to sign off on the storyteller's behalf
// other than through the audited offline approval.

describeEachDatabase('storyteller sign-off cannot be forged by staff', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller' })
  const token = (name: string) => app.people[name].token
  const review = async (id: string) =>
    expectStatus(
      await app.api.get(`/api/stories/${id}/storyteller-review`, { token: token('editor') }),
      200,
    ).body.review

  const tellersStory = (title: string) =>
    consentedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: { title },
    })

  it("an editor who makes themselves the owner while editing does not approve the storyteller's version", async () => {
    const id = await tellersStory('My own words')
    expect((await review(id)).state).toBe('approved')
    // Change the words and take ownership in the same save, then give the story back.
    await editStory(app, token('editor'), id, {
      title: 'Words the storyteller never saw',
      owner: app.people.editor.id,
    })
    await editStory(app, token('editor'), id, { owner: app.people.teller.id })
    const after = await review(id)
    expect(after.state).toBe('awaiting_storyteller')
  })

  it('an editor who removes the owner for one save does not keep an approval the storyteller never gave', async () => {
    const id = await tellersStory('Second story')
    await editStory(app, token('editor'), id, { title: 'Changed without an owner', owner: null })
    await editStory(app, token('editor'), id, { owner: app.people.teller.id })
    expect((await review(id)).state).toBe('awaiting_storyteller')
  })

  // Open: the story's hash holds its images' ids only. An editor can change a published image's
  // alt text (or its file) and the public reads it without the storyteller having seen it.
  it("an editor cannot change the alt text of a published story's image (409: archive it first)", async () => {
    const imageId = String(
      (
        await upload(app.server, token('editor'), await pattern(300, 200), 'porch.png', {
          alt: 'A porch',
        })
      ).body.doc.id,
    )
    const id = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'photo'],
      images: [imageId],
    })
    expect((await review(id)).state).toBe('approved')
    expectStatus(
      await app.api.patch(
        `/api/media/${imageId}`,
        { alt: 'Rosa Martínez on her porch, 14 Elm Street' },
        { token: token('editor') },
      ),
      409,
    )
    const shown = JSON.stringify(
      expectStatus(await app.api.get(`/api/public/stories/${id}`), 200).body,
    )
    expect(shown).not.toContain('14 Elm Street')
    expect((await review(id)).state).toBe('approved')
  })

  it("an editor's edit to a published story does not go out before the storyteller approves it", async () => {
    const id = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: { title: 'Published words' },
    })
    for (const [query, data] of [
      ['', { title: 'Edited after publishing' }],
      ['?locale=es', { title: 'Editado después' }],
      ['', { location: 'Boyle Heights' }],
    ] as const) {
      const res = await app.api.patch(`/api/stories/${id}${query}`, data, {
        token: token('editor'),
      })
      const shown = JSON.stringify([
        (await app.api.get(`/api/public/stories/${id}`)).body,
        (await app.api.get(`/api/public/stories/${id}?lang=es`)).body,
      ])
      // Refused while published (409): the public keeps the approved words.
      expect(res.status).toBe(409)
      expect(shown).not.toContain(Object.values(data)[0])
    }
  })

  it('a story an editor wrote as their own and then handed to a storyteller waits for that storyteller', async () => {
    const id = expectStatus(
      await app.api.post(
        '/api/stories',
        { title: 'Entered by the editor', language: 'en', owner: app.people.editor.id },
        { token: token('editor') },
      ),
      201,
    ).body.doc.id as string
    await editStory(app, token('editor'), id, { owner: app.people.teller.id })
    expect((await review(id)).state).toBe('awaiting_storyteller')
  })

  // Held: staff may change the owner, and an item without one needs no sign-off; the content change
  // still sends the item back through four eyes, so it cannot go out in the same breath.
  it('an editor cannot publish unapproved words by removing the owner for a moment', async () => {
    const id = await tellersStory('Words before the editor')
    await editStory(app, token('editor'), id, { status: 'in_review' })
    await editStory(app, (await secondEditor(app)).token, id, { status: 'approved' })
    const removed = await app.api.patch(
      `/api/stories/${id}`,
      { title: 'Words the storyteller never saw', owner: null },
      { token: token('editor') },
    )
    const published =
      removed.status === 200
        ? await app.api.patch(
            `/api/stories/${id}`,
            { status: 'published' },
            { token: token('editor') },
          )
        : removed
    if (published.status === 200)
      await app.api.patch(
        `/api/stories/${id}`,
        { owner: app.people.teller.id },
        { token: token('editor') },
      )
    const shown = await app.api.get(`/api/public/stories/${id}`)
    expect(JSON.stringify(shown.body)).not.toContain('never saw')
  })

  // Once an item has had a storyteller, sign-off stays required for good (the lead's decision):
  // removing the owner does not remove it; with no one reachable, an editor records an offline
  // approval of the exact version (who and evidence, audited).
  it('an editor cannot publish unapproved words by removing the owner until it is published', async () => {
    const id = await tellersStory('Words before the second editor')
    await editStory(app, token('editor'), id, {
      title: 'Second words the storyteller never saw',
      owner: null,
    })
    const waiting = await review(id)
    expect(waiting.state).toBe('awaiting_storyteller')
    for (const [status, who] of [
      ['in_review', token('editor')],
      ['approved', (await secondEditor(app)).token],
    ]) {
      await editStory(app, who, id, { status })
    }
    const refused = await editStory(
      app,
      token('editor'),
      id,
      { status: 'published' },
      { status: 400 },
    )
    expect(refused.body.errors[0].message).toContain('storyteller has not approved')
    // Edits (even undoing nothing) never clear the need.
    await editStory(app, token('editor'), id, { themes: ['work'] })
    expect((await review(id)).state).toBe('awaiting_storyteller')
    // Giving the story back after the fact does not let the words out either.
    await editStory(app, token('editor'), id, { owner: app.people.teller.id })
    expect(JSON.stringify((await app.api.get(`/api/public/stories/${id}`)).body)).not.toContain(
      'never saw',
    )
  })

  it('with the storyteller unreachable, an editor records an offline approval of the exact hash, audited', async () => {
    const id = await tellersStory('Words before the owner left')
    await editStory(app, token('editor'), id, {
      title: 'Words read to her on the phone',
      owner: null,
    })
    const { contentHash } = await review(id)
    const offline = (body: Record<string, unknown>) =>
      app.api.post(`/api/stories/${id}/storyteller-review/offline`, body, {
        token: token('editor'),
      })
    expectStatus(await offline({ contentHash, method: 'verbal', who: 'Rosa' }), 400)
    expectStatus(
      await offline({
        contentHash: 'f'.repeat(64),
        method: 'verbal',
        who: 'Rosa',
        evidence: 'Call',
      }),
      409,
    )
    // The former owner's account no longer decides for this item.
    expect(
      (
        await app.api.post(
          `/api/stories/${id}/storyteller-review/approve`,
          { contentHash },
          { token: token('teller') },
        )
      ).status,
    ).not.toBe(200)
    const approved = expectStatus(
      await offline({
        contentHash,
        method: 'verbal',
        who: 'Rosa, by phone; collected by the editor',
        evidence: 'Call on 1 December, notes in the paper file',
      }),
      200,
    ).body.review
    expect(approved).toMatchObject({ state: 'approved', approvalMethod: 'verbal' })
    for (const [status, who] of [
      ['in_review', token('editor')],
      ['approved', (await secondEditor(app)).token],
      ['published', token('editor')],
    ]) {
      await editStory(app, who, id, { status })
    }
    expect(
      JSON.stringify(expectStatus(await app.api.get(`/api/public/stories/${id}`), 200).body),
    ).toContain('Words read to her on the phone')
    const audit = await app.instance.payload.find({
      collection: 'audit-log',
      where: { subject: { equals: `stories/${id}` }, action: { equals: 'storyteller-approved' } },
    })
    expect(audit.docs.map((entry) => entry.details)).toContainEqual({
      contentHash,
      method: 'verbal',
    })
  })

  it("the storyteller's own edit in one language does not approve an editor's change in another they never saw", async () => {
    const id = await tellersStory('In my words')
    await editStory(
      app,
      token('editor'),
      id,
      { title: 'Un título que la narradora no vio' },
      { locale: 'es' },
    )
    expect((await review(id)).state).toBe('awaiting_storyteller')
    // The storyteller fixes a typo in English, in the admin's English view.
    await editStory(app, token('teller'), id, { pullQuote: 'My own quote' }, { locale: 'en' })
    const after = await review(id)
    expect(after.state).toBe('awaiting_storyteller')
    expect(after.changes).toContainEqual({
      field: 'title',
      lang: 'es',
      before: null,
      after: 'Un título que la narradora no vio',
    })
    // Their approval of that version, seen whole, still works.
    expectStatus(
      await app.api.post(
        `/api/stories/${id}/storyteller-review/approve`,
        { contentHash: after.contentHash },
        { token: token('teller') },
      ),
      200,
    )
    expect((await review(id)).state).toBe('approved')
  })
})
