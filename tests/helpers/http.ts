import { GRAPHQL_POST } from '@payloadcms/next/routes'
import fs from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { Readable } from 'node:stream'
import { handleEndpoints } from 'payload'

import { failureAnswer } from '../../src/lib/errors'
import { requestUrl } from '../../src/lib/request'
import type { SelfServiceOptions } from '../../src/selfservice'
import { dispatchFor, type Handler, ownHandlers, problem } from '../../src/server'
import { PROJECT_ROOT } from './processes'
import type { TestInstance } from './payload'

export type HttpTestServer = { url: string; close: () => Promise<void> }

/**
 * Serves one test instance over real HTTP on a free loopback port: what the production server
 * answers itself from the same route table (src/server/routes.ts), and in Next's place REST and
 * GraphQL through the same Payload handlers that Next's /api routes call.
 */
export async function startHttp(
  instance: TestInstance,
  selfService: Omit<SelfServiceOptions, 'baseUrl'> = {},
): Promise<HttpTestServer> {
  const graphql = GRAPHQL_POST(instance.config)
  // Built once the port is known: the self-service links point at this server.
  // eslint-disable-next-line prefer-const
  let dispatch: Handler | undefined
  const server = http.createServer(async (req, res) => {
    try {
      if (await dispatch?.(req, res)) return
      // Next serves public/ as static files; the embed script is the one the tests need.
      if (req.url?.split('?')[0] === '/embed.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' })
        res.end(await fs.readFile(path.join(PROJECT_ROOT, 'public/embed.js')))
        return
      }
      // Payload's handlers want an origin: the Host sent, unless it is not a host at all.
      const target = requestUrl(req)!
      const origin = URL.canParse(`http://${req.headers.host}`)
        ? new URL(`http://${req.headers.host}`).origin
        : 'http://127.0.0.1'
      // Appended, not resolved: a path starting with // must not become a host.
      const url = new URL(`${origin}${target.pathname}${target.search}`)
      // Payload's own routes (Next's, in production): the fuzz test holds them to less.
      res.setHeader('x-test-served-by', 'payload')
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
      const request = new Request(url, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([name, value]) =>
          value === undefined
            ? []
            : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
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
      problem(
        res,
        failure.status,
        failure.body.error.code,
        failure.body.error.message,
        failure.headers,
      )
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  dispatch = dispatchFor(
    ownHandlers(instance.payload, instance.readModel, {
      selfService: { baseUrl: url, ...selfService },
    }),
  )
  // Public URLs (images, pages) must point at this server, as SERVER_URL does in production.
  await instance.readModel.useBaseUrl(url)
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
