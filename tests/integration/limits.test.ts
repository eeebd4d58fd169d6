import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { relatoSettings } from '../../src/lib/settings'
import { admitImageUpload, imageQueueState, withImageSlot } from '../../src/media/queue'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { createConsentText } from '../helpers/fixtures'
import { type HttpTestServer, startHttp } from '../helpers/http'
import { jpegWithMetadata } from '../helpers/images'
import { localDisk, upload } from '../helpers/media'
import { type TestInstance, startPayload } from '../helpers/payload'
import { A_STORY, submitStory } from '../helpers/selfService'
import { smtpEnv, type SmtpTestServer, startSmtp } from '../helpers/smtp'

describeEachDatabase('work only for the allowed, and bounded', (database) => {
  const app = useTestApp(database, { editor: 'editor', partner: 'partner' })
  let big: Buffer

  const count = async (collection: 'media' | 'stories' | 'consent-records') =>
    (await app.instance.payload.count({ collection, overrideAccess: true })).totalDocs
  const snapshot = async () => ({
    media: await count('media'),
    stories: await count('stories'),
    records: await count('consent-records'),
    files: await localDisk.list(app.instance),
  })

  beforeAll(async () => {
    // 4000×4000 of fine noise: a few MB that take seconds to decode and scan for faces.
    big = await sharp({
      create: {
        width: 4000,
        height: 4000,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg({ quality: 70 })
      .toBuffer()
  })

  it('refuses an anonymous or partner upload of a 4000×4000 JPEG with 403 before decoding anything (regression)', async () => {
    const before = await snapshot()
    const decodes = imageQueueState().started
    const anonymous = await upload(app.server, undefined, big, 'big.jpg', { pixelateFaces: true })
    expect(anonymous.status).toBe(403)
    const partner = await upload(app.server, app.people.partner.token, big, 'big.jpg', {
      pixelateFaces: true,
    })
    expect(partner.status).toBe(403)
    // Not one image reached the decoder, and nothing was stored.
    expect(imageQueueState().started).toBe(decodes)
    expect(await snapshot()).toEqual(before)
  })

  it('answers 503 with Retry-After when the image queue is full, saving nothing, and works again after', async () => {
    const { concurrency, queue } = relatoSettings(app.instance.payload).media
    const photo = await jpegWithMetadata(400, 300)
    const releases: (() => void)[] = []
    // Other people's images fill every slot and the whole waiting line.
    const holders = Array.from({ length: concurrency + queue }, () =>
      withImageSlot(
        { concurrency, queue },
        () => new Promise<void>((resolve) => releases.push(resolve)),
      ),
    )
    await new Promise((resolve) => setTimeout(resolve, 20))
    const before = await snapshot()
    try {
      expect(imageQueueState()).toMatchObject({ active: concurrency, waiting: queue })
      const staff = await upload(app.server, app.people.editor.token, photo, 'a.jpg')
      expect(staff.status).toBe(503)
      const submission = await submitStory(
        app.server,
        { ...A_STORY, photoDescription: 'Una foto.' },
        { photos: [{ bytes: photo, name: 'a.jpg' }] },
      )
      expect(submission.status).toBe(503)
      expect(submission.body.error.code).toBe('unavailable')
      expect(Number(submission.headers.get('retry-after'))).toBeGreaterThan(0)
      const raw = await fetch(`${app.server.url}/api/media`, {
        method: 'POST',
        headers: { authorization: `JWT ${app.people.editor.token}` },
        body: (() => {
          const form = new FormData()
          form.append('file', new Blob([new Uint8Array(photo)]), 'a.jpg')
          form.append('_payload', JSON.stringify({ alt: 'x' }))
          return form
        })(),
      })
      expect(raw.status).toBe(503)
      expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(await snapshot()).toEqual(before)
    } finally {
      while (releases.length || imageQueueState().active) {
        releases.shift()?.()
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      await Promise.all(holders)
    }
    expect((await upload(app.server, app.people.editor.token, photo, 'a.jpg')).status).toBe(201)
  })

  it('answers 503 before reading a multipart body when as many are already held as can be processed', async () => {
    const limits = relatoSettings(app.instance.payload).media
    const held = Array.from({ length: limits.concurrency + limits.queue }, () =>
      admitImageUpload(limits),
    )
    const before = await snapshot()
    try {
      expect(held.every(Boolean)).toBe(true)
      // Small in bytes, 49 MP to decode.
      const photo = await sharp({
        create: { width: 7000, height: 7000, channels: 3, background: '#6b8e23' },
      })
        .png()
        .toBuffer()
      const answer = await submitStory(
        app.server,
        { ...A_STORY, photoDescription: 'Una foto.' },
        { photos: [{ bytes: photo, name: 'a.jpg' }] },
      )
      expect(answer.status).toBe(503)
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(await snapshot()).toEqual(before)
    } finally {
      for (const release of held) release?.()
    }
  })

  it('refuses a submission body past its limit with 413 as it streams, writing nothing', async () => {
    const before = await snapshot()
    const { maxBytes } = relatoSettings(app.instance.payload).media
    // Sent chunked (no Content-Length), so only counting the stream can stop it.
    const streamed = (size: number, name: string) => {
      const boundary = 'relato-test-boundary'
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="story"\r\n\r\nHola\r\n--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`,
      )
      const chunk = Buffer.alloc(1024 * 1024, 7)
      let sent = 0
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0) controller.enqueue(head)
          if (sent >= size) {
            controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`))
            return controller.close()
          }
          sent += chunk.length
          controller.enqueue(chunk)
        },
      })
      return fetch(`${app.server.url}/api/public/submissions`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
        duplex: 'half',
      } as RequestInit)
        .then(async (response) => ({ status: response.status, body: await response.json() }))
        .catch((error: Error) => ({
          status: 0,
          body: { error: { code: String(error.cause ?? error) } },
        }))
    }
    // One photo past the per-file limit, then a body past the whole limit.
    const onePhoto = await streamed(maxBytes + 2 * 1024 * 1024, 'big.jpg')
    expect(onePhoto.status).toBe(413)
    expect(onePhoto.body.error.code).toBe('too_large')
    const declared = await fetch(`${app.server.url}/api/public/submissions`, {
      method: 'POST',
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(4 * maxBytes),
      },
      body: Buffer.alloc(1024),
    }).then(
      (response) => response.status,
      () => 0,
    )
    expect([413, 0]).toContain(declared)
    expect(await snapshot()).toEqual(before)
  })
})

