import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { beforeAll, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { createCampaign } from '../helpers/site'
import { describeWithBrowser, expectAccessible, useBrowser } from '../helpers/browser'
import { expectStatus } from '../helpers/fixtures'
import { toneWav } from '../helpers/audio'
import { publishedStory, secondEditor } from '../helpers/stories'
import { recordingOf } from '../helpers/voiceStory'

// Issue 16 in Chromium: /resources and a story page's help block, in Spanish, with axe finding
// nothing serious or critical, and a know-your-rights card readable with its phone link.
describeWithBrowser('resources in a real browser', () => {
  const app = useTestApp('sqlite', { editor: 'editor', teller: 'storyteller' })
  const browser = useBrowser()
  let story: string
  let card: string

  beforeAll(async () => {
    const { api, people } = app
    const campaign = await createCampaign(app, people.editor.token, {
      slug: 'en-casa',
      title: 'En casa',
      status: 'live',
    })
    story = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: { title: 'Llamadas de domingo', language: 'es', campaigns: [campaign] },
    })
    const second = await secondEditor(app)
    // The card read aloud in Spanish (issue 16: for people who do not read).
    const spoken = await recordingOf(app, 'editor', toneWav(2))
    const create = async (data: Record<string, unknown>, es: Record<string, unknown>) => {
      const id = expectStatus(
        await api.post(
          '/api/resources?locale=en',
          { nextReviewAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), ...data },
          { token: people.editor.token },
        ),
        201,
      ).body.doc.id as string
      expectStatus(
        await api.patch(`/api/resources/${id}?locale=es`, es, { token: people.editor.token }),
        200,
      )
      for (const [status, token] of [
        ['in_review', people.editor.token],
        ['approved', second.token],
        ['published', people.editor.token],
      ])
        expectStatus(await api.patch(`/api/resources/${id}`, { status }, { token }), 200)
      return id
    }
    card = await create(
      {
        kind: 'know-your-rights',
        title: 'Your rights at the door',
        summary: 'Keep this card by the door.',
        card: { doThis: 'Keep the door closed.', toAgent: 'I choose to stay silent.' },
        phones: [{ number: '+1 213 555 0142', hours: 'Every day', languages: ['en', 'es'] }],
        languages: ['en', 'es'],
        campaigns: [campaign],
        area: 'Los Angeles County',
        url: 'https://example.org/rights',
        audio: [{ language: 'es', recording: spoken.id }],
      },
      {
        title: 'Sus derechos en la puerta',
        summary: 'Tenga esta tarjeta junto a la puerta.',
        card: { doThis: 'Mantenga la puerta cerrada.', toAgent: 'Elijo quedarme en silencio.' },
      },
    )
    await create(
      { kind: 'mental-health', title: 'Support line', languages: ['es', 'zap'] },
      { title: 'Línea de apoyo' },
    )
  })

  it('shows /resources and a story help block in Spanish with no serious or critical axe violations', async () => {
    // axe is injected as a script, which the pages' CSP (no scripts at all) would block.
    const page = await browser.newPage({ bypassCSP: true })
    const requested: string[] = []
    page.on('request', (request) => requested.push(request.url()))

    expect((await page.goto(`${app.server.url}/resources?lang=es`))?.status()).toBe(200)
    expect(await page.locator('h1').textContent()).toBe('Conozca sus derechos y dónde pedir ayuda')
    const article = page.locator(`#resource-${card}`)
    expect(await article.locator('h3').textContent()).toBe('Sus derechos en la puerta')
    expect(await article.textContent()).toContain('Elijo quedarme en silencio.')
    expect(await article.getByRole('link', { name: '+1 213 555 0142' }).getAttribute('href')).toBe(
      'tel:+12135550142',
    )
    expect(await page.getByRole('heading', { name: 'Línea de apoyo' }).count()).toBe(1)
    // The story pages' player, in the card's article: plays its 2 s, never by itself.
    const player = article.locator('audio')
    expect(await player.getAttribute('aria-label')).toBe('Grabación: Sus derechos en la puerta')
    await player.evaluate(
      (element: HTMLAudioElement) =>
        element.readyState >= 1 ||
        new Promise((resolve) => element.addEventListener('loadedmetadata', resolve)),
    )
    const heard = await player.evaluate((element: HTMLAudioElement) => ({
      duration: element.duration,
      autoplay: element.autoplay,
      paused: element.paused,
    }))
    expect(Math.abs(heard.duration - 2)).toBeLessThan(0.5)
    expect(heard).toMatchObject({ autoplay: false, paused: true })
    await expectAccessible(page, '/resources es')

    expect((await page.goto(`${app.server.url}/stories/${story}?lang=es`))?.status()).toBe(200)
    const help = page.getByRole('complementary', { name: 'Dónde pedir ayuda' })
    expect(await help.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'Sus derechos en la puerta',
      'Línea de apoyo',
    ])
    await help.getByRole('link', { name: 'Todos los recursos' }).click()
    await page.waitForURL(/\/resources\?lang=es$/)
    await page.goBack()
    await expectAccessible(page, 'story help block es')
    // Everything came from the site itself.
    expect(requested.filter((url) => !url.startsWith(app.server.url))).toEqual([])
    await page.close()
  }, 240_000)

  it('shows the campaign\'s resources in a partner\'s <relato-gallery kind="resources">', async () => {
    const page = await browser.newPage()
    // A partner's page on another origin (another port of this machine).
    const html = `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Aliado</title></head><body><main><h1>Aliado</h1>
      <relato-gallery kind="resources" campaign="en-casa" lang="es"></relato-gallery>
      <script src="${app.server.url}/embed.js"></script></main></body></html>`
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(html)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const partner = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    await page.goto(partner)
    const embed = page.locator('relato-gallery')
    await embed.getByRole('heading', { name: 'Sus derechos en la puerta' }).waitFor()
    expect(await embed.getByText('Elijo quedarme en silencio.').count()).toBe(1)
    expect(await embed.getByRole('link', { name: '+1 213 555 0142' }).getAttribute('href')).toBe(
      'tel:+12135550142',
    )
    // Only the campaign's own: the support line is not in it.
    expect(await embed.getByRole('heading', { name: 'Línea de apoyo' }).count()).toBe(0)
    await page.close()
    await new Promise((done) => server.close(done))
  }, 120_000)
})
