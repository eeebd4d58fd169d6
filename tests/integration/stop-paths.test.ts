import http from 'node:http'
import { afterEach, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'

// Security review (review2): the emergency stop holds for addresses the route table folds onto a
// public page (the router ignores a trailing slash, so `//` is the home page).

/** A request with the path exactly as written (fetch would normalise it). */
function raw(url: string, path: string, method = 'GET'): Promise<number> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })
}

describeEachDatabase('emergency stop on odd paths', (database) => {
  const app = useTestApp(database, { admin: 'admin' })
  afterEach(async () => {
    await app.api.post(
      '/api/globals/safety',
      { publicPaused: false, pausedCampaigns: [], reason: 'test over' },
      { token: app.people.admin.token },
    )
  })

  it('answers 503 for the home page asked as //', async () => {
    expect(await raw(app.server.url, '//')).toBe(200)
    expectStatus(
      await app.api.post(
        '/api/globals/safety',
        { publicPaused: true, reason: 'probe' },
        { token: app.people.admin.token },
      ),
      200,
    )
    for (const path of ['/', '//', '/gallery/', '/stories//x']) {
      for (const method of ['GET', 'HEAD'])
        expect(await raw(app.server.url, path, method), `${method} ${path}`).toBe(503)
    }
  })
})
