import { GRAPHQL_POST } from '@payloadcms/next/routes'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { Readable } from 'node:stream'
import { handleEndpoints } from 'payload'

import { createKitHandler } from '../../src/kits'
import { failureAnswer } from '../../src/lib/errors'
import { requestUrl } from '../../src/lib/request'
import { createEmbedHandler, createPublicHandler } from '../../src/public'
import { createSelfServiceHandler, type SelfServiceOptions } from '../../src/selfservice'
import { answerIfStopped } from '../../src/policy/stop'
import { PROJECT_ROOT } from './processes'
import type { TestInstance } from './payload'

export type HttpTestServer = { url: string; close: () => Promise<void> }

/**
 * Serves one test instance over real HTTP on a free loopback port: the public API from its read
 * model and the self-service pages (as the production server does), REST and GraphQL through the same Payload handlers
 * that Next's /api routes call.
 */
export async function startHttp(
  instance: TestInstance,
  selfService: Omit<SelfServiceOptions, 'baseUrl'> = {},
): Promise<HttpTestServer> {
  const graphql = GRAPHQL_POST(instance.config)
  const handlePublic = createPublicHandler(instance.readModel)
  const handleEmbed = createEmbedHandler(instance.readModel)
  const handleKit = createKitHandler(instance.payload, { baseUrl: () => instance.readModel.baseUrl })
  let handleSelfService: ReturnType<typeof createSelfServiceHandler> | undefined
  const server = http.createServer(async (req, res) => {
    // As server.ts: an address that is no address at all is refused before any handler.
    if (!requestUrl(req)) {
      res.writeHead(400, { 'Content-Type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ error: { code: 'invalid_path', message: 'The request target is not a valid address.' } }))
      return
    }
    try {
      // As server.ts: the emergency stop before any public handler.
      if (await answerIfStopped(instance.payload, requestUrl(req)!, req, res)) return
      if (await handleSelfService?.(req, res)) return
      if (await handleKit(req, res)) return
      if (await handlePublic(req, res)) return
      if (handleEmbed(req, res)) return
      // Next serves public/ as static files; the embed script is the one the tests need.
      if (req.url?.split('?')[0] === '/embed.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' })
        res.end(await fs.readFile(path.join(PROJECT_ROOT, 'public/embed.js')))
        return
      }
      // Payload's handlers want an origin: the Host sent, unless it is not a host at all.
      const target = requestUrl(req)!
      const origin = URL.canParse(`http://${req.headers.host}`) ? new URL(`http://${req.headers.host}`).origin : 'http://127.0.0.1'
      // Appended, not resolved: a path starting with // must not become a host.
      const url = new URL(`${origin}${target.pathname}${target.search}`)
      // Payload's own routes (Next's, in production): the fuzz test holds them to less.
      res.setHeader('x-test-served-by', 'payload')
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
      const request = new Request(url, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([name, value]) =>
          value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
        ),
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        duplex: hasBody ? 'half' : undefined,
      } as RequestInit)
      const response =
        url.pathname === '/api/graphql' && req.method === 'POST'
          ? await graphql(request)
          : await handleEndpoints({ config: instance.config, request })
      res.statusCode = response.status
      // A request refused before its body was read (a too-large upload) must not leave the
      // rest of that body on a kept-alive connection.
      if (!req.complete) res.setHeader('connection', 'close')
      response.headers.forEach((value, name) => res.setHeader(name, value))
      const setCookies = response.headers.getSetCookie()
      if (setCookies.length) res.setHeader('set-cookie', setCookies)
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      // As server.ts does; a 500 here fails the fuzz test, so the error is printed for whoever reads it.
      const failure = failureAnswer(error)
      if (failure.status === 500) console.error('test server: request failed', error)
      if (res.headersSent) return void res.end()
      res.writeHead(failure.status, { 'Content-Type': 'application/json; charset=utf-8', ...failure.headers })
      res.end(JSON.stringify(failure.body))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  handleSelfService = createSelfServiceHandler(instance.payload, { baseUrl: url, ...selfService })
  // Public URLs (images, pages) must point at this server, as SERVER_URL does in production.
  await instance.readModel.useBaseUrl(url)
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
