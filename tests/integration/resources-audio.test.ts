import { afterEach, beforeAll, expect, it } from 'vitest'

import { advanceClockForTests, resetClockForTests } from '../../src/lib/clock'
import { useTestApp } from '../helpers/app'
import { decode, toneWav } from '../helpers/audio'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { DAY, inDays, publishResource } from '../helpers/resources'
import { secondEditor } from '../helpers/stories'
import { type Recording, recordingOf } from '../helpers/voiceStory'

// Issue 16, "Languages": a resource read aloud, one recording per language, for people who do
// not read. A recording is public exactly while its resource is public in that language
// (src/policy/resources.ts): the API, /resources and the file itself agree in every request.

describeEachDatabase('resources read aloud', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller' })
  const rec: Record<string, Recording> = {}

  const audioUrl = (name: string) => `${app.server.url}/api/recordings/audio/${name}`
  const getFile = (name: string, token?: string) =>
    fetch(audioUrl(name), { headers: token ? { authorization: `JWT ${token}` } : {} })
  const page = async (path: string) => (await fetch(`${app.server.url}${path}`)).text()
  const publicOne = async (id: string, lang: string) =>
    expectStatus(await app.api.get(`/api/public/resources/${id}?lang=${lang}`), 200).body

  /** A resource in English and Spanish with `audio`, moved through the four-eyes workflow. */
  async function resource(
    audio: { language: string; recording: string }[],
    { publish = true, nextReviewAt = inDays(30), title = 'Rapid response line' } = {},
  ): Promise<string> {
    const { api, people } = app
    const id = expectStatus(
      await api.post(
        '/api/resources?locale=en',
        { kind: 'hotline', title, nextReviewAt, audio },
        { token: people.editor.token },
      ),
      201,
    ).body.doc.id as string
    expectStatus(
      await api.patch(
        `/api/resources/${id}?locale=es`,
        { title: `Línea de respuesta rápida (${title})` },
        { token: people.editor.token },
      ),
      200,
    )
    if (!publish) return id
    await publishResource(app, id)
    return id
  }

  beforeAll(async () => {
    rec.en = await recordingOf(app, 'editor', toneWav(2))
    rec.es = await recordingOf(app, 'editor', toneWav(3, 330))
  })
  afterEach(() => resetClockForTests())

  it('plays in its own language only: the file is served and decodes to its length', async () => {
    const id = await resource([
      { language: 'en', recording: rec.en.id },
      { language: 'es', recording: rec.es.id },
    ])
    const expected = { en: [rec.en, 2], es: [rec.es, 3] } as const
    for (const lang of ['en', 'es'] as const) {
      const [recording, seconds] = expected[lang]
      const other = lang === 'en' ? rec.es : rec.en
      const response = await app.api.get(`/api/public/resources/${id}?lang=${lang}`)
      expect(response.headers.get('surrogate-key')?.split(' ')).toContain(`resources/${id}`)
      const { audio } = expectStatus(response, 200).body
      expect(audio.duration).toBeCloseTo(seconds, 0)
      expect(JSON.stringify(audio)).toContain(recording.filename)
      expect(JSON.stringify(audio)).not.toContain(other.filename)
      for (const source of audio.sources as { url: string; type: string }[]) {
        const file = await fetch(source.url)
        expect(file.status, source.url).toBe(200)
        expect(file.headers.get('surrogate-key')?.split(' ')).toContain(`resources/${id}`)
        const decoded = await decode(Buffer.from(await file.arrayBuffer()))
        expect(decoded.seconds).toBeCloseTo(seconds, 1)
      }
      // In the list too, and on /resources as the story pages' native player: no autoplay.
      const list = expectStatus(await app.api.get(`/api/public/resources?lang=${lang}`), 200)
      expect(list.body.items.find((item: { id: string }) => item.id === id).audio).toEqual(audio)
      const html = await page(`/resources?lang=${lang}`)
      const player = /<audio [^>]*>/.exec(html)?.[0] ?? ''
      expect(player).toContain('controls')
      expect(player).toContain('aria-label=')
      expect(player).not.toContain('autoplay')
      expect(html).toContain(recording.filename)
      expect(html).not.toContain(other.filename)
    }
    // A reader of a language with no recording gets none (never another language's).
    expect((await publicOne(id, 'zap')).audio).toBeNull()
    expect((await publicOne(id, 'es-MX')).audio.duration).toBeCloseTo(3, 0)
  })

  it('silences a translation flagged "needs review" with its text, in the API and the file', async () => {
    const en = await recordingOf(app, 'editor', toneWav(1))
    const es = await recordingOf(app, 'editor', toneWav(1, 330))
    const id = await resource(
      [
        { language: 'en', recording: en.id },
        { language: 'es', recording: es.id },
      ],
      { title: 'Legal clinic' },
    )
    expect((await getFile(es.filename)).status).toBe(200)
    // The English source changes (archive, edit, another editor publishes): Spanish is stale.
    const { api, people } = app
    const second = await secondEditor(app)
    for (const [data, token] of [
      [{ status: 'archived' }, people.editor.token],
      [{ title: 'Legal clinic (new hours)' }, people.editor.token],
      [{ status: 'published' }, second.token],
    ] as const)
      expectStatus(await api.patch(`/api/resources/${id}?locale=en`, data, { token }), 200)
    expect((await publicOne(id, 'es')).audio).toBeNull()
    expect((await getFile(es.filename)).status).toBe(404)
    expect((await getFile(es.opusFilename)).status).toBe(404)
    expect((await publicOne(id, 'en')).audio.duration).toBeCloseTo(1, 0)
    expect((await getFile(en.filename)).status).toBe(200)
  })

  it("keeps a draft resource's recording private: 404 for anonymous, served to staff", async () => {
    const draft = await recordingOf(app, 'editor', toneWav(1, 550))
    await resource([{ language: 'en', recording: draft.id }], { publish: false, title: 'Draft' })
    for (const name of [draft.filename, draft.opusFilename])
      expect((await getFile(name)).status, name).toBe(404)
    expect((await getFile(draft.filename, app.people.editor.token)).status).toBe(200)
    expect(await page('/resources?lang=en')).not.toContain(draft.filename)
  })

  it('takes one staff recording per language (400, nothing saved) and audio is content (four eyes)', async () => {
    const { api, people } = app
    for (const pair of [
      ['es', 'es'],
      ['es-MX', 'es-mx'],
      ['zap', 'ZAP'],
    ]) {
      const res = await api.post(
        '/api/resources',
        {
          kind: 'hotline',
          title: `Twice ${pair[0]}`,
          nextReviewAt: inDays(3),
          audio: pair.map((language) => ({ language, recording: rec.en.id })),
        },
        { token: people.editor.token },
      )
      expect(res.status, pair.join()).toBe(400)
      expect(JSON.stringify(res.body)).toContain('audio')
    }
    const bad = await api.post(
      '/api/resources',
      {
        kind: 'hotline',
        title: 'Bad tag',
        nextReviewAt: inDays(3),
        audio: [{ language: 'not a tag', recording: rec.en.id }],
      },
      { token: people.editor.token },
    )
    expect(bad.status).toBe(400)
    // A storyteller's voice is public only with their consent: never the organisation's audio.
    const theirs = await recordingOf(app, 'teller', toneWav(1, 990))
    const borrowed = await api.post(
      '/api/resources',
      {
        kind: 'hotline',
        title: 'Twice borrowed',
        nextReviewAt: inDays(3),
        audio: [{ language: 'en', recording: theirs.id }],
      },
      { token: people.editor.token },
    )
    expect(borrowed.status).toBe(400)
    expect(JSON.stringify(borrowed.body)).toContain('consent')
    const saved = await api.get('/api/resources?where[title][like]=Twice', {
      token: people.editor.token,
    })
    expect(saved.body.totalDocs).toBe(0)
    // Changing the audio of a public resource is refused until it is archived and re-approved.
    const id = await resource([{ language: 'en', recording: rec.en.id }], { title: 'Four eyes' })
    const change = await api.patch(
      `/api/resources/${id}`,
      { audio: [{ language: 'en', recording: rec.es.id }] },
      { token: people.editor.token },
    )
    expect(change.status).toBe(409)
    expect(change.body.errors?.[0]?.message ?? change.body.error?.message).toMatch(/archive/)
  })

  it('drops a deleted recording from its resource, published or not', async () => {
    const { api, people } = app
    const gone = await recordingOf(app, 'editor', toneWav(1, 660))
    const kept = await recordingOf(app, 'editor', toneWav(1, 770))
    const id = await resource(
      [
        { language: 'en', recording: gone.id },
        { language: 'es', recording: kept.id },
      ],
      { title: 'Deleted sound' },
    )
    expect((await publicOne(id, 'en')).audio).not.toBeNull()
    expectStatus(
      await api.delete(`/api/recordings/${gone.id}`, { token: people.editor.token }),
      200,
    )
    const staff = expectStatus(
      await api.get(`/api/resources/${id}?depth=0`, { token: people.editor.token }),
      200,
    ).body
    expect(staff.status).toBe('published')
    expect(
      staff.audio.map((row: { language: string; recording: unknown }) => [
        row.language,
        String(row.recording),
      ]),
    ).toEqual([['es', String(kept.id)]])
    expect((await publicOne(id, 'en')).audio).toBeNull()
    expect((await publicOne(id, 'es')).audio).not.toBeNull()
  })

  it('past the next review date: gone from the API, /resources and the file in the same request', async () => {
    const short = await recordingOf(app, 'editor', toneWav(1, 880))
    const id = await resource([{ language: 'en', recording: short.id }], {
      title: 'Expiring line',
      nextReviewAt: inDays(2),
    })
    expect((await getFile(short.filename)).status).toBe(200)
    expect(await page('/resources?lang=en')).toContain(short.filename)
    advanceClockForTests(3 * DAY)
    expect((await getFile(short.filename)).status).toBe(404)
    expect((await getFile(short.opusFilename)).status).toBe(404)
    expect(await page('/resources?lang=en')).not.toContain(short.filename)
    expect((await app.api.get(`/api/public/resources/${id}?lang=en`)).status).toBe(404)
    expect(JSON.stringify((await app.api.get('/api/public/resources')).body)).not.toContain(
      short.filename,
    )
  })
})
