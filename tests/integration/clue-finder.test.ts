import { describe, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { FULL_CHECKLIST, publishedStory } from '../helpers/stories'

// Issue 15's clue finder in the review screen: `GET …/:id/clues` (staff only) and the checklist
// gate on "identifying details removed", over HTTP, in English and in Spanish.

const body = (text: string) => [{ children: [{ text }] }]

describeEachDatabase('the clue finder for reviewers', (database) => {
  const app = useTestApp(database, {
    editor: 'editor',
    teller: 'storyteller',
    other: 'storyteller',
    artist: 'artist',
    partner: 'partner',
  })
  const token = (name: string) => app.people[name].token

  async function story(data: Record<string, unknown>, who = 'teller', query = '') {
    return expectStatus(
      await app.api.post(
        `/api/stories${query}`,
        { language: 'en', ...data },
        { token: token(who) },
      ),
      201,
    ).body.doc.id as string
  }
  const clues = (id: string, who?: string, kind = 'stories') =>
    app.api.get(`/api/${kind}/${id}/clues`, who ? { token: token(who) } : {})
  const checklistOf = async (id: string) =>
    expectStatus(await app.api.get(`/api/stories/${id}?depth=0`, { token: token('editor') }), 200)
      .body
  const auditActions = async (id: string) =>
    (
      await app.instance.payload.find({
        collection: 'audit-log',
        where: { subject: { equals: `stories/${id}` } },
        limit: 100,
      })
    ).docs.map((entry) => entry.action)

  describe('GET …/:id/clues', () => {
    it('is for staff only: 403 for anonymous visitors, the owner and partners; 404 for no item', async () => {
      const id = await story({ title: 'Call me', body: body('My phone is 323-555-0142.') })
      for (const who of [undefined, 'teller', 'other', 'partner']) {
        const res = await clues(id, who)
        expect(res.status, who ?? 'anonymous').toBe(403)
        expect(res.body.error.code).toBe('forbidden')
        expect(JSON.stringify(res.body)).not.toContain('323')
      }
      // Refused before the lookup: the answer says nothing about whether an id exists.
      expect((await clues('no-such-id', 'teller')).status).toBe(403)
      expect(expectStatus(await clues('no-such-id', 'editor'), 404).body.error.code).toBe(
        'not_found',
      )
    })

    it('lists each clue in every language with its kind, confidence and an excerpt', async () => {
      const id = await story({
        title: 'What happened on March 3, 2024',
        body: body(
          'They came to 1234 Cesar Chavez Ave. at dawn. Write to rosa.m@example.org or call (213) 555-0199.',
        ),
        pullQuote: 'My son goes to Roosevelt High School',
      })
      expectStatus(
        await app.api.patch(
          `/api/stories/${id}?locale=es`,
          {
            title: 'Lo que pasó',
            body: body('Mi número A es A123456789; el expediente caso núm. 2023-CV-00412.'),
          },
          { token: token('teller') },
        ),
        200,
      )
      const report = expectStatus(await clues(id, 'editor'), 200).body
      const found = report.clues.map((clue: Record<string, string>) => [
        clue.kind,
        clue.field,
        clue.lang,
        clue.confidence,
      ])
      expect(found).toEqual(
        expect.arrayContaining([
          ['date', 'title', 'en', 'high'],
          ['address', 'body', 'en', 'high'],
          ['email', 'body', 'en', 'high'],
          ['phone', 'body', 'en', 'high'],
          ['school', 'pullQuote', 'en', 'high'],
          ['a-number', 'body', 'es', 'high'],
          ['case-number', 'body', 'es', 'high'],
        ]),
      )
      const email = report.clues.find((clue: { kind: string }) => clue.kind === 'email')
      expect(email.excerpt.match).toBe('rosa.m@example.org')
      expect(email.excerpt.before).toContain('Write to ')
      expect(report.unresolved).toBe(report.clues.length)
      expect(report.sharedWithPublicItems).toEqual([])
    })

    it('lists other public items with the same pseudonym, display name or place, as the public reads them', async () => {
      const shown = await publishedStory(app, {
        author: 'other',
        editor: 'editor',
        scopes: ['gallery'],
        extra: { title: 'Shown', pseudonym: 'La Paloma', location: 'Boyle Heights' },
      })
      // Public with `named`: its display name counts, its pseudonym is hidden and does not.
      const named = await publishedStory(app, {
        author: 'other',
        editor: 'editor',
        scopes: ['gallery', 'named'],
        extra: { title: 'Named', displayName: 'Rosa Díaz', pseudonym: 'El Cuervo' },
      })
      // Not public: never listed.
      await story({ title: 'Waiting', pseudonym: 'La Paloma', location: 'Boyle Heights' }, 'other')
      const id = await story({
        title: 'Mine',
        pseudonym: 'la paloma',
        displayName: 'Rosa Díaz',
        location: 'boyle heights',
      })
      const cuervo = await story({ title: 'Also mine', pseudonym: 'El Cuervo' })

      const shared = expectStatus(await clues(id, 'editor'), 200).body.sharedWithPublicItems
      expect(shared).toHaveLength(3)
      expect(shared).toEqual(
        expect.arrayContaining([
          { id: shown, kind: 'stories', field: 'name', value: 'La Paloma' },
          { id: shown, kind: 'stories', field: 'place', value: 'Boyle Heights' },
          { id: named, kind: 'stories', field: 'name', value: 'Rosa Díaz' },
        ]),
      )
      expect(expectStatus(await clues(cuervo, 'editor'), 200).body.sharedWithPublicItems).toEqual(
        [],
      )
    })

    it('works for artworks too (their description, in both languages)', async () => {
      const id = expectStatus(
        await app.api.post(
          '/api/artworks',
          {
            title: 'Mural',
            description: body('Painted on the wall at 550 S. Main Street'),
            creditLine: 'Taller Sur',
          },
          { token: token('artist') },
        ),
        201,
      ).body.doc.id as string
      const report = expectStatus(await clues(id, 'editor', 'artworks'), 200).body
      expect(report.clues.map((clue: { kind: string }) => clue.kind)).toEqual(['address'])
      expect((await clues(id, 'artist', 'artworks')).status).toBe(403)
    })
  })

  describe('"identifying details removed" cannot be ticked over a high-confidence clue', () => {
    const tick = (id: string, extra: Record<string, unknown> = {}, query = '') =>
      app.api.patch(
        `/api/stories/${id}${query}`,
        { safetyChecklist: FULL_CHECKLIST, ...extra },
        { token: token('editor') },
      )

    it('English: 400 naming the clue, nothing saved; ticked once the clue is gone', async () => {
      const id = await story({
        title: 'The raid',
        body: body('They took him from 123 Main Street in front of everyone.'),
      })
      const refused = expectStatus(await tick(id), 400)
      // Payload's REST answers a refused save with its own `errors` list.
      const refusal = refused.body.errors[0].message as string
      expect(refusal).toContain('address "123 Main Street" (body, en)')
      expect(refusal).toContain('clueOverride.reason')
      expect(JSON.stringify(refused.body)).not.toMatch(/at .*\.ts:\d+/)
      // Nothing half-written: not even the other boxes.
      expect((await checklistOf(id)).safetyChecklist).toMatchObject({
        identifyingDetailsRemoved: null,
        thirdPartiesProtected: null,
      })

      expectStatus(
        await app.api.patch(
          `/api/stories/${id}`,
          { body: body('They took him from our street in front of everyone.') },
          { token: token('editor') },
        ),
        200,
      )
      expectStatus(await tick(id), 200)
      expect((await checklistOf(id)).safetyChecklist.identifyingDetailsRemoved).toBe(true)
    })

    it('Spanish: an A-number, a Spanish address and a date in the Spanish text block the box', async () => {
      const id = await story(
        {
          title: 'La redada',
          body: body(
            'El 14 de febrero de 2024 se llevaron a A-123-456-789 de la Calle Olvera 125.',
          ),
          language: 'es',
        },
        'teller',
        '?locale=es',
      )
      // A Spanish-only story is saved in Spanish (its title exists only there).
      const message = expectStatus(await tick(id, {}, '?locale=es'), 400).body.errors[0]
        .message as string
      expect(message).toContain('3 high-confidence clues remain')
      for (const part of ['date "14 de febrero de 2024"', 'a-number', 'address "Calle Olvera 125"'])
        expect(message).toContain(part)
      expect(message).toContain('(body, es)')
      expectStatus(
        await app.api.patch(
          `/api/stories/${id}?locale=es`,
          { body: body('Un día de invierno se llevaron a mi hermano de nuestra calle.') },
          { token: token('editor') },
        ),
        200,
      )
      expectStatus(await tick(id, {}, '?locale=es'), 200)
    })

    it('an editor may override with a reason: stored, audited, and only for the clues seen', async () => {
      const id = await story({
        title: 'The vigil',
        body: body('We held the vigil on March 3, 2024 at the church.'),
      })
      // A blank reason is no reason.
      expectStatus(await tick(id, { clueOverride: { reason: '   ' } }), 400)
      expectStatus(
        await tick(id, {
          clueOverride: { reason: 'The vigil was public and reported in the press.' },
        }),
        200,
      )
      const saved = await checklistOf(id)
      expect(saved.safetyChecklist.identifyingDetailsRemoved).toBe(true)
      expect(saved.clueOverride).toMatchObject({
        reason: 'The vigil was public and reported in the press.',
        clues: ['march 3, 2024'],
        by: app.people.editor.id,
      })
      expect(await auditActions(id)).toContain('clue-override')
      const report = expectStatus(await clues(id, 'editor'), 200).body
      expect(report.unresolved).toBe(0)
      expect(report.clues[0].overridden).toBe(true)
      // The reason stays out of the log and out of the owner's and the public's sight.
      const audit = await app.instance.payload.find({
        collection: 'audit-log',
        where: { subject: { equals: `stories/${id}` } },
      })
      expect(JSON.stringify(audit.docs)).not.toContain('press')
      const owners = expectStatus(
        await app.api.get(`/api/stories/${id}`, { token: token('teller') }),
        200,
      ).body
      expect(owners.clueOverride).toBeUndefined()

      // A new clue in the text is not covered: the box no longer holds.
      expectStatus(
        await app.api.patch(
          `/api/stories/${id}`,
          { body: body('We held the vigil on March 3, 2024 at 77 Elm Street.') },
          { token: token('editor') },
        ),
        200,
      )
      expect((await checklistOf(id)).safetyChecklist.identifyingDetailsRemoved).toBe(false)
      expect(await auditActions(id)).toContain('checklist-unticked')
      const again = expectStatus(await tick(id), 400).body.errors[0].message
      expect(again).toContain('77 Elm Street')
      expect(again).not.toContain('March 3')
    })

    it('the override is staff only: a storyteller cannot write one, nor set what it covers', async () => {
      const id = await story({ title: 'Mine', body: body('Call me at 323-555-0100.') })
      expectStatus(
        await app.api.patch(
          `/api/stories/${id}`,
          {
            clueOverride: { reason: 'it is fine', clues: ['323-555-0100'] },
            safetyChecklist: FULL_CHECKLIST,
          },
          { token: token('teller') },
        ),
        200,
      )
      const saved = await checklistOf(id)
      expect(saved.clueOverride?.reason ?? null).toBeNull()
      expect(saved.safetyChecklist.identifyingDetailsRemoved ?? null).toBeNull()
      // Staff cannot dictate the covered list either: only the clues found when they gave a reason.
      expectStatus(
        await tick(id, { clueOverride: { reason: 'Agreed with her', clues: ['anything else'] } }),
        200,
      )
      expect((await checklistOf(id)).clueOverride.clues).toEqual(['323-555-0100'])
    })

    it('a story with no clue is ticked as before, and low-confidence clues do not block', async () => {
      const id = await story({
        title: 'Quiet',
        body: body("My daughter's school called; a car marked 7ABC123 stayed in my mind."),
      })
      const report = expectStatus(await clues(id, 'editor'), 200).body
      expect(report.clues.length).toBeGreaterThan(0)
      expect(report.unresolved).toBe(0)
      expectStatus(await tick(id), 200)
    })
  })
})
