import { describe, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import {
  type AudioFixture,
  audioFixtures,
  decode,
  FORBIDDEN_BYTES,
  uploadRecording,
} from '../helpers/audio'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { pattern } from '../helpers/images'
import { localDisk, s3rver, useStorageTestApp } from '../helpers/media'
import {
  grantConsent,
  publishedStory,
  reviewAndPublish,
  tickChecklist,
  withdrawConsent,
} from '../helpers/stories'

let fixtures: Promise<AudioFixture[]> | undefined
const made = () => (fixtures ??= audioFixtures())

const expectClean = (bytes: Buffer, what: string) => {
  const text = bytes.toString('latin1')
  for (const canary of FORBIDDEN_BYTES)
    expect(text.includes(canary), `${what} carries ${canary}`).toBe(false)
}

describeEachDatabase('recordings', (database) => {
  for (const storage of [localDisk, s3rver]) {
    describe(`on ${storage.name}`, () => {
      const { app, stored, read } = useStorageTestApp(database, storage)

      it('stores and serves only clean Opus and AAC: no ID3, ©xyz, LIST or cover art, and each plays for as long as the original', async () => {
        for (const fixture of await made()) {
          const before = await stored()
          const res = await uploadRecording(
            app.server,
            app.people.teller.token,
            fixture.bytes,
            fixture.name,
            fixture.type,
          )
          expect(res.status, JSON.stringify(res.body)).toBe(201)
          const doc = res.body.doc
          expect(doc.filename).toMatch(/^[0-9a-f-]{36}\.m4a$/)
          expect(doc.opusFilename).toBe(doc.filename.replace('.m4a', '.webm'))
          expect(doc.duration).toBeCloseTo(fixture.seconds, 0)
          expect(doc.peaks).toHaveLength(200)
          expect(Math.max(...doc.peaks)).toBeGreaterThan(0.05)
          const added = (await stored()).filter((name) => !before.includes(name)).sort()
          expect(added).toEqual([doc.filename, doc.opusFilename].sort())
          if (app.s3) expect(await localDisk.list(app.instance)).toEqual([])
          for (const name of added) {
            const bytes = await read(name)
            expectClean(bytes, `${fixture.name} → stored ${name}`)
            const played = await decode(bytes)
            expect(played.errors, name).toBe('')
            expect(played.seconds, name).toBeGreaterThan(fixture.seconds - 0.1)
            expect(played.seconds, name).toBeLessThan(fixture.seconds + 0.15)
            // The sound only: the cover art's picture stream is gone.
            expect(played.streams, name).toHaveLength(1)
            expect(played.streams[0], name).toMatch(/Audio: (opus|aac)/)
            // The uploader hears it, through the one road to the file.
            const served = await fetch(`${app.server.url}/api/recordings/audio/${name}`, {
              headers: { authorization: `JWT ${app.people.teller.token}` },
            })
            expect(served.status, name).toBe(200)
            expect(served.headers.get('content-type')).toBe(
              name.endsWith('.m4a') ? 'audio/mp4' : 'audio/webm',
            )
            expect(served.headers.get('cache-control')).toBe('no-store')
            expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true)
          }
        }
        // ffmpeg runs four times per fixture, on two cores shared with other work.
      }, 300_000)
    })
  }

  describe('refusals and consent', () => {
    const app = useTestApp(database, {
      editor: 'editor',
      teller: 'storyteller',
      other: 'storyteller',
    })
    const files = () => localDisk.list(app.instance)
    const anonymous = (url: string, headers: Record<string, string> = {}) =>
      fetch(`${app.server.url}${url}`, { headers })
    const count = async () =>
      (await app.instance.payload.count({ collection: 'recordings', overrideAccess: true }))
        .totalDocs

    it('refuses what is not a recording (415), a damaged one (400) and strangers (403), saving nothing', async () => {
      const before = { files: await files(), docs: await count() }
      const [mp3] = await made()
      const cases: [Buffer, string, string | undefined, number][] = [
        [await pattern(16, 16), 'photo.png', app.people.teller.token, 415],
        [
          Buffer.from('#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n'),
          'list.mp3',
          app.people.teller.token,
          415,
        ],
        [
          Buffer.from('<html><script>alert(1)</script></html>'),
          'page.mp3',
          app.people.teller.token,
          415,
        ],
        [
          Buffer.concat([
            Buffer.from('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0010'),
            Buffer.alloc(64, 7),
          ]),
          'broken.mp3',
          app.people.teller.token,
          400,
        ],
        [mp3.bytes.subarray(0, 12), 'cut.mp3', app.people.teller.token, 400],
        [Buffer.alloc(0), 'empty.mp3', app.people.teller.token, 400],
        [mp3.bytes, 'anon.mp3', undefined, 403],
      ]
      for (const [bytes, name, token, status] of cases) {
        const res = await uploadRecording(app.server, token, bytes, name)
        expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(status)
        expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(ts|js):\d+/)
      }
      expect(await files()).toEqual(before.files)
      expect(await count()).toBe(before.docs)
    }, 120_000)

    it('deleting a recording removes both of its files', async () => {
      const [mp3] = await made()
      const doc = (await uploadRecording(app.server, app.people.editor.token, mp3.bytes, mp3.name))
        .body.doc
      expect(await files()).toEqual(expect.arrayContaining([doc.filename, doc.opusFilename]))
      const deleted = await fetch(`${app.server.url}/api/recordings/${doc.id}`, {
        method: 'DELETE',
        headers: { authorization: `JWT ${app.people.editor.token}` },
      })
      expect(deleted.status).toBe(200)
      expect(await files()).not.toContain(doc.filename)
      expect(await files()).not.toContain(doc.opusFilename)
    }, 120_000)

    it('publishing a recording needs its transcript; the sound is public only with voice, and a withdrawal stops it before the request returns', async () => {
      const [, m4a] = await made()
      const uploaded = expectStatus(
        (await uploadRecording(
          app.server,
          app.people.teller.token,
          m4a.bytes,
          m4a.name,
          m4a.type,
        )) as never,
        201,
      ) as unknown as { body: { doc: { id: string; filename: string; opusFilename: string } } }
      const recording = uploaded.body.doc
      const urls = [
        `/api/recordings/audio/${recording.filename}`,
        `/api/recordings/audio/${recording.opusFilename}`,
        `/api/recordings/file/${recording.filename}`,
      ]

      // Someone else's recording cannot be attached.
      const stranger = await app.api.post(
        '/api/stories',
        { title: 'Not mine', language: 'en', recordings: [recording.id] },
        { token: app.people.other.token },
      )
      expect(stranger.status).toBe(400)

      // Without a transcript, no publishing.
      const untold = expectStatus(
        await app.api.post(
          '/api/stories',
          { title: 'Untold', language: 'en', recordings: [recording.id] },
          { token: app.people.teller.token },
        ),
        201,
      ).body.doc.id as string
      await grantConsent(app, 'stories', untold, 'teller', ['gallery', 'voice'])
      await tickChecklist(app, untold)
      await expect(reviewAndPublish(app, 'stories', untold, 'editor')).rejects.toThrow(
        /a recording needs its transcript/,
      )

      // Published with `gallery` but not `voice`: the transcript is public, the sound is not.
      const transcript = 'We came in 2009. My daughter was born here.'
      const story = await publishedStory(app, {
        author: 'teller',
        editor: 'editor',
        scopes: ['gallery'],
        extra: { recordings: [recording.id], transcript },
      })
      for (const url of urls) expect((await anonymous(url)).status, url).toBe(404)
      expect((await app.api.get(`/api/recordings/${recording.id}`)).status).toBe(404)
      const publicStory = expectStatus(await app.api.get(`/api/stories/${story}`), 200).body
      expect(publicStory.transcript).toBe(transcript)
      expect(publicStory.recordings).toBeUndefined()
      const withoutVoice = expectStatus(await app.api.get(`/api/public/stories/${story}`), 200).body
      expect(withoutVoice.audio).toBeNull()
      expect(withoutVoice.transcriptHtml).toBe(`<p>${transcript}</p>`)
      expect(JSON.stringify(withoutVoice)).not.toContain(recording.filename)
      expect(JSON.stringify(withoutVoice)).not.toContain(recording.opusFilename)

      // With `voice`, anyone hears it, cached under the story's key.
      await grantConsent(app, 'stories', story, 'teller', ['gallery', 'voice'])
      const withVoice = expectStatus(
        await app.api.get(`/api/public/stories/${story}?lang=es`),
        200,
      ).body
      expect(withVoice.audio).toEqual({
        sources: [
          { url: `${app.server.url}${urls[1]}`, type: 'audio/webm; codecs=opus' },
          { url: `${app.server.url}${urls[0]}`, type: 'audio/mp4' },
        ],
        duration: expect.closeTo(m4a.seconds, 0),
        peaks: expect.any(Array),
        transcriptHtml: `<p>${transcript}</p>`,
      })
      expect(withVoice.audio.peaks).toHaveLength(200)
      for (const url of urls) {
        const res = await anonymous(url)
        expect(res.status, url).toBe(200)
        expect(res.headers.get('cache-control')).toBe('public, max-age=300')
        expect(res.headers.get('surrogate-key')).toContain(`stories/${story}`)
        expectClean(Buffer.from(await res.arrayBuffer()), url)
      }
      const ranged = await anonymous(urls[0], { range: 'bytes=0-99' })
      expect(ranged.status).toBe(206)
      expect((await ranged.arrayBuffer()).byteLength).toBe(100)
      const listed = expectStatus(await app.api.get(`/api/recordings/${recording.id}`), 200).body
      expect(listed.uploadedBy).toBeUndefined()
      expect(listed.createdAt).toBeUndefined()

      // Withdrawn: gone from the next request on.
      await withdrawConsent(app, 'stories', story, 'teller')
      expect((await app.api.get(`/api/public/stories/${story}`)).status).toBe(404)
      for (const url of urls) expect((await anonymous(url)).status, url).toBe(404)
      expect((await app.api.get(`/api/recordings/${recording.id}`)).status).toBe(404)
      // The uploader still has it.
      const own = await anonymous(urls[0], { authorization: `JWT ${app.people.teller.token}` })
      expect(own.status).toBe(200)
    }, 300_000)

    it('a Spanish story whose storyteller approved the transcript an editor added can be published from English, keeping each language', async () => {
      const [, m4a] = await made()
      const story = expectStatus(
        await app.api.post(
          '/api/stories',
          { title: 'My voice', language: 'es' },
          { token: app.people.teller.token },
        ),
        201,
      ).body.doc.id as string
      const recording = expectStatus(
        (await uploadRecording(
          app.server,
          app.people.editor.token,
          m4a.bytes,
          m4a.name,
          m4a.type,
        )) as never,
        201,
      ) as unknown as { body: { doc: { id: string } } }
      expectStatus(
        await app.api.patch(
          `/api/stories/${story}?locale=es`,
          { title: 'Mi voz', recordings: [recording.body.doc.id], transcript: 'Lo que dije' },
          { token: app.people.editor.token },
        ),
        200,
      )
      const review = expectStatus(
        await app.api.get(`/api/stories/${story}/storyteller-review`, {
          token: app.people.teller.token,
        }),
        200,
      ).body.review
      expectStatus(
        await app.api.post(
          `/api/stories/${story}/storyteller-review/approve`,
          { contentHash: review.contentHash },
          { token: app.people.teller.token },
        ),
        200,
      )
      await grantConsent(app, 'stories', story, 'teller', ['gallery', 'voice'])
      await tickChecklist(app, story)
      // The moves are sent without a locale (English): the transcript check reads the Spanish
      // one, and that read must not switch the save to Spanish (it made the approval look stale).
      await reviewAndPublish(app, 'stories', story, 'editor')
      const stored = await app.instance.payload.findByID({
        collection: 'stories',
        id: story,
        locale: 'all',
        depth: 0,
      })
      expect(stored.status).toBe('published')
      expect(stored.title).toMatchObject({ en: 'My voice', es: 'Mi voz' })
      expect(stored.transcript).toMatchObject({ es: 'Lo que dije' })
      const answer = expectStatus(await app.api.get(`/api/public/stories/${story}`), 200).body
      expect(answer.audio?.sources?.length).toBeGreaterThan(0)
    }, 300_000)
  })
})
