import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type TestApp, useTestApp } from '../helpers/app'
import { toneWav } from '../helpers/audio'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { localDisk, s3rver } from '../helpers/media'
import { A_STORY, type Photo } from '../helpers/selfService'
import { FULL_CHECKLIST, reviewAndPublish } from '../helpers/stories'

// Issue 18, self-service: one recording sent with the submission form (voice only when ticked),
// played back on the management page, exported, erased with every file, taken out of its story
// when deleted, and withdrawn from every public answer (and the CDN) before the request returns.

type Answer = { status: number; body: Record<string, any>; text: string } // eslint-disable-line @typescript-eslint/no-explicit-any -- loose test JSON

/** The submission form as a phone sends it: multipart, with a recording (and photos). */
async function submitWithRecording(
  app: TestApp,
  fields: Record<string, string | string[]>,
  recording: Photo | null,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields))
    for (const item of [value].flat()) form.append(name, item)
  if (recording)
    form.append(
      'recording',
      new Blob([new Uint8Array(recording.bytes)], { type: recording.type ?? 'audio/wav' }),
      recording.name,
    )
  const response = await fetch(`${app.server.url}/api/public/submissions`, {
    method: 'POST',
    body: form,
    headers,
    redirect: 'manual',
  })
  const text = await response.text()
  let body = {}
  try {
    body = JSON.parse(text)
  } catch {
    body = {}
  }
  return { status: response.status, body, text }
}

