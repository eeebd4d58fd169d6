import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { describeWithBrowser, launchBrowser } from '../helpers/browser'
import { pattern } from '../helpers/images'
import { upload } from '../helpers/media'
import { freePort, startGroup, stopGroup, waitForHttp } from '../helpers/processes'

const PASSWORD = 'a long enough password'

/** Opens a WebSocket upgrade on the dev server's hot-reload path and says how it was answered. */
function hotReloadHandshake(port: number, origin: string): Promise<string> {
  return new Promise((resolve) => {
    const request = http.request({
      host: '127.0.0.1',
      port,
      path: '/_next/hmr',
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'), Origin: origin },
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
// resources and hot reload must work from there, and the workflow buttons must do their job.
describeWithBrowser('the admin in development, opened at 127.0.0.1', () => {
  let dir: string
  let base: string
  let port: number
  let server: ReturnType<typeof startGroup>
  let browser: Browser
  let storyId: string

  const json = async (method: string, url: string, body?: unknown, token?: string) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `JWT ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any -- loose test JSON
  }
  const login = async (email: string) => (await json('POST', '/api/users/login', { email, password: PASSWORD })).body.token as string

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
    })
    await waitForHttp(`${base}/api/public/gallery`, 120_000, () => server.child.exitCode === null)
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    if (server) await stopGroup(server.child)
    if (dir) await fs.rm(dir, { recursive: true, force: true })
  })

  it('passes hot-reload upgrades to Next from 127.0.0.1 and localhost, before any page was asked for', async () => {
    expect(await hotReloadHandshake(port, base)).toBe('101')
    expect(await hotReloadHandshake(port, `http://localhost:${port}`)).toBe('101')
    expect(await hotReloadHandshake(port, 'http://attacker.example')).not.toBe('101')
  })

  it('signs an editor in, opens a story and approves it with the workflow buttons, all on one host', async () => {
    expect((await json('POST', '/api/users/first-register', { email: 'admin@example.org', password: PASSWORD })).status).toBe(200)
    const admin = await login('admin@example.org')
    for (const [email, role] of [['editor@example.org', 'editor'], ['teller@example.org', 'storyteller']]) {
      expect((await json('POST', '/api/users', { email, password: PASSWORD, role }, admin)).status).toBe(201)
    }
    const editor = await login('editor@example.org')
    const teller = await login('teller@example.org')
    const image = await upload({ url: base, close: async () => {} }, teller, await pattern(640, 400), 'mural.png', { alt: 'A mural of monarch butterflies' })
    expect(image.status, JSON.stringify(image.body)).toBe(201)
    const text = await json('POST', '/api/consent-texts', { version: 'v1', body: 'I agree.', active: true }, editor)
    storyId = (await json('POST', '/api/stories', { title: 'Buttons, not selects', language: 'es', images: [image.body.doc.id] }, teller)).body.doc.id
    await json('POST', '/api/consent-records', { subject: { relationTo: 'stories', value: storyId }, action: 'grant', scopes: ['gallery'], consentText: text.body.doc.id }, teller)
    expect((await json('PATCH', `/api/stories/${storyId}`, { status: 'in_review' }, editor)).status).toBe(200)

    browser = await launchBrowser()
    const context = await browser.newContext()
    const page = await context.newPage()
    const requested: string[] = []
    const refused: string[] = []
    page.on('request', (request) => requested.push(request.url()))
    page.on('response', (response) => {
      if (response.status() === 403 && response.url().includes('/_next/')) refused.push(response.url())
    })

    // The first admin page compiles in development: allow for it.
    await page.goto(`${base}/admin/login`, { timeout: 240_000 })
    await page.fill('#field-email', 'editor@example.org')
    await page.fill('#field-password', PASSWORD)
    await page.click('button[type="submit"]')
    await page.waitForURL(/\/admin(?!\/login)/, { timeout: 120_000 })

    await page.goto(`${base}/admin/collections/stories/${storyId}`, { timeout: 240_000 })
    const moves = page.locator('section', { has: page.getByRole('heading', { name: 'Status', exact: true }) })
    await moves.getByText('In review', { exact: true }).waitFor({ timeout: 120_000 })
    const buttons = moves.getByRole('button')
    await buttons.first().waitFor()
    expect((await buttons.allTextContents()).map((label) => label.trim()).sort()).toEqual(['Approve', 'Reject', 'Request changes'])

    // The image is titled by its alt text and its thumbnail loads through the checked file route.
    await page.getByText('A mural of monarch butterflies').first().waitFor()
    const thumbnail = page.locator('img[src*="/api/media/file/"]').first()
    await thumbnail.waitFor()
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)

    await moves.getByRole('button', { name: 'Approve' }).click()
    await moves.getByText('Approved', { exact: true }).waitFor({ timeout: 30_000 })
    // Publishing is held back (no safety checklist yet), with the server's reason, not a button.
    await moves.getByText(/Publish: Cannot publish yet: safety checklist incomplete/).waitFor()
    expect(await moves.getByRole('button', { name: 'Publish' }).count()).toBe(0)

    const stored = await json('GET', `/api/stories/${storyId}?depth=0`, undefined, editor)
    expect(stored.body.status).toBe('approved')
    const audit = await json('GET', `/api/audit-log?where[subject][equals]=stories/${storyId}&sort=createdAt`, undefined, admin)
    expect(audit.body.docs.map((entry: { to?: string }) => entry.to)).toContain('approved')

    expect(refused).toEqual([])
    expect([...new Set(requested.map((url) => new URL(url).origin))]).toEqual([base])
    await context.close()
  }, 600_000)
})
