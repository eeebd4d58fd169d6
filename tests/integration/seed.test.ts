import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Env, run } from '../helpers/processes'
import { readMetadata } from '../helpers/images'
import { filesOf } from '../helpers/media'
import { startPayload } from '../helpers/payload'

// The seed command runs as its own process, exactly as `npm run seed` does; the database it
// fills is then opened in-process to count what is there.
describe('npm run seed', () => {
  let dir: string
  let env: Env
  const outputs: string[] = []

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-seed-'))
    env = {
      DATABASE_URI: `file:${dir}/relato.db`,
      MEDIA_DIR: `${dir}/media`,
      PAYLOAD_SECRET: 'seed-test',
    }
    for (let i = 0; i < 2; i++) {
      const result = await run('npm', ['run', 'seed'], env)
      expect(result.code, result.output).toBe(0)
      outputs.push(result.output)
    }
  })
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true })
  })

  it('prints the generated passwords on the first run only', () => {
    expect(outputs[0]).toMatch(/admin@relato\.example\s+\S{12,}/)
    expect(outputs[0]).toMatch(/editor@relato\.example\s+\S{12,}/)
    expect(outputs[1]).not.toMatch(/Sign-in details/)
    expect(outputs[1]).toMatch(/Nothing new was created/)
  })

  it('creates nothing twice', async () => {
    const instance = await startPayload({ env: { ...env, MEDIA_DIR: `${dir}/media` } })
    try {
      const { payload } = instance
      const users = await payload.find({ collection: 'users', limit: 100 })
      expect(users.docs.map((user) => user.email).sort()).toEqual([
        'admin@relato.example',
        'artist@relato.example',
        'editor@relato.example',
        'storyteller@relato.example',
      ])
      expect(users.docs.find((user) => user.email === 'admin@relato.example')?.role).toBe('admin')
      const media = await payload.find({ collection: 'media', limit: 100 })
      expect(media.totalDocs).toBe(3)
      const files = await fs.readdir(`${dir}/media`)
      expect(files.sort()).toEqual(media.docs.flatMap((doc) => filesOf(doc)).sort())
      for (const file of files)
        expect(await readMetadata(await fs.readFile(`${dir}/media/${file}`))).toBeNull()
      const spanish = await payload.findByID({
        collection: 'media',
        id: media.docs[0].id,
        locale: 'es',
      })
      expect(spanish.alt).not.toBe(media.docs[0].alt)

      const campaigns = await payload.find({
        collection: 'campaigns',
        overrideAccess: false,
        depth: 0,
      })
      expect(campaigns.docs.map((campaign) => [campaign.slug, campaign.status])).toEqual([
        ['we-are-home', 'live'],
      ])
      // The campaign features all seven items; the public sees only the three consented ones.
      expect(campaigns.docs[0].featured).toHaveLength(3)
      expect(
        (await payload.findByID({ collection: 'campaigns', id: campaigns.docs[0].id, depth: 0 }))
          .featured,
      ).toHaveLength(7)
      const publicImages = await payload.find({
        collection: 'media',
        overrideAccess: false,
        depth: 0,
        locale: 'en',
      })
      expect(publicImages.docs.map((image) => image.alt).sort()).toEqual([
        'A pale sun rising over a blue hillside',
        'An orange heart shape on a lilac sky',
      ])
      for (const image of publicImages.docs) expect(image.filename).toMatch(/^[0-9a-f-]{36}\.png$/)
      expect((await payload.count({ collection: 'consent-texts' })).totalDocs).toBe(1)
      const stories = await payload.find({
        collection: 'stories',
        limit: 100,
        locale: 'en',
        depth: 0,
      })
      expect(stories.docs.map((story) => story.status).sort()).toEqual([
        'in_review',
        'published',
        'published',
        'submitted',
        'withdrawn',
      ])
      const artworks = await payload.find({
        collection: 'artworks',
        limit: 100,
        locale: 'en',
        depth: 0,
      })
      expect(artworks.docs.map((artwork) => artwork.status).sort()).toEqual([
        'approved',
        'published',
      ])
      // Issue 16: one know-your-rights card and two hotlines, published, translated, marked demo.
      const resources = await payload.find({
        collection: 'resources',
        limit: 100,
        locale: 'all',
        depth: 0,
      })
      expect(resources.docs.map((resource) => resource.kind).sort()).toEqual([
        'hotline',
        'hotline',
        'know-your-rights',
      ])
      for (const resource of resources.docs) {
        const title = resource.title as unknown as { en: string; es: string }
        expect(title.en).toMatch(/^Demo: /)
        expect(title.es).toMatch(/^Demo: /)
        expect(resource.status).toBe('published')
        expect(resource.themes).toContain('demo-data')
        expect(resource.translations).toMatchObject([{ lang: 'es', needsReview: false }])
        for (const phone of resource.phones ?? []) expect(phone.number).toMatch(/555 01\d\d$/)
      }
      // Varied consent: what an anonymous visitor sees follows it.
      const publicStories = await payload.find({
        collection: 'stories',
        overrideAccess: false,
        locale: 'en',
      })
      expect(publicStories.docs.map((story) => story.title).sort()).toEqual([
        'Sunday calls',
        'The bakery on the corner',
      ])
      const named = publicStories.docs.find((story) => story.title === 'The bakery on the corner')
      expect(named?.displayName).toBe('Rosa M.')
      const pseudonymous = publicStories.docs.find((story) => story.title === 'Sunday calls')
      expect(pseudonymous?.displayName).toBeUndefined()
      expect(pseudonymous?.pseudonym).toBe('J.')
      const publicArtworks = await payload.find({
        collection: 'artworks',
        overrideAccess: false,
        locale: 'en',
      })
      expect(publicArtworks.docs.map((artwork) => artwork.title)).toEqual([
        'Monarchs cross without papers',
      ])
      const withdrawals = await payload.count({
        collection: 'consent-records',
        where: { action: { equals: 'withdraw' } },
      })
      expect(withdrawals.totalDocs).toBe(1)
    } finally {
      await instance.close()
    }
  })
})