const manage = (app: TestApp, token: string, action: string, fields: Record<string, string>) =>
  fetch(`${app.server.url}/api/public/my-story/${token}/${action}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
  })

const tone = (): Photo => ({ bytes: toneWav(1.5), name: 'maria-boyle-heights.wav' })

const storyOf = (app: TestApp, id: string) =>
  app.instance.payload.findByID({ collection: 'stories', id, depth: 0, overrideAccess: true })

const recordingOf = (app: TestApp, id: string) =>
  app.instance.payload.findByID({ collection: 'recordings', id, depth: 0, overrideAccess: true })

/** The newest consent record's scopes. */
async function scopesOf(app: TestApp, storyId: string): Promise<string[]> {
  const { docs } = await app.instance.payload.find({
    collection: 'consent-records',
    where: { subjectKey: { equals: `stories/${storyId}` } },
    sort: '-recordedAt',
    limit: 1,
    overrideAccess: true,
  })
  return (docs[0]?.scopes ?? []) as string[]
}

/** The editor adds the transcript and the checklist, and publishes. */
async function publish(app: TestApp, storyId: string, token: string, transcript: string) {
  expectStatus(
    await app.api.patch(
      `/api/stories/${storyId}?locale=es`,
      { transcript, safetyChecklist: FULL_CHECKLIST },
      { token: app.people.editor.token },
    ),
    200,
  )
  await reviewAndPublish(app, 'stories', storyId, 'editor', '?locale=es', {
    managementToken: token,
  })
}

const counts = async (app: TestApp) => ({
  stories: (await app.instance.payload.count({ collection: 'stories' })).totalDocs,
  recordings: (await app.instance.payload.count({ collection: 'recordings' })).totalDocs,
  records: (await app.instance.payload.count({ collection: 'consent-records' })).totalDocs,
})

describeEachDatabase('self-service recordings', (database) => {
  for (const storage of [localDisk, s3rver]) {
    describe(`on ${storage.name}`, () => {
      const app = useTestApp(database, { editor: 'editor' }, { s3: storage === s3rver })
      const files = () => storage.list(app.instance, app.s3)
      const read = (name: string) => storage.read(app.instance, app.s3, name)

      it('takes one recording with the form, voice only when ticked; plays it back, exports it and erases every file', async () => {
        // The form: a file input that opens a phone's recorder, no script; the voice box unticked.
        const form = await (await fetch(`${app.server.url}/submit?lang=en`)).text()
        const input = /<input id="recording"[^>]*>/.exec(form)?.[0] ?? ''
        for (const part of ['name="recording"', 'type="file"', 'accept="audio/*"', 'capture=""'])
          expect(input).toContain(part)
        const box = /<input id="scope-voice"[^>]*>/.exec(form)?.[0] ?? ''
        expect(box).toContain('type="checkbox"')
        expect(box).not.toContain('checked')
        expect(form).toContain('You may play my voice publicly')
        const before = await files()
        // Not ticked: the recording is kept, the consent has no `voice`.
        const quiet = await submitWithRecording(app, { ...A_STORY, lang: 'en' }, tone())
        expect(quiet.status, quiet.text).toBe(201)
        expect(await scopesOf(app, quiet.body.story.id)).not.toContain('voice')

        const answer = await submitWithRecording(
          app,
          { ...A_STORY, lang: 'en', scopes: ['gallery', 'voice'] },
          tone(),
        )
        expect(answer.status, answer.text).toBe(201)
        const { token } = answer.body
        const storyId = answer.body.story.id as string
        expect((await scopesOf(app, storyId)).sort()).toEqual(['gallery', 'voice'])
        const story = await storyOf(app, storyId)
        expect(story.recordings).toHaveLength(1)
        const recording = await recordingOf(app, String(story.recordings![0]))
        expect(recording.uploadedBy ?? null).toBeNull()
        const names = [recording.filename!, recording.opusFilename!]
        // Random names: nothing of "maria-boyle-heights" is kept.
        for (const name of names) expect(name).not.toMatch(/maria|boyle/i)
        expect(await files()).toEqual(expect.arrayContaining(names))

        // Their page plays it, from their link only.
        const page = await (await fetch(`${app.server.url}/my-story/${token}?lang=es`)).text()
        const src = `/api/public/my-story/${token}/recordings/${recording.id}`
        expect(page).toContain(`<audio controls="" preload="metadata" src="${src}"`)
        expect(page).toContain('Tu grabación')
        const played = await fetch(`${app.server.url}${src}`)
        expect(played.status).toBe(200)
        expect(played.headers.get('content-type')).toBe('audio/mp4')
        expect(played.headers.get('content-security-policy')).toContain("media-src 'self'")
        expect(Buffer.from(await played.arrayBuffer()).equals(await read(names[0]))).toBe(true)
        const other = await fetch(
          `${app.server.url}/api/public/my-story/${quiet.body.token}/recordings/${recording.id}`,
        )
        expect(other.status).toBe(404)

        // The export carries both stored encodings and the transcript.
        expectStatus(
          await app.api.patch(
            `/api/stories/${storyId}?locale=es`,
            { transcript: 'Llegué con mi hija en invierno.' },
            { token: app.people.editor.token },
          ),
          200,
        )
        const exported = (await (
          await fetch(`${app.server.url}/api/public/my-story/${token}/export`)
        ).json()) as {
          recordings: { id: string; files: { mimeType: string; base64: string }[] }[]
          transcript: Record<string, string>
        }
        expect(exported.recordings).toHaveLength(1)
        expect(exported.recordings[0].files.map((file) => file.mimeType)).toEqual([
          'audio/mp4',
          'audio/webm',
        ])
        for (const [index, file] of exported.recordings[0].files.entries())
          expect(Buffer.from(file.base64, 'base64').equals(await read(names[index]))).toBe(true)
        expect(exported.transcript).toEqual({ es: 'Llegué con mi hija en invierno.' })

        // Erased: no file and no record left of either recording's story erased; the other stays.
        expect((await manage(app, token, 'erase', { confirm: 'yes' })).status).toBe(200)
        const after = await files()
        for (const name of names) expect(after).not.toContain(name)
        expect(
          (
            await app.instance.payload.count({
              collection: 'recordings',
              where: { id: { equals: recording.id } },
            })
          ).totalDocs,
        ).toBe(0)
        expect((await manage(app, quiet.body.token, 'erase', { confirm: 'yes' })).status).toBe(200)
        expect(await files()).toEqual(before)
      }, 180_000)

      it('refuses what is not a recording (415), a damaged one (400) and a second one, in the reader’s language, saving nothing', async () => {
        const before = { counts: await counts(app), files: await files() }
        const text = { bytes: Buffer.from('#EXTM3U\nhttp://example.org/a.mp3\n'), name: 'a.m3u' }
        const json = await submitWithRecording(app, { ...A_STORY, lang: 'en' }, text)
        expect(json.status).toBe(415)
        expect(json.body.error.code).toBe('unsupported_media_type')
        expect(json.body.error.fields.recording).toMatch(/send a recording/)
        const page = await submitWithRecording(app, A_STORY, text, { accept: 'text/html' })
        expect(page.status).toBe(415)
        expect(page.text).toContain('No podemos usar este archivo')
        expect(page.text).toContain('Llegué con mi hija en invierno.')
        const damaged = Buffer.concat([toneWav(1).subarray(0, 44), Buffer.alloc(64, 0xff)])
        damaged.writeUInt16LE(99, 20) // an audio format no decoder knows
        const broken = await submitWithRecording(
          app,
          { ...A_STORY, lang: 'en' },
          { bytes: damaged, name: 'b.wav' },
        )
        expect(broken.status, broken.text).toBe(400)
        expect(broken.body.error.fields.recording).toMatch(/damaged/)
        // Two recordings: the form says "only one".
        const form = new FormData()
        for (const [name, value] of Object.entries({ ...A_STORY, lang: 'en' }))
          for (const item of [value].flat()) form.append(name, item)
        for (const name of ['a.wav', 'b.wav'])
          form.append('recording', new Blob([new Uint8Array(toneWav(0.5))]), name)
        const two = await fetch(`${app.server.url}/api/public/submissions`, {
          method: 'POST',
          body: form,
        })
        expect(two.status).toBe(400)
        expect(((await two.json()) as Answer['body']).error.fields.recording).toBe(
          'Send only one recording.',
        )
        expect(await counts(app)).toEqual(before.counts)
        expect(await files()).toEqual(before.files)
      }, 120_000)
    })
  }

  describe('deletion and withdrawal on the public side', () => {
    const purges: string[][] = []
    let purgeServer: http.Server
    const previousTargets = process.env.CACHE_PURGE_URLS
    beforeAll(async () => {
      // Stands in for Varnish: records the keys of each PURGE.
      purgeServer = http.createServer((req, res) => {
        if (req.method === 'PURGE') purges.push(String(req.headers['xkey-purge'] ?? '').split(' '))
        res.writeHead(200).end()
      })
      await new Promise<void>((resolve) => purgeServer.listen(0, '127.0.0.1', resolve))
      process.env.CACHE_PURGE_URLS = `http://127.0.0.1:${(purgeServer.address() as AddressInfo).port}/`
    })
    afterAll(async () => {
      if (previousTargets === undefined) delete process.env.CACHE_PURGE_URLS
      else process.env.CACHE_PURGE_URLS = previousTargets
      await new Promise<void>((resolve) => purgeServer.close(() => resolve()))
    })
    const app = useTestApp(database, { editor: 'editor' })

    /** A submitted story with a recording and `voice`, published; its audio addresses. */
    async function publishedWithVoice() {
      const answer = await submitWithRecording(
        app,
        { ...A_STORY, lang: 'en', scopes: ['gallery', 'partners', 'voice'] },
        tone(),
      )
      expect(answer.status, answer.text).toBe(201)
      const storyId = answer.body.story.id as string
      await publish(app, storyId, answer.body.token, 'Llegué con mi hija en invierno.')
      const item = expectStatus(await app.api.get(`/api/public/stories/${storyId}`), 200).body
      expect(item.audio?.sources).toHaveLength(2)
      const urls = (item.audio.sources as { url: string }[]).map((source) => source.url)
      const recordingId = String((await storyOf(app, storyId)).recordings![0])
      return { storyId, token: answer.body.token as string, urls, recordingId }
    }

    it('a withdrawal from the management link stops the audio before it returns and purges the keys the audio carried', async () => {
      const { storyId, token, urls } = await publishedWithVoice()
      const keys = new Set<string>()
      for (const url of urls) {
        const res = await fetch(url)
        expect(res.status, url).toBe(200)
        for (const key of (res.headers.get('surrogate-key') ?? '').split(' ')) keys.add(key)
      }
      expect(keys).toContain(`stories/${storyId}`)
      purges.length = 0
      expect((await manage(app, token, 'withdraw', { confirm: 'yes' })).status).toBe(200)
      for (const url of urls) expect((await fetch(url)).status, url).toBe(404)
      expect((await app.api.get(`/api/public/stories/${storyId}`)).status).toBe(404)
      // Every purge was sent before the withdrawal answered; the story's key is among them, so
      // every cached copy of its audio (tagged with it) is gone from the CDN.
      const purged = new Set(purges.flat())
      expect(purged).toContain(`stories/${storyId}`)
    }, 120_000)

    it('withdrawing only `voice` keeps the story and its transcript public, without its sound', async () => {
      const { storyId, token, urls } = await publishedWithVoice()
      purges.length = 0
      expect(
        (await manage(app, token, 'consent', { scopes: 'gallery', lang: 'en' })).status,
      ).toBeLessThan(400)
      for (const url of urls) expect((await fetch(url)).status, url).toBe(404)
      const item = expectStatus(await app.api.get(`/api/public/stories/${storyId}`), 200).body
      expect(item.audio).toBeNull()
      expect(item.transcriptHtml).toContain('Llegué con mi hija')
      expect(new Set(purges.flat())).toContain(`stories/${storyId}`)
    }, 120_000)

    it('deleting a recording takes it out of its story, and the public answers change in the same request', async () => {
      const { storyId, urls, recordingId } = await publishedWithVoice()
      purges.length = 0
      const deleted = await fetch(`${app.server.url}/api/recordings/${recordingId}`, {
        method: 'DELETE',
        headers: { authorization: `JWT ${app.people.editor.token}` },
      })
      expect(deleted.status).toBe(200)
      expect((await storyOf(app, storyId)).recordings ?? []).toEqual([])
      const item = expectStatus(await app.api.get(`/api/public/stories/${storyId}`), 200).body
      expect(item.audio).toBeNull()
      for (const url of urls) expect((await fetch(url)).status, url).toBe(404)
      expect(new Set(purges.flat())).toContain(`stories/${storyId}`)
    }, 120_000)
  })
})
