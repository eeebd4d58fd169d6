import fs from 'node:fs/promises'

import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { pixels } from '../helpers/images'
import { upload } from '../helpers/media'
import { FULL_CHECKLIST, secondEditor, storytellerApproves } from '../helpers/stories'

// Issue 15, "everyone in the story": the people list is private, blocks publishing until each
// person is resolved, and decides which detected faces stay clear.

const NOTE = 'CANARY-person-note-3c9e'
/** The message of a refusal, as Payload's REST error body carries it. */
const messageOf = (body: { errors?: { message?: string }[] }) =>
  (body.errors ?? []).map((error) => error.message).join(' ')
const ROLE = 'CANARY-role-neighbour-3c9e'

describeEachDatabase('people in a story', (database) => {
  const app = useTestApp(database, {
    editor: 'editor',
    teller: 'storyteller',
    other: 'storyteller',
  })

  const grant = (
    id: string,
    extra: Record<string, unknown> = {},
    token = app.people.editor.token,
  ) =>
    app.api.post(
      '/api/consent-records',
      {
        subject: { relationTo: 'stories', value: id },
        action: 'grant',
        scopes: ['gallery'],
        consentText: app.textId,
        ...extra,
      },
      { token },
    )

  const setPeople = (id: string, people: unknown[]) =>
    app.api.patch(`/api/stories/${id}`, { people }, { token: app.people.editor.token })

  const publish = (id: string) =>
    app.api.patch(`/api/stories/${id}`, { status: 'published' }, { token: app.people.editor.token })

  /** The teller's story, consented for the gallery, checked, approved: only publishing is left. */
  async function approvedStory(people: unknown[]): Promise<string> {
    const { api } = app
    const id = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'The night they came', language: 'en' },
        { token: app.people.teller.token },
      ),
      201,
    ).body.doc.id as string
    expectStatus(await grant(id, {}, app.people.teller.token), 201)
    expectStatus(
      await api.patch(
        `/api/stories/${id}`,
        { safetyChecklist: FULL_CHECKLIST, people },
        { token: app.people.editor.token },
      ),
      200,
    )
    const steps: [string, string][] = [
      ['in_review', app.people.editor.token],
      ['approved', (await secondEditor(app)).token],
    ]
    for (const [status, token] of steps)
      expectStatus(await api.patch(`/api/stories/${id}`, { status }, { token }), 200)
    await storytellerApproves(app, 'stories', id, 'editor')
    return id
  }

  it('refuses to publish while anyone is unresolved, naming them by role only; resolving them needs no new sign-off', async () => {
    const id = await approvedStory([{ role: 'my neighbour', note: NOTE }])
    const refused = await publish(id)
    expect(refused.status).toBe(400)
    expect(messageOf(refused.body)).toMatch(/"my neighbour" is unresolved/)
    expect(JSON.stringify(refused.body)).not.toContain(NOTE)
    // The admin's buttons say the same (they ask the same hook).
    const moves = expectStatus(
      await app.api.get(`/api/stories/${id}/moves`, { token: app.people.editor.token }),
      200,
    ).body
    expect(moves.blocked.map((move: { reason: string }) => move.reason).join()).toMatch(
      /"my neighbour" is unresolved/,
    )

    const stored = expectStatus(
      await app.api.get(`/api/stories/${id}?depth=0`, { token: app.people.editor.token }),
      200,
    ).body
    expectStatus(await setPeople(id, [{ ...stored.people[0], status: 'obscured' }]), 200)
    // People are not public content: the storyteller's approval of the text still holds.
    const after = expectStatus(
      await app.api.get(`/api/stories/${id}/storyteller-review`, {
        token: app.people.editor.token,
      }),
      200,
    ).body
    expect(after.review.state).not.toBe('awaiting_storyteller')
    expectStatus(await publish(id), 200)

    // Once public, no one unresolved may be added: archive it first.
    const late = await setPeople(id, [
      { ...stored.people[0], status: 'obscured' },
      { role: 'a cousin' },
    ])
    expect(late.status).toBe(409)
    expect(messageOf(late.body)).toMatch(/"a cousin" is unresolved/)
    const kept = await app.instance.payload.findByID({ collection: 'stories', id, depth: 0 })
    expect(kept.people?.map((person) => person.role)).toEqual(['my neighbour'])
  })

  it('needs a consent record in force about the person, and for a minor one from a guardian', async () => {
    const id = await approvedStory([{ role: 'my daughter', isMinor: true, status: 'consented' }])
    const person = async (consentRecord: string | null) => {
      const stored = (
        await app.api.get(`/api/stories/${id}?depth=0`, { token: app.people.editor.token })
      ).body
      return setPeople(id, [{ ...stored.people[0], consentRecord }])
    }
    const refusedFor = async (pattern: RegExp) => {
      const res = await publish(id)
      expect(res.status).toBe(400)
      expect(messageOf(res.body)).toMatch(pattern)
    }
    await refusedFor(/"my daughter" needs their consent record/)

    // The storyteller's own record is not the daughter's: it cannot even be linked.
    const own = expectStatus(
      await app.api.get(`/api/stories/${id}?depth=0`, { token: app.people.editor.token }),
      200,
    ).body.consent.record
    const linkedOwn = await person(String(own))
    expect(linkedOwn.status).toBe(400)
    expect(messageOf(linkedOwn.body)).toMatch(/Consent Record/)

    // A person's record, but given by her, not a guardian. It leaves the item's consent alone.
    const hers = expectStatus(
      await grant(id, { forPerson: true, scopes: ['gallery', 'named', 'photo'] }),
      201,
    ).body.doc
    const item = (
      await app.api.get(`/api/stories/${id}?depth=0`, { token: app.people.editor.token })
    ).body
    expect(item.consent).toMatchObject({ state: 'granted', named: false, photo: false })
    expect(String(item.consent.record)).toBe(String(own))
    expectStatus(await person(String(hers.id)), 200)
    await refusedFor(/"my daughter" is a minor: needs a consent record given by a guardian/)

    // Someone else's story's person record does not count here.
    const elsewhere = await approvedStory([])
    const foreign = expectStatus(
      await grant(elsewhere, { forPerson: true, method: 'guardian', guardianName: 'G. Parent' }),
      201,
    ).body.doc
    expect((await person(String(foreign.id))).status).toBe(400)
    await refusedFor(/"my daughter" is a minor: needs a consent record given by a guardian/)

    // A withdrawal is no consent.
    const withdrawn = expectStatus(
      await grant(id, { forPerson: true, action: 'withdraw', scopes: [] }),
      201,
    ).body.doc
    expectStatus(await person(String(withdrawn.id)), 200)
    await refusedFor(/withdrawn or expired/)

    const guardian = expectStatus(
      await grant(id, { forPerson: true, method: 'guardian', guardianName: 'A. Guardian' }),
      201,
    ).body.doc
    expectStatus(await person(String(guardian.id)), 200)
    expectStatus(await publish(id), 200)
  })

  describe('privacy', () => {
    let id: string
    const everything = async (token?: string) => {
      const { api } = app
      const responses = await Promise.all([
        api.get(`/api/stories/${id}`, { token }),
        api.get(`/api/stories?depth=1`, { token }),
        api.post(
          '/api/graphql',
          { query: '{ Stories { docs { id people { role note status } } } }' },
          { token },
        ),
        api.get(`/api/public/stories/${id}`),
        api.get(`/api/public/gallery`),
        api.get(`/stories/${id}`),
      ])
      return responses
    }

    it('shows the people list to staff and the owner only: never to another storyteller or the public', async () => {
      id = await approvedStory([{ role: ROLE, note: NOTE, status: 'removed' }])
      expectStatus(await publish(id), 200)
      const [, , , publicOne, gallery, page] = await everything()
      expect(publicOne.status).toBe(200)
      expect(JSON.stringify(gallery.body)).toContain(String(id))
      expect(page.status).toBe(200)
      for (const token of [undefined, app.people.other.token]) {
        const bodies = JSON.stringify((await everything(token)).map((res) => res.body))
        expect(bodies).toContain('The night they came')
        expect(bodies).not.toContain(ROLE)
        expect(bodies).not.toContain(NOTE)
        // Not even an empty list: Payload fills one in for an array its reader may not read.
        const one = (await app.api.get(`/api/stories/${id}`, { token })).body
        expect(one.title).toBe('The night they came')
        expect('people' in one).toBe(false)
        const [graphql] = (await everything(token)).slice(2, 3)
        expect(
          graphql.body.data.Stories.docs.find((doc: { id: string }) => doc.id === id)?.people ??
            null,
        ).toBeNull()
      }
      for (const token of [app.people.teller.token, app.people.editor.token]) {
        const mine = (await app.api.get(`/api/stories/${id}`, { token })).body
        expect(mine.people[0]).toMatchObject({ role: ROLE, note: NOTE, status: 'removed' })
      }
    })

    it('refuses where and sort on people to everyone but staff, with the one answer for hidden fields', async () => {
      const queries = [
        `/api/stories?where[people.role][equals]=${ROLE}`,
        '/api/stories?where[people.status][equals]=removed',
        '/api/stories?sort=people.role',
      ]
      for (const token of [undefined, app.people.teller.token, app.people.other.token]) {
        for (const query of queries) {
          const res = await app.api.get(query, { token })
          expect(res.status, `${query} as ${token ? 'a storyteller' : 'anonymous'}`).toBe(400)
          expect(JSON.stringify(res.body)).not.toContain(ROLE)
        }
      }
      const staff = await app.api.get(queries[0], { token: app.people.editor.token })
      expect(staff.status).toBe(200)
      expect(staff.body.docs.map((doc: { id: string }) => String(doc.id))).toEqual([String(id)])
    })

    it('lets no storyteller write the list, not even on their own story', async () => {
      const created = expectStatus(
        await app.api.post(
          '/api/stories',
          { title: 'Mine', language: 'en', people: [{ role: 'x', status: 'consented' }] },
          { token: app.people.teller.token },
        ),
        201,
      ).body.doc
      await app.api.patch(
        `/api/stories/${created.id}`,
        { people: [{ role: 'y', status: 'removed' }] },
        { token: app.people.teller.token },
      )
      const stored = await app.instance.payload.findByID({
        collection: 'stories',
        id: created.id,
        depth: 0,
      })
      expect(stored.people ?? []).toEqual([])
    })
  })

  it('leaves clear only the faces of people consented with "photo"; every other face is pixelated', async () => {
    // Two copies of the portrait side by side: the left face is the consented sister's, the
    // right one a neighbour who is only obscured.
    const portrait = await fs.readFile('tests/fixtures/face-astronaut.png')
    const two = await sharp({
      create: { width: 1024, height: 512, channels: 3, background: '#808080' },
    })
      .composite([
        { input: portrait, left: 0, top: 0 },
        { input: portrait, left: 512, top: 0 },
      ])
      .png()
      .toBuffer()
    const uploaded = await upload(app.server, app.people.editor.token, two, 'two.png', {
      containsPeople: true,
    })
    expect(uploaded.status).toBe(201)
    const image = uploaded.body.doc
    const id = expectStatus(
      await app.api.post(
        '/api/stories',
        { title: 'Sisters', language: 'en' },
        { token: app.people.teller.token },
      ),
      201,
    ).body.doc.id as string
    const sister = expectStatus(
      await grant(id, { forPerson: true, scopes: ['gallery', 'photo'] }),
      201,
    ).body.doc
    const face = (x: number) => ({ image: image.id, x, y: 0.05, width: 0.25, height: 0.45 })
    expectStatus(
      await app.api.patch(
        `/api/stories/${id}`,
        {
          images: [image.id],
          people: [
            {
              role: 'my sister',
              status: 'consented',
              consentRecord: sister.id,
              faces: [face(0.1)],
            },
            // Areas only count for consented people: an obscured person's face is pixelated.
            { role: 'a neighbour', status: 'obscured', faces: [face(0.6)] },
          ],
        },
        { token: app.people.editor.token },
      ),
      200,
    )
    const processed = expectStatus(
      await app.api.patch(
        `/api/media/${image.id}`,
        { pixelateFaces: true },
        { token: app.people.editor.token },
      ),
      200,
    ).body.doc
    expect(processed.facesFound).toBeGreaterThanOrEqual(2)
    const file = await fs.readFile(`${app.instance.mediaDir}/${processed.filename}`)
    const after = await pixels(file)
    const before = await pixels(two)
    const changedAlong = (left: number) => {
      let changed = 0
      for (let x = left + 180; x < left + 275; x++)
        if (after.at(x, 130).join() !== before.at(x, 130).join()) changed++
      return changed
    }
    expect(changedAlong(0)).toBe(0)
    expect(changedAlong(512)).toBeGreaterThan(80)
  })
})
