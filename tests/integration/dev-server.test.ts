import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { freePort, startGroup, stopGroup, waitForHttp } from '../helpers/processes'

/** Opens a WebSocket upgrade on the dev server's hot-reload path and says how it was answered. */
function hotReloadHandshake(port: number, origin: string): Promise<string> {
  return new Promise((resolve) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      path: '/_next/hmr',
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'),
        Origin: origin,
      },
    })
    const timer = setTimeout(() => {
      request.destroy()
      resolve('no answer')
    }, 15_000)
    request.on('upgrade', (response, socket) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(String(response.statusCode))
    })
    request.on('response', (response) => {
      clearTimeout(timer)
      resolve(String(response.statusCode))
    })
    request.on('error', () => {
      clearTimeout(timer)
      resolve('refused')
    })
    request.end()
  })
}

// `npm run dev` as a newcomer runs it, opened at 127.0.0.1 rather than localhost: Next's own
// resources and hot reload must work from there. Nothing here needs a page compiled, so it is quick.
describe('the development server, opened at 127.0.0.1', () => {
  let dir: string
  let base: string
  let port: number
  let server: ReturnType<typeof startGroup>

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-admin-dev-'))
    port = await freePort()
    base = `http://127.0.0.1:${port}`
    server = startGroup('node_modules/.bin/tsx', ['server.ts', '--dev'], {
      // Its own build folder, so a developer's `npm run dev` and the production test are untouched.
      NEXT_DIST_DIR: '.next-test-dev',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      PAYLOAD_SECRET: 'admin-workflow-test-secret',
      DATABASE_URI: `file:${dir}/relato.db`,
      MEDIA_DIR: `${dir}/media`,
      SERVER_URL: 'http://relato.test',
    })
    await waitForHttp(`${base}/api/public/gallery`, 120_000, () => server.child.exitCode === null)
  }, 180_000)
  afterAll(async () => {
    if (server) await stopGroup(server.child)
    if (dir) await fs.rm(dir, { recursive: true, force: true })
  })

  it('passes hot-reload upgrades to Next from 127.0.0.1 and localhost, before any page was asked for', async () => {
    expect(await hotReloadHandshake(port, base)).toBe('101')
    expect(await hotReloadHandshake(port, `http://localhost:${port}`)).toBe('101')
    expect(await hotReloadHandshake(port, 'http://attacker.example')).not.toBe('101')
  })

  it("serves Next's development resources to pages opened at 127.0.0.1, localhost or SERVER_URL, and no other origin", async () => {
    // Next checks the origin before it looks for the file: a refused origin gets 403, an accepted
    // one goes on to an ordinary 404 for this made-up chunk.
    const chunk = (origin: string) =>
      fetch(`${base}/_next/static/chunks/no-such-chunk.js`, {
        headers: { origin, 'sec-fetch-mode': 'cors' },
      }).then((response) => response.status)
    expect(await chunk(base)).not.toBe(403)
    expect(await chunk(`http://localhost:${port}`)).not.toBe(403)
    expect(await chunk('http://relato.test')).not.toBe(403)
    expect(await chunk('http://attacker.example')).toBe(403)
  })
})
