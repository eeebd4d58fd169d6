import { afterAll, beforeAll, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { pattern } from '../helpers/images'
import { upload } from '../helpers/media'
import { freePort } from '../helpers/processes'
import { advanceClockForTests, now, resetClockForTests } from '../../src/lib/clock'
import { purgeExpiredResources } from '../../src/public/resourceExpiry'
import { publishResource } from '../helpers/resources'
import { publishedStory, withdrawConsent } from '../helpers/stories'
import { describeWithVarnish, startVarnish, type VarnishServer } from '../helpers/varnish'

// Debian's varnishd with deploy/varnish/default.vcl in front of a Relato test server: public
// answers are cached under their Surrogate-Key, and a withdrawal purges them (CACHE_PURGE_URLS)
// before it returns, so the very next request through the cache no longer shows the story.

describeWithVarnish('Varnish in front of Relato', () => {
  describeEachDatabase('cache and purge', (database) => {
    const app = useTestApp(database, { admin: 'admin', editor: 'editor', teller: 'storyteller' })
    let varnish: VarnishServer
    const previousTargets = process.env.CACHE_PURGE_URLS

    const viaCache = async (path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${varnish.url}${path}`, { headers })
      return { status: response.status, headers: response.headers, text: await response.text() }
    }

    /** A published story in a live campaign, with an image only it shows; its four public addresses. */
    async function storyWithImage(name: string) {
      const { api, people } = app
      const uploaded = await upload(
        app.server,
        people.editor.token,
        await pattern(640, 480),
        `${name}.png`,
      )
      expect(uploaded.status).toBe(201)
      const image = uploaded.body.doc.id as string
      const campaign = expectStatus(
        await api.post(
          '/api/campaigns',
          { slug: name, title: name, summary: name, status: 'live' },
          { token: people.editor.token },
        ),
        201,
      ).body.doc.id as string
      const id = await publishedStory(app, {
        author: 'teller',
        editor: 'editor',
        scopes: ['gallery', 'partners', 'photo'],
        images: [image],
        extra: { title: `Story ${name}`, campaigns: [campaign] },
      })
      const item = JSON.parse((await viaCache(`/api/public/stories/${id}`)).text) as {
        image: { url: string }
      }
      return {
        id,
        paths: {
          item: `/api/public/stories/${id}`,
          gallery: `/api/public/gallery?campaign=${name}`,
          embed: `/embed/stories/${id}`,
          media: new URL(item.image.url).pathname,
        },
      }
    }

    beforeAll(async () => {
      varnish = await startVarnish(app.server.url)
      process.env.CACHE_PURGE_URLS = `${varnish.url}/`
    }, 60_000)
    afterAll(async () => {
      if (previousTargets === undefined) delete process.env.CACHE_PURGE_URLS
      else process.env.CACHE_PURGE_URLS = previousTargets
      await varnish?.close()
    })

    it('serves public answers from the cache, and the next request after a withdrawal no longer shows the story', async () => {
      const { id, paths } = await storyWithImage('we-are-home')
      // Warm the cache: the second request is a hit (Varnish's Age and both request ids in X-Varnish).
      for (const [name, path] of Object.entries(paths)) {
        const first = await viaCache(path)
        expect(first.status, name).toBe(200)
        expect(first.headers.get('surrogate-key')?.split(' '), name).toContain(`stories/${id}`)
        const second = await viaCache(path)
        expect(second.status, name).toBe(200)
        expect(second.headers.get('x-cache'), name).toBe('HIT')
        expect(second.headers.get('x-varnish'), name).toMatch(/^\d+ \d+$/)
        expect(second.headers.get('age'), name).toMatch(/^\d+$/)
        if (name !== 'media') expect(second.text, name).toContain(id)
      }

      const started = Date.now()
      await withdrawConsent(app, 'stories', id, 'teller')
      console.log(`withdrawal with a purge through Varnish: ${Date.now() - started} ms`)

      const item = await viaCache(paths.item)
      expect(item.status).toBe(404)
      const gallery = await viaCache(paths.gallery)
      expect([200, 404]).toContain(gallery.status)
      expect(gallery.text).not.toContain(id)
      const embed = await viaCache(paths.embed)
      expect(embed.status).toBe(404)
      expect(embed.text).not.toContain('Story we-are-home')
      expect((await viaCache(paths.media)).status).toBe(404)
    })

    it('purges a resource whose review date passed: the expiry sweep empties the cached answers', async () => {
      const { api, people } = app
      const { token } = people.editor
      const id = expectStatus(
        await api.post(
          '/api/resources?locale=en',
          {
            kind: 'hotline',
            title: 'Cached hotline',
            phones: [{ number: '(213) 555-0100' }],
            nextReviewAt: new Date(now().getTime() + 3_600_000).toISOString(),
          },
          { token },
        ),
        201,
      ).body.doc.id as string
      await publishResource(app, id)
      const paths = [`/api/public/resources/${id}`, '/resources?lang=en']
      try {
        for (const path of paths) {
          expect((await viaCache(path)).status, path).toBe(200)
          expect((await viaCache(path)).headers.get('x-cache'), path).toBe('HIT')
        }
        advanceClockForTests(3_601_000)
        // Relato hides it now, but nothing was written: the cache still holds the answer ...
        expect((await viaCache(paths[0])).headers.get('x-cache')).toBe('HIT')
        // ... until the scheduled sweep purges it.
        expect(await purgeExpiredResources(app.instance.payload, now())).toBe(1)
        expect((await viaCache(paths[0])).status).toBe(404)
        expect((await viaCache(paths[1])).text).not.toContain('Cached hotline')
      } finally {
        resetClockForTests()
      }
    })

    it('withdraws at once while one purge address is down, and still purges the others', async () => {
      const { id, paths } = await storyWithImage('second-story')
      for (const path of Object.values(paths)) await viaCache(path)
      expect((await viaCache(paths.item)).headers.get('x-cache')).toBe('HIT')
      // Nothing listens on this port: refused at once, logged, retried in the background.
      process.env.CACHE_PURGE_URLS = `http://127.0.0.1:${await freePort()}/, ${varnish.url}/`
      try {
        const started = Date.now()
        await withdrawConsent(app, 'stories', id, 'teller')
        expect(Date.now() - started).toBeLessThan(10_000)
      } finally {
        process.env.CACHE_PURGE_URLS = `${varnish.url}/`
      }
      expect((await viaCache(paths.item)).status).toBe(404)
      expect((await viaCache(paths.embed)).status).toBe(404)
      expect((await viaCache(paths.media)).status).toBe(404)
    })

    it('the emergency stop empties the cache: the very next request through it is a 503, and turning it off restores the story', async () => {
      const admin = app.people.admin.token
      const { id, paths } = await storyWithImage('stop-story')
      for (const path of Object.values(paths)) await viaCache(path)
      expect((await viaCache(paths.item)).headers.get('x-cache')).toBe('HIT')
      expectStatus(
        await app.api.post(
          '/api/globals/safety',
          { publicPaused: true, reason: 'varnish test' },
          { token: admin },
        ),
        200,
      )
      try {
        for (const [name, path] of Object.entries(paths)) {
          const answer = await viaCache(path)
          expect(answer.status, name).toBe(503)
          expect(answer.text, name).not.toContain(id)
        }
      } finally {
        expectStatus(
          await app.api.post(
            '/api/globals/safety',
            { publicPaused: false, reason: 'varnish test over' },
            { token: admin },
          ),
          200,
        )
      }
      expect((await viaCache(paths.item)).status).toBe(200)
    })

    it('never caches the staff API, nor answers to a session or a key, and refuses a PURGE without keys', async () => {
      const token = app.people.editor.token
      for (let i = 0; i < 2; i++) {
        expect(
          (await viaCache('/api/stories?limit=1', { authorization: `JWT ${token}` })).headers.get(
            'x-cache',
          ),
        ).toBe('MISS')
        expect((await viaCache('/api/campaigns?limit=1')).headers.get('x-cache')).toBe('MISS')
        expect(
          (
            await viaCache('/api/public/gallery?limit=3', { cookie: 'payload-token=x' })
          ).headers.get('x-cache'),
        ).toBe('MISS')
        expect((await viaCache('/submit')).headers.get('x-cache')).toBe('MISS')
      }
      expect((await fetch(`${varnish.url}/`, { method: 'PURGE' })).status).toBe(400)
    })
  })
})
