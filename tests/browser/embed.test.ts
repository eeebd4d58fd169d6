import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { createCampaign } from '../helpers/site'
import { describeWithBrowser, expectAccessible, useBrowser } from '../helpers/browser'
import { expectStatus } from '../helpers/fixtures'
import { pattern } from '../helpers/images'
import { upload } from '../helpers/media'
import { publishedStory } from '../helpers/stories'

/** A partner's own site: another origin, with hostile global styles, embedding Relato. */
function partnerSite(relato: string, layout: 'grid' | 'carousel') {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title>
    <style>article, h2, h3, a, p { color: rgb(255, 0, 0) !important; font-family: monospace !important; }</style></head>
    <body><main><h1>Our partner page</h1>
    <relato-gallery campaign="we-are-home" lang="es" layout="${layout}" limit="10"></relato-gallery>
    <script src="${relato}/embed.js"></script>
    <iframe title="Relato" src="${relato}/embed/we-are-home?lang=es" width="600" height="400"></iframe>
    </main></body></html>`
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(page)
  })
  return new Promise<{ origin: string; close: () => Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  )
}

describeWithBrowser('partner embeds in a real browser', () => {
  const app = useTestApp('sqlite', { admin: 'admin', editor: 'editor', teller: 'storyteller' })
  const browser = useBrowser()
  let allowed: Awaited<ReturnType<typeof partnerSite>>
  let other: Awaited<ReturnType<typeof partnerSite>>
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    const { api, people } = app
    allowed = await partnerSite(app.server.url, 'carousel')
    other = await partnerSite(app.server.url, 'grid')
    const campaign = await createCampaign(app, people.editor.token, {
      slug: 'we-are-home',
      title: 'We are home',
      status: 'live',
    })
    const image = (
      await upload(app.server, people.editor.token, await pattern(800, 500), 'mural.png')
    ).body.doc.id
    await api.patch(
      `/api/media/${image}?locale=es`,
      { alt: 'Un mural de colores' },
      { token: people.editor.token },
    )
    ids.shared = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'partners', 'photo'],
      images: [image],
      extra: { title: 'Compartida', campaigns: [campaign], contentNotes: ['detention'] },
    })
    ids.siteOnly = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: { title: 'Solo en el sitio', campaigns: [campaign] },
    })
    expectStatus(
      await api.post(
        '/api/partners',
        { organisation: 'Aliada', allowedOrigins: [allowed.origin], campaigns: [campaign] },
        { token: people.admin.token },
      ),
      201,
    )
  })
  afterAll(async () => {
    await allowed?.close()
    await other?.close()
  })

  it('shows only partner-consented items, with its own styles, no cookies and no other hosts', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const hosts = new Set<string>()
    page.on('request', (request) => hosts.add(new URL(request.url()).origin))
    await page.goto(allowed.origin)
    const cards = page.locator('relato-gallery article')
    await cards.first().waitFor()
    expect(await cards.count()).toBe(1)
    const title = cards.first().locator('a').first()
    expect(await title.textContent()).toContain('Compartida')
    expect(await title.evaluate((element) => getComputedStyle(element).color)).not.toBe(
      'rgb(255, 0, 0)',
    )
    expect(await page.locator('relato-gallery img').first().getAttribute('alt')).toBe(
      'Un mural de colores',
    )
    expect([...hosts].sort()).toEqual([allowed.origin, app.server.url].sort())
    expect(await context.cookies()).toEqual([])
    expect(await page.evaluate(() => document.cookie)).toBe('')
    await context.close()
  })

  it('can be used with the keyboard alone', async () => {
    const page = await browser.newPage()
    await page.goto(allowed.origin)
    await page.locator('relato-gallery article').first().waitFor()
    const focusedInside = () =>
      page.evaluate(() => {
        const host = document.querySelector('relato-gallery')
        const active = host?.shadowRoot?.activeElement
        return active ? `${active.tagName.toLowerCase()}:${active.textContent?.trim()}` : null
      })
    const reached: string[] = []
    for (let step = 0; step < 8; step++) {
      await page.keyboard.press('Tab')
      const inside = await focusedInside()
      if (inside) reached.push(inside)
    }
    expect(reached.some((entry) => entry.startsWith('a:') && entry.includes('Compartida'))).toBe(
      true,
    )
    await expectAccessible(page)
    await page.close()
  })

  it('frames the iframe version only inside the partner origins allowed for the campaign', async () => {
    const page = await browser.newPage()
    await page.goto(allowed.origin)
    const framed = page.frameLocator('iframe').locator('relato-gallery article')
    await framed.first().waitFor()
    expect(await framed.count()).toBe(1)

    const refused = await browser.newPage()
    const blocked: string[] = []
    refused.on('console', (message) => blocked.push(message.text()))
    await refused.goto(other.origin)
    await refused.locator('relato-gallery article').first().waitFor()
    await refused.waitForTimeout(500)
    const frame = refused
      .frames()
      .find((candidate) => candidate.url().includes('/embed/we-are-home'))
    const count = frame
      ? await frame
          .locator('relato-gallery article')
          .count()
          .catch(() => 0)
      : 0
    expect(count).toBe(0)
    await page.close()
    await refused.close()
  })

  it('shows a content note first and keeps the image blurred until the reader shows it with the keyboard', async () => {
    const page = await browser.newPage()
    await page.goto(allowed.origin)
    const card = page.locator('relato-gallery article').first()
    await card.waitFor()
    await expect(card.locator('.note').textContent()).resolves.toBe('Aviso de contenido: Detención')
    const filter = () => card.locator('img').evaluate((image) => getComputedStyle(image).filter)
    expect(await filter()).toMatch(/^blur/)
    // Reached with Tab alone, like every other control.
    const focused = () =>
      page.evaluate(() => {
        const active = document.querySelector('relato-gallery')?.shadowRoot?.activeElement
        return active ? `${active.tagName.toLowerCase()}:${active.textContent?.trim()}` : null
      })
    let reached = false
    for (let step = 0; step < 8 && !reached; step++) {
      await page.keyboard.press('Tab')
      reached = (await focused()) === 'button:Mostrar imagen'
    }
    expect(reached).toBe(true)
    // The focus is visible on it.
    const outline = await card
      .locator('.media button')
      .evaluate((button) => getComputedStyle(button).outlineStyle)
    expect(outline).toBe('solid')
    await page.keyboard.press('Enter')
    expect(await filter()).toBe('none')
    expect(await focused()).toBe('button:Ocultar imagen')
    await expectAccessible(page)
    await page.keyboard.press('Space')
    expect(await filter()).toMatch(/^blur/)
    await page.close()
  })

  it('does the same without a script in the one-item embed, in both languages', async () => {
    // axe is injected as a script, which this page's CSP would block.
    const context = await browser.newContext({ bypassCSP: true })
    const page = await context.newPage()
    for (const [lang, note, show] of [
      ['es', 'Aviso de contenido: Detención', 'Mostrar la imagen'],
      ['en', 'Content note: Detention', 'Show the image'],
    ]) {
      await page.goto(`${app.server.url}/embed/stories/${ids.shared}?lang=${lang}`)
      await expect(page.locator('.n').textContent()).resolves.toBe(note)
      const filter = () => page.locator('img').evaluate((image) => getComputedStyle(image).filter)
      expect(await filter()).toMatch(/^blur/)
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('reveal')
      await expect(page.getByLabel(show).count()).resolves.toBe(1)
      await page.keyboard.press('Space')
      expect(await filter()).toBe('none')
      await expectAccessible(page)
    }
    await context.close()
  })
})
