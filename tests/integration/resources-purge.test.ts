import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { advanceClockForTests, now, resetClockForTests } from '../../src/lib/clock'
import { KIT_QUEUE, runKitJobs, SWEEP_TASK } from '../../src/kits/job'
import { EXPIRY_PURGE_LOOKBACK_MS, purgeExpiredResources } from '../../src/public/resourceExpiry'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { publishResource } from '../helpers/resources'

// Shared caches and resources (issue 16): every public answer showing a resource names it in
// Surrogate-Key, and Relato sends the xkey PURGE when it changes and when its review date passes
// (the scheduled expiry sweep), to a real HTTP server standing in for Varnish.

const HOUR = 3_600_000

describeEachDatabase('resources: cache purge', (database) => {
  const app = useTestApp(database, { editor: 'editor' })
  const purged: string[] = []
  let cache: http.Server
  const previousTargets = process.env.CACHE_PURGE_URLS

  beforeAll(async () => {
    cache = http.createServer((req, res) => {
      if (req.method === 'PURGE') purged.push(String(req.headers['xkey-purge'] ?? ''))
      res.writeHead(200).end()
    })
    await new Promise<void>((resolve) => cache.listen(0, '127.0.0.1', resolve))
    process.env.CACHE_PURGE_URLS = `http://127.0.0.1:${(cache.address() as AddressInfo).port}/`
  })
  afterAll(async () => {
    resetClockForTests()
    if (previousTargets === undefined) delete process.env.CACHE_PURGE_URLS
    else process.env.CACHE_PURGE_URLS = previousTargets
    await new Promise<void>((resolve) => cache.close(() => resolve()))
  })

  const purgedKeys = () => purged.flatMap((header) => header.split(' '))

  it('names the resource in every answer showing it, purges it on a change and when its review date passes', async () => {
    const { api, people } = app
    const { token } = people.editor
    const campaign = expectStatus(
      await api.post(
        '/api/campaigns',
        { slug: 'help-week', title: 'Help week', status: 'live', languages: ['en'] },
        { token },
      ),
      201,
    ).body.doc.id as string
    const id = expectStatus(
      await api.post(
        '/api/resources?locale=en',
        {
          kind: 'hotline',
          title: 'Rapid response hotline',
          phones: [{ number: '(213) 555-0100', hours: '24/7', languages: ['en', 'es'] }],
          campaigns: [campaign],
          nextReviewAt: new Date(now().getTime() + HOUR).toISOString(),
        },
        { token },
      ),
      201,
    ).body.doc.id as string
    await publishResource(app, id, 'approved')
    purged.length = 0
    expectStatus(await api.patch(`/api/resources/${id}`, { status: 'published' }, { token }), 200)
    // Sent before the publishing request returned.
    expect(purgedKeys()).toEqual(expect.arrayContaining(['resources', `resources/${id}`]))

    for (const path of [
      '/api/public/resources?lang=en',
      `/api/public/resources/${id}?lang=en`,
      '/resources?lang=en',
    ]) {
      const response = await fetch(`${app.server.url}${path}`)
      expect(response.status, path).toBe(200)
      expect(await response.text(), path).toContain('Rapid response hotline')
      expect(response.headers.get('surrogate-key')?.split(' '), path).toContain(`resources/${id}`)
    }

    // Nothing expired yet: the sweep purges nothing.
    purged.length = 0
    expect(await purgeExpiredResources(app.instance.payload, now())).toBe(0)
    expect(purged).toEqual([])

    // Past the review date: the scheduled sweep (the one kits use) notices and purges.
    advanceClockForTests(HOUR + 1_000)
    expect((await fetch(`${app.server.url}/api/public/resources/${id}?lang=en`)).status).toBe(404)
    await app.instance.payload.jobs.queue({ task: SWEEP_TASK, queue: KIT_QUEUE, input: {} })
    await runKitJobs(app.instance.payload)
    expect(purgedKeys()).toEqual(expect.arrayContaining(['resources', `resources/${id}`]))
    // Once the look-back has passed, later sweeps leave it alone.
    purged.length = 0
    advanceClockForTests(EXPIRY_PURGE_LOOKBACK_MS)
    expect(await purgeExpiredResources(app.instance.payload, now())).toBe(0)
    expect(purged).toEqual([])
  })
})
