/**
 * Relato's server: one process, one port. What src/server/routes.ts lists is answered here: the
 * public API (/api/public/*) and the embed iframes (/embed/…) from the read model's memory,
 * without Next's per-request cost, the storytellers' submission form and management pages
 * (/submit, /my-story/…), the public site's pages, and social-media kits
 * (/api/public/campaigns/:slug/kit…) from the kit view, built by Payload's jobs; everything else (admin, Payload's
 * REST and GraphQL, /embed.js) goes to Next.
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
import { errorSites, failureAnswer, loggableError } from './src/lib/errors'
import { kitViewFor, runKitJobsInThisProcess } from './src/kits'
import { followChanges, startReadModel } from './src/public'
import { dispatchFor, ownHandlers, problem } from './src/server'

const dev = process.argv.includes('--dev')
const port = Number(process.env.PORT || 3000)
const hostname = process.env.HOSTNAME || '0.0.0.0'
const dir = path.dirname(fileURLToPath(import.meta.url))

const app = next({ dev, dir, port, hostname: 'localhost', turbopack: dev })
await app.prepare()
const handleNext = app.getRequestHandler()

// Its own Payload instance (Next's routes keep theirs): reads for the read model, and writes
// for storytellers without an account (src/selfservice). Its crons are the process's one kit
// job runner (Payload's jobs.autoRun; src/kits/job.ts).
runKitJobsInThisProcess()
const payload = await getPayload({ config, key: 'relato-public-read-model', cron: true })
// A consent write cut off half-way (the process killed between its two writes) is repaired
// before anything public is answered, and again now and then (other processes may crash too).
await reconcileConsent(payload)
setInterval(
  () =>
    void reconcileConsent(payload).catch((error: unknown) =>
      payload.logger.error({ err: error, msg: 'consent reconciliation failed' }),
    ),
  RECONCILE_EVERY_MS,
).unref()
const baseUrl = process.env.SERVER_URL || `http://localhost:${port}`
const model = await startReadModel(payload, baseUrl)
const fresh = followChanges(payload, model)
// Social-media kits are answered from the kit view's memory, which follows other processes too.
const kitsFresh = followChanges(
  payload,
  kitViewFor(payload, () => model.baseUrl),
)
const dispatch = dispatchFor(
  ownHandlers(payload, model, {
    selfService: { baseUrl },
    beforeAnswer: fresh,
    kitsBeforeAnswer: kitsFresh,
  }),
)

const server = http.createServer(async (req, res) => {
  try {
    // The route table (src/server/routes.ts): an address that is no address at all is a 400 there.
    if (await dispatch(req, res)) return
    await handleNext(req, res)
  } catch (error) {
    // A busy database or an unreachable bucket is a 503 with Retry-After; anything else is ours.
    const failure = failureAnswer(error)
    // Never the error itself: a database error's message quotes the values it was writing.
    if (failure.status === 503)
      payload.logger.warn({
        msg: 'request deferred: a dependency is busy',
        error: loggableError(error),
      })
    else
      payload.logger.error({
        msg: 'request failed',
        error: loggableError(error),
        at: errorSites(error),
      })
    if (!res.headersSent)
      problem(
        res,
        failure.status,
        failure.body.error.code,
        failure.body.error.message,
        failure.headers,
      )
    else res.end()
  }
})

// WebSocket upgrades (hot reload in development) go to Next's router. Next would attach that
// handler itself only on the first request it serves, so an upgrade before it hung; the typed
// getUpgradeHandler() reaches the render server, which ignores upgrades. Attach the router's
// handler at start and tell Next it is attached, so it is not attached twice.
const nextInternals = app as unknown as {
  upgradeHandler?: UpgradeHandler
  didWebSocketSetup?: boolean
}
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
