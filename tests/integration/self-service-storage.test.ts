import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { runKitJobs } from '../../src/kits'
import { createConsentText, expectStatus } from '../helpers/fixtures'
import { type HttpTestServer, startHttp } from '../helpers/http'
import { jpegWithMetadata } from '../helpers/images'
import { filesOf } from '../helpers/media'
import { type TestInstance, startPayload } from '../helpers/payload'
import { A_STORY, submitStory } from '../helpers/selfService'
import { FULL_CHECKLIST, reviewAndPublish } from '../helpers/stories'
import { smtpEnv, type SmtpTestServer, startSmtp } from '../helpers/smtp'

const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')

const postForm = (
  server: HttpTestServer,
  token: string,
  action: string,
  fields: Record<string, string>,
) =>
  fetch(`${server.url}/api/public/my-story/${token}/${action}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
  })

describeEachDatabase('self-service erasure with S3 storage (s3rver)', (database) => {
  const app = useTestApp(database, { editor: 'editor' }, { s3: true })
  /** Every stored file (original and renditions) of a story's photos. */
  const imageFiles = async (id: string) => {
    const story = await app.instance.payload.findByID({
      collection: 'stories',
      id,
      depth: 1,
      overrideAccess: true,
    })
    return (story.images as Parameters<typeof filesOf>[0][]).flatMap(filesOf)
  }

  it('removes every file of the story’s photos from the bucket, and leaves the rest', async () => {
    const unrelated = await submitStory(
      app.server,
      { ...A_STORY, lang: 'en', photoDescription: 'Another kitchen.' },
      { photos: [{ bytes: await jpegWithMetadata(200, 150), name: 'other.jpg' }] },
    )
    expect(unrelated.status).toBe(201)
    const answer = await submitStory(
      app.server,
      { ...A_STORY, lang: 'en', photoDescription: 'A kitchen.' },
      {
        photos: [
          { bytes: await jpegWithMetadata(), name: 'a.jpg' },
          { bytes: await jpegWithMetadata(320, 240), name: 'b.jpg' },
        ],
      },
    )
    expect(answer.status, answer.text).toBe(201)
    const files = await imageFiles(answer.body.story.id)
    const otherFiles = await imageFiles(unrelated.body.story.id)
    const before = await app.s3!.listKeys()
    for (const name of files) expect(before).toContain(name)

    expect(
      (await postForm(app.server, answer.body.token, 'erase', { confirm: 'yes' })).status,
    ).toBe(200)
    const after = await app.s3!.listKeys()
    expect(after).toEqual(before.filter((key) => !files.includes(key)))
    for (const name of otherFiles) expect(after).toContain(name)
  })

  it('removes the story’s social-media kit images with it, on a withdrawal and on erasure', async () => {
    const editor = app.people.editor.token
    const campaign = expectStatus(
      await app.api.post(
        '/api/campaigns',
        { slug: 'casa', title: 'Casa', status: 'live', hashtags: ['casa'], languages: ['es'] },
        { token: editor },
      ),
      201,
    ).body.doc.id as string
    const photo = await jpegWithMetadata(800, 600)
    const submitted = await Promise.all(
      [0, 1].map(() =>
        submitStory(
          app.server,
          {
            ...A_STORY,
            pullQuote: 'Palabra por palabra.',
            scopes: ['gallery', 'social', 'photo'],
            photoDescription: 'Una cocina.',
          },
          { photos: [{ bytes: photo, name: 'cocina.jpg' }] },
        ),
      ),
    )
    for (const { body } of submitted) {
      expectStatus(
        await app.api.patch(
          `/api/stories/${body.story.id}?locale=es`,
          { campaigns: [campaign], safetyChecklist: FULL_CHECKLIST },
          { token: editor },
        ),
        200,
      )
      await reviewAndPublish(app, 'stories', body.story.id, 'editor', '?locale=es')
    }
    await runKitJobs(app.instance.payload)
    const kitFilesOf = async (storyId: string) =>
      (
        await app.instance.payload.find({
          collection: 'kit-assets',
          where: { subject: { equals: `stories/${storyId}` } },
          pagination: false,
          overrideAccess: true,
        })
      ).docs.map((asset) => `kits/${asset.filename}`)
    const manifestItems = async () =>
      (
        (await (await fetch(`${app.server.url}/api/public/campaigns/casa/kit?lang=es`)).json())
          .assets as { item: { id: string } }[]
      ).map((asset) => asset.item.id)
    const [withdrawn, erased] = submitted.map(
      ({ body }) => body as { token: string; story: { id: string } },
    )
    const files = {
      withdrawn: await kitFilesOf(withdrawn.story.id),
      erased: await kitFilesOf(erased.story.id),
    }
    expect(files.withdrawn.length).toBeGreaterThan(0)
    expect(files.erased.length).toBeGreaterThan(0)
    const keys = await app.s3!.listKeys()
    for (const name of [...files.withdrawn, ...files.erased]) expect(keys).toContain(name)
    expect(await manifestItems()).toEqual(
      expect.arrayContaining([withdrawn.story.id, erased.story.id]),
    )

    expect(
      (await postForm(app.server, withdrawn.token, 'withdraw', { confirm: 'yes' })).status,
    ).toBe(200)
    expect((await postForm(app.server, erased.token, 'erase', { confirm: 'yes' })).status).toBe(200)
    const after = await app.s3!.listKeys()
    for (const name of [...files.withdrawn, ...files.erased]) expect(after).not.toContain(name)
    const left = await manifestItems()
    expect(left).not.toContain(withdrawn.story.id)
    expect(left).not.toContain(erased.story.id)
  })

  it('leaves nothing in the bucket when a submission is refused half-way', async () => {
    const before = await app.s3!.listKeys()
    const answer = await submitStory(
      app.server,
      { ...A_STORY, photoDescription: 'Two.' },
      {
        photos: [
          { bytes: await jpegWithMetadata(), name: 'ok.jpg' },
          { bytes: svg, name: 'x.svg' },
        ],
      },
    )
    expect(answer.status).toBe(415)
    expect(await app.s3!.listKeys()).toEqual(before)
  })
})

describe('self-service rate limits and the emailed link', () => {
  let instance: TestInstance
  let server: HttpTestServer
  let smtp: SmtpTestServer

  beforeAll(async () => {
    smtp = await startSmtp()
    instance = await startPayload({
      env: smtpEnv(smtp),
    })
    server = await startHttp(instance, {
      limits: { submissions: { points: 3, seconds: 600 }, management: { points: 4, seconds: 600 } },
    })
    await createConsentText(instance.payload)
  })
  afterAll(async () => {
    await server?.close()
    await instance?.close()
    await smtp?.close()
  })

  it('emails the management link only when asked, to the address given', async () => {
    const asked = await submitStory(server, {
      ...A_STORY,
      lang: 'en',
      contactEmail: 'luz@example.org',
      emailLink: 'on',
    })
    expect(asked.status, asked.text).toBe(201)
    expect(asked.body.emailed).toBe(true)
    expect(smtp.received).toHaveLength(1)
    expect(smtp.received[0].to).toEqual(['luz@example.org'])
    const message = smtp.received[0].data.replace(/=\n/g, '')
    expect(message).toContain(asked.body.managementUrl)

    const notAsked = await submitStory(server, {
      ...A_STORY,
      lang: 'en',
      contactEmail: 'luz@example.org',
    })
    expect(notAsked.body.emailed).toBe(false)
    expect(smtp.received).toHaveLength(1)
  })

  it('answers 429 with Retry-After past the submission limit, saving nothing, keeping what was typed', async () => {
    const stories = (await instance.payload.count({ collection: 'stories' })).totalDocs
    // Mistakes corrected do not count against the limit.
    for (let attempt = 0; attempt < 4; attempt++)
      expect((await submitStory(server, { ...A_STORY, lang: 'en', scopes: [] })).status).toBe(400)
    const third = await submitStory(server, { ...A_STORY, lang: 'en' })
    expect(third.status).toBe(201)
    const fourth = await submitStory(server, { ...A_STORY, lang: 'en' })
    expect(fourth.status).toBe(429)
    expect(fourth.body.error.code).toBe('too_many_requests')
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await instance.payload.count({ collection: 'stories' })).totalDocs).toBe(stories + 1)
    const page = await submitStory(
      server,
      { ...A_STORY, lang: 'es', story: 'Mi historia escrita con cuidado.' },
      { headers: { accept: 'text/html' } },
    )
    expect(page.status).toBe(429)
    expect(page.text).toContain('Mi historia escrita con cuidado.')
    expect(page.text).toContain('Demasiadas solicitudes')
  })

  it('bounds guessing management links: wrong tokens count too, and so do forged proxy headers', async () => {
    const answers = []
    for (let attempt = 0; attempt < 5; attempt++)
      answers.push((await fetch(`${server.url}/my-story/${'x'.repeat(43)}`)).status)
    expect(answers).toEqual([404, 404, 404, 404, 429])
    // Behind a proxy, the client is the address the proxy appended, not what the client wrote.
    const proxied = await startHttp(instance, {
      trustProxy: true,
      limits: { submissions: { points: 3, seconds: 600 }, management: { points: 2, seconds: 600 } },
    })
    try {
      const statuses = []
      for (let attempt = 0; attempt < 4; attempt++) {
        statuses.push(
          (
            await fetch(`${proxied.url}/my-story/${'x'.repeat(43)}`, {
              headers: { 'x-forwarded-for': `10.0.0.${attempt}, 203.0.113.9` },
            })
          ).status,
        )
      }
      expect(statuses).toEqual([404, 404, 429, 429])
    } finally {
      await proxied.close()
    }
  })
})
