import { createClient } from '@libsql/client'
import { expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { jpegWithMetadata } from '../helpers/images'
import { filesOf, upload } from '../helpers/media'
import { A_STORY, submitStory } from '../helpers/selfService'
import { publishedStory } from '../helpers/stories'

// Faults the server must survive without losing or half-writing anything: the file store
// unreachable during an upload and during an erasure, and the database busy past its timeout.

const waitFor = async (check: () => Promise<boolean>, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return false
}

describeEachDatabase('faults: the file store away', (database) => {
  const app = useTestApp(database, { editor: 'editor' }, { s3: true })
  const count = async (collection: 'media' | 'stories' | 'consent-records') =>
    (await app.instance.payload.count({ collection, overrideAccess: true })).totalDocs

  it('answers 503 with Retry-After to an upload while S3 is unreachable, keeping no record and no file', async () => {
    const photo = await jpegWithMetadata(400, 300)
    const before = {
      keys: await app.s3!.listKeys(),
      media: await count('media'),
      stories: await count('stories'),
      records: await count('consent-records'),
    }
    await app.s3!.stop()
    try {
      const staff = await upload(app.server, app.people.editor.token, photo, 'a.jpg')
      expect(staff.status).toBe(503)
      expect(JSON.stringify(staff.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at .+:\d+/)
      const submitted = await submitStory(
        app.server,
        { ...A_STORY, photoDescription: 'Una foto.' },
        { photos: [{ bytes: photo, name: 'a.jpg' }] },
      )
      expect(submitted.status, submitted.text).toBe(503)
      expect(submitted.body.error.code).toBe('unavailable')
      expect(Number(submitted.headers.get('retry-after'))).toBeGreaterThan(0)
      expect({
        media: await count('media'),
        stories: await count('stories'),
        records: await count('consent-records'),
      }).toEqual({ media: before.media, stories: before.stories, records: before.records })
    } finally {
      await app.s3!.restart()
    }
    expect(await app.s3!.listKeys()).toEqual(before.keys)
    // And once it is back, the same upload goes through.
    expect((await upload(app.server, app.people.editor.token, photo, 'a.jpg')).status).toBe(201)
  })

  it('reports an erasure unfinished while S3 is unreachable, keeps the link working, and completes it when S3 returns', async () => {
    const answer = await submitStory(
      app.server,
      { ...A_STORY, lang: 'en', photoDescription: 'Two photos.' },
      {
        photos: [
          { bytes: await jpegWithMetadata(), name: 'a.jpg' },
          { bytes: await jpegWithMetadata(320, 240), name: 'b.jpg' },
        ],
      },
    )
    expect(answer.status, answer.text).toBe(201)
    const { token, story } = answer.body as { token: string; story: { id: string } }
    const doc = await app.instance.payload.findByID({
      collection: 'stories',
      id: story.id,
      depth: 1,
      overrideAccess: true,
    })
    const files = (doc.images as Parameters<typeof filesOf>[0][]).flatMap(filesOf)
    const before = await app.s3!.listKeys()
    for (const name of files) expect(before).toContain(name)

    await app.s3!.stop()
    try {
      const erase = await fetch(`${app.server.url}/api/public/my-story/${token}/erase?lang=en`, {
        method: 'POST',
        body: new URLSearchParams({ confirm: 'yes' }),
      })
      expect(erase.status).toBe(503)
      expect(Number(erase.headers.get('retry-after'))).toBeGreaterThan(0)
      const body = await erase.json()
      expect(body.error.code).toBe('erasure_unfinished')
      expect(body.error.message).toMatch(/not erased yet/)
      // A browser sees the management page again, with the same message.
      const page = await fetch(`${app.server.url}/api/public/my-story/${token}/erase?lang=en`, {
        method: 'POST',
        headers: { accept: 'text/html' },
        body: new URLSearchParams({ confirm: 'yes', lang: 'en' }),
      })
      expect(page.status).toBe(503)
      expect(await page.text()).toContain('not erased yet')
      // Nothing was deleted: the link still opens the story.
      expect((await fetch(`${app.server.url}/api/public/my-story/${token}`)).status).toBe(200)
      expect(await count('stories')).toBeGreaterThan(0)
    } finally {
      await app.s3!.restart()
    }
    expect(await app.s3!.listKeys()).toEqual(before)

    // The server retries by itself once the store answers (the first retry comes after 5 s).
    expect(
      await waitFor(
        async () => (await fetch(`${app.server.url}/api/public/my-story/${token}`)).status === 404,
        30_000,
      ),
    ).toBe(true)
    const after = await app.s3!.listKeys()
    expect(after).toEqual(before.filter((key) => !files.includes(key)))
    const tombstones = await app.instance.payload.count({
      collection: 'consent-tombstones',
      where: { subject: { equals: `stories/${story.id}` } },
      overrideAccess: true,
    })
    expect(tombstones.totalDocs).toBe(1)
  })
})

describeEachDatabase('faults: the database busy past its timeout', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller' })

  it.skipIf(database !== 'sqlite')(
    'answers 503 with Retry-After to writes while another connection holds the write lock, writing nothing',
    async () => {
      const submitted = await submitStory(app.server, { ...A_STORY, lang: 'en' })
      expect(submitted.status).toBe(201)
      const { token, story } = submitted.body as { token: string; story: { id: string } }
      const published = await publishedStory(app, {
        author: 'teller',
        editor: 'editor',
        scopes: ['gallery'],
        extra: { title: 'Still here' },
      })
      const records = async () =>
        (await app.instance.payload.count({ collection: 'consent-records', overrideAccess: true }))
          .totalDocs
      const before = {
        records: await records(),
        stories: (await app.instance.payload.count({ collection: 'stories', overrideAccess: true }))
          .totalDocs,
      }

      // Another process (a migration, a second server) holds SQLite's write lock.
      const other = createClient({ url: app.instance.env.DATABASE_URI! })
      const lock = await other.transaction('write')
      try {
        const [withdraw, edit, submit, read] = await Promise.all([
          fetch(`${app.server.url}/api/public/my-story/${token}/withdraw`, {
            method: 'POST',
            body: new URLSearchParams({ confirm: 'yes' }),
          }),
          fetch(`${app.server.url}/api/stories/${published}`, {
            method: 'PATCH',
            headers: {
              'content-type': 'application/json',
              authorization: `JWT ${app.people.editor.token}`,
            },
            body: JSON.stringify({ title: 'Changed', status: 'archived' }),
          }),
          submitStory(app.server, { ...A_STORY, lang: 'en' }),
          fetch(`${app.server.url}/api/public/stories/${published}`),
        ])
        for (const [what, response] of [
          ['withdrawal', withdraw],
          ['staff edit', edit],
        ] as const) {
          expect(response.status, what).toBe(503)
          expect(Number(response.headers.get('retry-after')), what).toBeGreaterThan(0)
          expect(await response.text(), what).not.toMatch(/SQLITE|at .+:\d+/)
        }
        expect(submit.status).toBe(503)
        expect(submit.body.error.code).toBe('unavailable')
        // Reading goes on: the public is answered from memory.
        expect(read.status).toBe(200)
      } finally {
        await lock.rollback()
        other.close()
      }
      // Nothing of any of them was written.
      expect(await records()).toBe(before.records)
      expect(
        (await app.instance.payload.count({ collection: 'stories', overrideAccess: true }))
          .totalDocs,
      ).toBe(before.stories)
      const unchanged = await app.instance.payload.findByID({
        collection: 'stories',
        id: published,
        overrideAccess: true,
      })
      expect([unchanged.title, unchanged.status]).toEqual(['Still here', 'published'])
      expect(
        (
          await app.instance.payload.findByID({
            collection: 'stories',
            id: story.id,
            overrideAccess: true,
          })
        ).status,
      ).toBe('submitted')
      // And once the lock is gone, the same withdrawal goes through.
      expectStatus(
        { ...(await app.api.post(`/api/public/my-story/${token}/withdraw`, { confirm: 'yes' })) },
        200,
      )
    },
  )
})
