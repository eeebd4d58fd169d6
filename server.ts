/**
 * Relato's server: one process, one port. The public API (/api/public/*) and the embed iframes
 * (/embed/…) are answered here from the read model's memory, without Next's per-request cost,
 * and so are the storytellers' submission form and management pages (/submit, /my-story/…);
 * social-media kits (/api/public/campaigns/:slug/kit…) from the database, built by a job worker;
 * everything else (site, admin, Payload's REST and GraphQL, /embed.js) goes to Next.
 *
 *   tsx server.ts          production (after `next build`; `npm start` runs it)
 *   tsx server.ts --dev    development (`npm run dev`)
 */
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import next from 'next'
import type { UpgradeHandler } from 'next/dist/server/next'
import { getPayload } from 'payload'

import { RECONCILE_EVERY_MS, reconcileConsent } from './collections/ConsentRecords/reconcile'
import config from './payload.config'
import { failureAnswer, loggableError } from './src/lib/errors'
import { requestUrl } from './src/lib/request'
import { createKitHandler, startKitWorker } from './src/kits'
import { createEmbedHandler, createPublicHandler, followChanges, startReadModel } from './src/public'
import { createSelfServiceHandler } from './src/selfservice'
import { answerIfStopped } from './src/policy/stop'

const dev = process.argv.includes('--dev')
const port = Number(process.env.PORT || 3000)
const hostname = process.env.HOSTNAME || '0.0.0.0'
const dir = path.dirname(fileURLToPath(import.meta.url))

const app = next({ dev, dir, port, hostname: 'localhost', turbopack: dev })
await app.prepare()
const handleNext = app.getRequestHandler()

// Its own Payload instance (Next's routes keep theirs): reads for the read model, and writes
// for storytellers without an account (src/selfservice).
const payload = await getPayload({ config, key: 'relato-public-read-model' })
// A consent write cut off half-way (the process killed between its two writes) is repaired
// before anything public is answered, and again now and then (other processes may crash too).
await reconcileConsent(payload)
setInterval(() => void reconcileConsent(payload).catch((error: unknown) => payload.logger.error({ err: error, msg: 'consent reconciliation failed' })), RECONCILE_EVERY_MS).unref()
const baseUrl = process.env.SERVER_URL || `http://localhost:${port}`
const model = await startReadModel(payload, baseUrl)
const fresh = followChanges(payload, model)
const handlePublic = createPublicHandler(model, { beforeAnswer: fresh })
const handleEmbed = createEmbedHandler(model)
const handleSelfService = createSelfServiceHandler(payload, { baseUrl })
// Social-media kits: read from the database per request (the policy decides now), built by a worker.
const handleKit = createKitHandler(payload, { baseUrl: () => model.baseUrl })
startKitWorker(payload)

const PUBLIC_PAGES = /^\/(embed\/|gallery|stories\/|artworks\/|campaigns\/|$)/
const isPublicPage = (url: URL) => PUBLIC_PAGES.test(url.pathname)

const sendJson = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
  res.end(JSON.stringify(body))
}

const server = http.createServer(async (req, res) => {
  // Every handler reads the address the same way (src/lib/request.ts); one that is no address
  // at all is refused here, before any of them.
  const url = requestUrl(req)
  if (!url) return sendJson(res, 400, { error: { code: 'invalid_path', message: 'The request target is not a valid address.' } })
  try {
    // The emergency stop (src/policy/stop.ts), before any public handler.
    if (await answerIfStopped(payload, url, req, res)) return
    if (await handleSelfService(req, res)) return
    if (await handleKit(req, res)) return
    if (await handlePublic(req, res)) return
    // Public pages and embeds read the model too: catch up with other processes first.
    if (isPublicPage(url)) await fresh()
    if (handleEmbed(req, res)) return
    await handleNext(req, res)
  } catch (error) {
    // A busy database or an unreachable bucket is a 503 with Retry-After; anything else is ours.
    const failure = failureAnswer(error)
    // Never the error itself: a database error's message quotes the values it was writing.
    if (failure.status === 503) payload.logger.warn({ msg: 'request deferred: a dependency is busy', error: loggableError(error) })
    else payload.logger.error({ msg: 'request failed', error: loggableError(error), at: error instanceof Error ? error.stack?.split('\n').slice(1, 4).map((line) => line.trim()) : null })
    if (!res.headersSent) sendJson(res, failure.status, failure.body, failure.headers)
    else res.end()
  }
})

// WebSocket upgrades (hot reload in development) go to Next's router. Next would attach that
// handler itself only on the first request it serves, so an upgrade before it hung; the typed
// getUpgradeHandler() reaches the render server, which ignores upgrades. Attach the router's
// handler at start and tell Next it is attached, so it is not attached twice.
const nextInternals = app as unknown as { upgradeHandler?: UpgradeHandler; didWebSocketSetup?: boolean }
const handleUpgrade = nextInternals.upgradeHandler ?? app.getUpgradeHandler()
nextInternals.didWebSocketSetup = true
server.on('upgrade', (req, socket, head: Buffer) => {
  handleUpgrade(req, socket, head).catch((error: unknown) => {
    payload.logger.error({ err: error, msg: 'upgrade failed' })
    socket.destroy()
  })
})

server.listen(port, hostname, () => {
  console.log(`Relato ${dev ? 'development' : 'production'} server on http://localhost:${port}`)
})

// Open keep-alive and dev-reload connections would hold close() forever: give them a moment.
const stop = () => {
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 3_000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
