import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createDispatch, type Handler, type Handlers, routeTable, send } from '../../src/server'

// The route table over real HTTP, with handlers that say who answered: which route a path
// reaches, HEAD as GET without the body, 405 with Allow, 400 for an address that is none, and
// everything else left to Next.

describe('route table', () => {
  let server: http.Server
  let url = ''
  const answering =
    (name: string): Handler =>
    (req, res) => {
      send(res, 200, `${name} ${req.method}`, { 'Content-Type': 'text/plain' })
      return true
    }
  // The kit handler declines what it does not know, as src/kits/http.ts does: the public API answers it.
  const site = answering('site')
  const handlers: Handlers = {
    publicApi: answering('public'),
    embed: answering('embed'),
    selfService: answering('self'),
    kit: () => false,
    print: answering('print'),
    site: {
      home: site,
      gallery: site,
      story: site,
      artwork: site,
      campaign: site,
      resources: site,
      stylesheet: site,
      notFound: site,
    },
  }

  beforeAll(async () => {
    const dispatch = createDispatch(routeTable(handlers))
    server = http.createServer(async (req, res) => {
      if (!(await dispatch(req, res))) send(res, 418, 'next', {})
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const raw = (method: string, path: string) =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>(
      (resolve, reject) => {
        const { hostname, port } = new URL(url)
        // The path as given, not parsed: the last test sends one that no URL parser accepts.
        const req = http.request({ hostname, port, path, method }, (res) => {
          let body = ''
          res.on('data', (chunk) => (body += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
        })
        req.on('error', reject)
        req.end()
      },
    )

  it('sends each path to its handler, and the rest on to Next', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/api/public/gallery', 'public GET'],
      ['POST', '/api/public/gallery', 'public POST'],
      ['GET', '/api/public/campaigns/we-are-home/kit', 'public GET'],
      ['GET', '/api/public/resources/42/print.pdf', 'print GET'],
      // Only GET draws a card; the public API answers other methods (its 405).
      ['POST', '/api/public/resources/42/print.pdf', 'public POST'],
      ['GET', '/api/public/resources/42', 'public GET'],
      ['POST', '/api/public/submissions', 'self POST'],
      ['GET', '/api/public/my-story/abc/export', 'self GET'],
      ['GET', '/my-story/abc', 'self GET'],
      ['GET', '/submit', 'self GET'],
      ['GET', '/embed/we-are-home', 'embed GET'],
      ['GET', '/embed/we-are-home/', 'embed GET'],
      ['GET', '/embed/stories/%E0', 'embed GET'],
      ['GET', '/embed.js', 'next'],
      ['GET', '/admin', 'next'],
      ['GET', '/api/stories', 'next'],
      ['GET', '/gallery', 'site GET'],
    ]
    for (const [method, path, who] of cases)
      expect(`${method} ${path} → ${(await raw(method, path)).body}`).toBe(
        `${method} ${path} → ${who}`,
      )
  })

  it('answers HEAD as its GET without a body, and a method the route has not with 405 and Allow', async () => {
    const head = await raw('HEAD', '/embed/we-are-home')
    expect(head).toMatchObject({ status: 200, body: '' })
    expect(head.headers['content-length']).toBe(String('embed HEAD'.length))
    const post = await raw('POST', '/embed/we-are-home')
    expect(post.status).toBe(405)
    expect(post.headers.allow).toBe('GET, HEAD')
    expect(JSON.parse(post.body)).toEqual({
      error: { code: 'method_not_allowed', message: 'Use GET.' },
    })
  })

  it('refuses an address that is no address with 400, before any route', async () => {
    const bad = await raw('GET', 'http://[bad')
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toEqual({
      error: { code: 'invalid_path', message: 'The request target is not a valid address.' },
    })
  })
})