describe('limits that hold: IPv6 by /64, emailed links per address and story', () => {
  let instance: TestInstance
  let server: HttpTestServer
  let smtp: SmtpTestServer

  beforeAll(async () => {
    smtp = await startSmtp()
    instance = await startPayload({
      env: smtpEnv(smtp),
    })
    server = await startHttp(instance, {
      trustProxy: true,
      limits: {
        submissions: { points: 100, seconds: 600 },
        management: { points: 2, seconds: 600 },
        emailsPerAddress: { points: 2, seconds: 600 },
      },
    })
    await createConsentText(instance.payload)
  })
  afterAll(async () => {
    await server?.close()
    await instance?.close()
    await smtp?.close()
  })

  it('counts every address of one IPv6 /64 as one client; another /64 and IPv4 have their own', async () => {
    const status = async (address: string) =>
      (
        await fetch(`${server.url}/my-story/${'x'.repeat(43)}`, {
          headers: { 'x-forwarded-for': address },
        })
      ).status
    expect([
      await status('2001:db8:1:2::1'),
      await status('2001:db8:1:2::2'),
      await status('2001:db8:1:2:ffff:ffff:ffff:ffff'),
    ]).toEqual([404, 404, 429])
    expect(await status('2001:db8:1:3::1')).toBe(404)
    // An IPv4-mapped address is the IPv4 address.
    expect([
      await status('198.51.100.4'),
      await status('::ffff:198.51.100.4'),
      await status('198.51.100.4'),
    ]).toEqual([404, 404, 429])
  })

  it('emails one address at most as often as its limit allows, however it is written', async () => {
    const emailed = []
    for (const address of ['Luz@Example.org', 'luz@example.org', ' luz@EXAMPLE.org']) {
      const answer = await submitStory(
        server,
        { ...A_STORY, lang: 'en', contactEmail: address.trim(), emailLink: 'on' },
        { headers: { 'x-forwarded-for': '203.0.113.50' } },
      )
      expect(answer.status, answer.text).toBe(201)
      emailed.push(answer.body.emailed)
    }
    expect(emailed).toEqual([true, true, false])
    expect(smtp.received).toHaveLength(2)
    // Another address is not affected.
    const other = await submitStory(
      server,
      { ...A_STORY, lang: 'en', contactEmail: 'sol@example.org', emailLink: 'on' },
      { headers: { 'x-forwarded-for': '203.0.113.50' } },
    )
    expect(other.body.emailed).toBe(true)
  })
})
