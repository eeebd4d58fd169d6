import { expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { FULL_CHECKLIST } from '../helpers/stories'

type Moves = { status: string; moves: { to: string }[]; blocked: { to: string; reason: string }[] }

describeEachDatabase('what the admin offers: workflow moves, titles and languages', (database) => {
  const app = useTestApp(database, {
    admin: 'admin',
    editor: 'editor',
    editor2: 'editor',
    teller: 'storyteller',
    other: 'storyteller',
  })

  const story = async (by = 'teller', extra: Record<string, unknown> = {}) =>
    String(
      expectStatus(
        await app.api.post(
          '/api/stories',
          { title: 'Moves', language: 'en', ...extra },
          { token: app.people[by].token },
        ),
        201,
      ).body.doc.id,
    )
  const grant = async (id: string, scopes = ['gallery']) =>
    expectStatus(
      await app.api.post(
        '/api/consent-records',
        {
          subject: { relationTo: 'stories', value: id },
          action: 'grant',
          scopes,
          consentText: app.textId,
        },
        { token: app.people.teller.token },
      ),
      201,
    )
  const moves = async (id: string, who: string) => {
    const res = await app.api.get(`/api/stories/${id}/moves`, { token: app.people[who].token })
    return { status: res.status, body: res.body as Moves }
  }
  const targets = (body: Moves) => body.moves.map((move) => move.to).sort()
  const patch = (id: string, who: string, data: Record<string, unknown>) =>
    app.api.patch(`/api/stories/${id}`, data, { token: app.people[who].token })

  it('offers exactly the moves the API then accepts, per person and per state', async () => {
    const id = await story()
    // Submitted: editors may start the review; the storyteller has nothing to do.
    expect(targets((await moves(id, 'editor')).body)).toEqual(['in_review'])
    expect(targets((await moves(id, 'teller')).body)).toEqual([])
    expectStatus(await patch(id, 'editor', { status: 'in_review' }), 200)

    // In review, entered by the storyteller: an editor may do all three.
    expect(targets((await moves(id, 'editor')).body)).toEqual([
      'approved',
      'changes_requested',
      'rejected',
    ])
    // The storyteller can no longer edit it at all: no moves, and the API agrees.
    expect(targets((await moves(id, 'teller')).body)).toEqual([])
    expect((await patch(id, 'teller', { status: 'approved' })).status).toBeGreaterThanOrEqual(400)

    // An item an editor created: that editor may not approve it, another editor may.
    const own = await story('editor')
    expectStatus(await patch(own, 'editor', { status: 'in_review' }), 200)
    expect(targets((await moves(own, 'editor')).body)).toEqual(['changes_requested', 'rejected'])
    expect((await patch(own, 'editor', { status: 'approved' })).status).toBe(403)
    expect(targets((await moves(own, 'editor2')).body)).toEqual([
      'approved',
      'changes_requested',
      'rejected',
    ])

    // Approved without consent or checklist: publishing is shown as held back, with the API's reason.
    expectStatus(await patch(id, 'editor', { status: 'approved' }), 200)
    const held = (await moves(id, 'editor')).body
    expect(targets(held)).toEqual([])
    expect(held.blocked.map((move) => move.to)).toEqual(['published'])
    const refused = await patch(id, 'editor', { status: 'published' })
    expect(refused.status).toBe(400)
    expect(held.blocked[0].reason).toBe(refused.body.errors[0].message)

    // Once consented and checked, the button appears and the move is accepted.
    await grant(id)
    expectStatus(await patch(id, 'editor', { safetyChecklist: FULL_CHECKLIST }), 200)
    expect(targets((await moves(id, 'editor')).body)).toEqual(['published'])
    expectStatus(await patch(id, 'editor', { status: 'published' }), 200)
    // Withdrawal is never offered as a move: it is recorded in the consent ledger.
    expect(targets((await moves(id, 'editor')).body)).toEqual(['archived'])
  })

  it('answers 404 for an item the person may not see, and 401 without a session', async () => {
    const id = await story()
    expect((await moves(id, 'other')).status).toBe(404)
    expect((await moves('no-such-story', 'editor')).status).toBe(404)
    const anonymous = await app.api.get(`/api/stories/${id}/moves`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error.code).toBe('unauthorized')
  })

  it('titles staff by email when they have no display name, and storytellers never by email', async () => {
    const editor = (await app.api.get('/api/users/me', { token: app.people.editor.token })).body
      .user
    expect(editor.displayName).toBe(app.people.editor.email)
    const teller = (await app.api.get('/api/users/me', { token: app.people.teller.token })).body
      .user
    expect(teller.displayName).toBe(`Storyteller ${app.people.teller.id.slice(0, 8)}`)
    // An admin reading every account sees the same titles.
    const listed = (await app.api.get('/api/users?limit=50', { token: app.people.admin.token }))
      .body.docs as { id: string; displayName: string }[]
    expect(listed.find((user) => user.id === app.people.teller.id)?.displayName).not.toContain('@')
    // Saving the form with the shown title stores nothing; a real name is kept and shown.
    expectStatus(
      await app.api.patch(
        `/api/users/${app.people.teller.id}`,
        { displayName: teller.displayName },
        { token: app.people.teller.token },
      ),
      200,
    )
    const stored = await app.instance.payload.db.findOne<{
      id: string
      displayName?: string | null
    }>({ collection: 'users', where: { id: { equals: app.people.teller.id } } })
    expect(stored?.displayName ?? null).toBeNull()
    expectStatus(
      await app.api.patch(
        `/api/users/${app.people.teller.id}`,
        { displayName: 'Rosa' },
        { token: app.people.teller.token },
      ),
      200,
    )
    expect(
      (await app.api.get('/api/users/me', { token: app.people.teller.token })).body.user
        .displayName,
    ).toBe('Rosa')
    // Other non-admins still cannot read the account at all.
    expect(
      (await app.api.get(`/api/users/${app.people.teller.id}`, { token: app.people.editor.token }))
        .status,
    ).toBe(404)
  })

  it('takes a story language from the supported list and keeps older stored tags working', async () => {
    const refused = await app.api.post(
      '/api/stories',
      { title: 'Fr', language: 'fr' },
      { token: app.people.teller.token },
    )
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('Choose one of: en, es.')
    // A story saved when the language was free text (es-MX) can still be moved and withdrawn.
    const id = await story('teller', { language: 'es' })
    await app.instance.payload.db.updateOne({
      collection: 'stories',
      where: { id: { equals: id } },
      data: { language: 'es-MX' },
    })
    await grant(id)
    expectStatus(await patch(id, 'editor', { status: 'in_review' }), 200)
    expectStatus(
      await app.api.post(
        '/api/consent-records',
        { subject: { relationTo: 'stories', value: id }, action: 'withdraw' },
        { token: app.people.teller.token },
      ),
      201,
    )
    const stored = (
      await app.api.get(`/api/stories/${id}?depth=0`, { token: app.people.editor.token })
    ).body
    expect(stored).toMatchObject({ status: 'withdrawn', language: 'es-MX' })
    // …but cannot be changed to another unsupported tag.
    expect((await patch(id, 'editor', { language: 'pt-BR' })).status).toBe(400)
  })
})
