/**
 * A second server process for tests (`tsx tests/helpers/followerProcess.ts`): boots Payload on the
 * database in DATABASE_URI, builds its own read model, follows other processes' changes as
 * server.ts does, and answers the public API and kits. For the reverse direction it also records a
 * withdrawal on request (`POST /test/withdraw/<story id>`), as another server process would.
 * Prints `listening <port>` once ready.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { getPayload } from 'payload'

import { relatoConfig } from '../../payload.config'
import { createKitHandler, kitViewFor } from '../../src/kits'
import { createPublicHandler, followChanges, startReadModel } from '../../src/public'

const payload = await getPayload({ config: relatoConfig(process.env) })
const model = await startReadModel(payload, 'http://relato.test')
const fresh = followChanges(payload, model)
const handlePublic = createPublicHandler(model, { beforeAnswer: fresh })
// Its kits from its own kit view, following the same records as server.ts does.
const kitsFresh = followChanges(
  payload,
  kitViewFor(payload, () => model.baseUrl),
)
const handleKit = createKitHandler(payload, {
  baseUrl: () => model.baseUrl,
  beforeAnswer: kitsFresh,
})

const server = http.createServer(async (req, res) => {
  try {
    const withdraw = /^\/test\/withdraw\/([\w-]+)$/.exec(req.url ?? '')
    if (req.method === 'POST' && withdraw) {
      await payload.create({
        collection: 'consent-records',
        data: {
          subject: { relationTo: 'stories', value: withdraw[1] },
          action: 'withdraw',
          method: 'web-form',
          language: 'en',
        },
        overrideAccess: true,
      })
      res.writeHead(201).end()
      return
    }
    if (req.url === '/test/mode') {
      res.writeHead(200).end(fresh.mode())
      return
    }
    if (await handleKit(req, res)) return
    if (await handlePublic(req, res)) return
    res.writeHead(404).end()
  } catch (error) {
    res.writeHead(500).end(String(error))
  }
})
server.listen(0, '127.0.0.1', () =>
  console.log(`listening ${(server.address() as AddressInfo).port}`),
)
process.on('SIGTERM', () => process.exit(0))
