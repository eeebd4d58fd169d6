import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { purgeCaches, purgeTargets } from '../../src/public/purge'
import { freePort } from '../helpers/processes'

// What Relato sends to the caches in CACHE_PURGE_URLS, against a real HTTP server standing in
// for Varnish (the real one: tests/integration/varnish.test.ts).

describe('cache purge', () => {
  const seen: { method: string; keys: string | undefined }[] = []
  let answer = 200
  let server: http.Server
  let cache = ''
  const logged: unknown[] = []
  const logger = {
    warn: (entry: unknown) => void logged.push(entry),
    error: (entry: unknown) => void logged.push(entry),
  }

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ method: req.method ?? '', keys: req.headers['xkey-purge'] as string | undefined })
      res.writeHead(answer).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cache = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('reads CACHE_PURGE_URLS as a comma-separated list', () => {
    expect(purgeTargets(' http://a/ ,http://b:6081/,, ')).toEqual(['http://a/', 'http://b:6081/'])
    expect(purgeTargets('')).toEqual([])
  })

  it('sends PURGE with the keys, each once', async () => {
    seen.length = 0
    await purgeCaches(['stories/abc', 'gallery', 'campaigns/we-are-home', 'gallery'], logger, [
      cache,
    ])
    expect(seen).toEqual([{ method: 'PURGE', keys: 'stories/abc gallery campaigns/we-are-home' }])
  })

  it('never throws nor waits long for a cache that is down, logs only its origin, and retries in the background', async () => {
    seen.length = 0
    logged.length = 0
    answer = 503
    const down = `http://127.0.0.1:${await freePort()}/secret-token`
    const started = Date.now()
    await purgeCaches(['stories/abc'], logger, [down, cache])
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(seen).toHaveLength(1)
    expect(JSON.stringify(logged)).not.toContain('secret-token')
    expect(JSON.stringify(logged)).not.toContain('stories/abc')
    expect(logged).toHaveLength(2)
    // The failed purge (503) is sent again after a second.
    answer = 200
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(seen.length).toBeGreaterThanOrEqual(2)
  })
})
