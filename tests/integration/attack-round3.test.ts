import { expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { toneWav, uploadRecording } from '../helpers/audio'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { inDays } from '../helpers/resources'
import { publishedStory, secondEditor } from '../helpers/stories'

// Round 3 of the HTTP attack review (after issues 15–18 were merged): what was found open, tried
// from outside over real HTTP as each role would.

describeEachDatabase('attack round 3', (database) => {
  const app = useTestApp(database, {
    admin: 'admin',
    editor: 'editor',
    teller: 'storyteller',
    other: 'storyteller',
    partner: 'partner',
  })
  const pause = (campaigns: string[]) =>
    app.api.post(
      '/api/globals/safety',
      { pausedCampaigns: campaigns, reason: 'attack round 3' },
      { token: app.people.admin.token },
    )

  it("a paused campaign's story keeps its voice off every door: audio files, REST and GraphQL", async () => {
    const { api, people, instance } = app
    const campaign = String(
      (
        await instance.payload.create({
          collection: 'campaigns',
          data: { slug: 'voice-targeted', title: 'Targeted', status: 'live' },
          locale: 'en',
        })
      ).id,
    )
    const uploaded = await uploadRecording(app.server, people.teller.token, toneWav(1), 'v.wav')
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201)
    const recording = uploaded.body.doc as { id: string; filename: string; opusFilename: string }
    const story = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'partners', 'voice'],
      extra: { campaigns: [campaign], recordings: [recording.id], transcript: 'Words.' },
    })
    const files = [
      `/api/recordings/audio/${recording.filename}`,
      `/api/recordings/audio/${recording.opusFilename}`,
      `/api/recordings/file/${recording.filename}`,
    ]
    const readers = [undefined, people.partner.token, people.other.token]
    const doors = async (token?: string) => {
      const found: Record<string, number | boolean> = {}
      for (const path of files) found[path] = (await api.get(path, { token })).status
      found.doc = (await api.get(`/api/recordings/${recording.id}`, { token })).status
      found.list = JSON.stringify((await api.get('/api/recordings', { token })).body).includes(
        recording.id,
      )
      found.graphql = JSON.stringify(
        (
          await api.post(
            '/api/graphql',
            { query: '{ Recordings { docs { id filename } } }' },
            { token },
          )
        ).body,
      ).includes(recording.id)
      return found
    }
    // Public with `voice`: everyone hears it.
    for (const token of readers)
      expect(await doors(token)).toMatchObject({ doc: 200, list: true, graphql: true })

    expectStatus(await pause([campaign]), 200)
    expect((await api.get(`/api/public/stories/${story}`)).status).toBe(404)
    for (const token of readers)
      expect(await doors(token)).toEqual({
        ...Object.fromEntries(files.map((path) => [path, 404])),
        doc: 404,
        list: false,
        graphql: false,
      })
    // The storyteller still reaches their own recording.
    expect((await api.get(files[0], { token: people.teller.token })).status).toBe(200)

    expectStatus(await pause([]), 200)
    expect((await api.get(files[0])).status).toBe(200)
  }, 120_000)

  it('switching the source language of a published resource is a content change: no stale translation goes out unreviewed', async () => {
    const { api, people } = app
    const second = await secondEditor(app)
    const id = expectStatus(
      await api.post(
        '/api/resources?locale=en',
        {
          kind: 'hotline',
          title: 'Rapid response line',
          summary: 'Call us, day or night.',
          nextReviewAt: inDays(30),
        },
        { token: people.editor.token },
      ),
      201,
    ).body.doc.id as string
    const change = (data: Record<string, unknown>, token: string, locale = 'en') =>
      api.patch(`/api/resources/${id}?locale=${locale}`, data, { token })
    // Translated, then the English source changes: the Spanish text is stale.
    expectStatus(
      await change(
        { title: 'Línea de respuesta rápida', summary: 'Llámenos solo de 9 a 5.' },
        people.editor.token,
        'es',
      ),
      200,
    )
    expectStatus(await change({ summary: 'Call us, day or night.  ' }, people.editor.token), 200)
    const staff = async () =>
      (await api.get(`/api/resources/${id}?locale=all`, { token: people.editor.token })).body
    expect((await staff()).translations).toMatchObject([{ lang: 'es', needsReview: true }])
    for (const [status, token] of [
      ['in_review', people.editor.token],
      ['approved', second.token],
      ['published', people.editor.token],
    ])
      expectStatus(await change({ status }, token), 200)
    const publicText = async () =>
      JSON.stringify((await api.get(`/api/public/resources/${id}?lang=es`)).body)
    expect(await publicText()).not.toContain('solo de 9 a 5')

    // One editor makes the stale Spanish the source, in place: refused like any content change.
    const switched = await change({ sourceLanguage: 'es' }, people.editor.token)
    expect(switched.status, JSON.stringify(switched.body)).toBe(409)
    expect(await publicText()).not.toContain('solo de 9 a 5')
    expect((await staff()).sourceLanguage).toBe('en')

    // Archived, switched by one editor: that editor may not publish it again alone.
    expectStatus(await change({ status: 'archived' }, people.editor.token), 200)
    expectStatus(await change({ sourceLanguage: 'es' }, people.editor.token), 200)
    expect((await change({ status: 'published' }, people.editor.token)).status).toBe(403)
    expect(await publicText()).not.toContain('solo de 9 a 5')
  }, 120_000)

  it('a save in every language at once (locale=all) cannot mark a stale translation current', async () => {
    const { api, people } = app
    const id = expectStatus(
      await api.post(
        '/api/resources?locale=es',
        { kind: 'hotline', title: 'Línea', summary: 'Abierta de 9 a 5.', nextReviewAt: inDays(30) },
        { token: people.editor.token },
      ),
      201,
    ).body.doc.id as string
    const change = (data: Record<string, unknown>, locale: string) =>
      api.patch(`/api/resources/${id}?locale=${locale}`, data, { token: people.editor.token })
    expectStatus(await change({ title: 'Line', summary: 'Open 9 to 5.' }, 'en'), 200)
    // The Spanish source changes: the English translation is stale.
    expectStatus(await change({ summary: 'Abierta día y noche.' }, 'es'), 200)
    const translations = async () =>
      (await api.get(`/api/resources/${id}?locale=all`, { token: people.editor.token })).body
        .translations
    expect(await translations()).toMatchObject([{ lang: 'en', needsReview: true }])

    const all = await change({ summary: { es: 'Abierta día y noche.', en: 'Open 9 to 5.' } }, 'all')
    expect(all.status, JSON.stringify(all.body)).toBe(400)
    expect(all.body.errors?.[0]?.message ?? all.body.error?.message).toMatch(/one language/)
    expect(await translations()).toMatchObject([{ lang: 'en', needsReview: true }])
    // A status change with locale=all names no text: it is not refused.
    expectStatus(await change({ status: 'in_review' }, 'all'), 200)
  }, 120_000)
})
