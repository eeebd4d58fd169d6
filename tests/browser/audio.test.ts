import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeWithBrowser, launchBrowser, seriousA11yViolations } from '../helpers/browser'
import { expectStatus } from '../helpers/fixtures'
import {
  ffmpegTone,
  liveCampaign,
  publishedVoiceStory,
  type Recording,
  recordingOf,
} from '../helpers/voiceStory'

// Issue 18: a published recording plays in a story page, the one-item embed and
// <relato-gallery> in a real Chromium, under the pages' own CSP; axe finds nothing serious.

const SECONDS = 3
const TRANSCRIPT = 'We came in 2009. My daughter was born here.'

/** A partner's page on another origin embedding the campaign with the script. */
function partnerSite(relato: string) {
  const html = `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Aliada</title></head>
    <body><main><h1>Nuestra página</h1>
    <relato-gallery campaign="we-are-home" lang="es"></relato-gallery>
    <script src="${relato}/embed.js"></script></main></body></html>`
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(html)
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

type Played = { duration: number; paused: boolean; autoplay: boolean; currentSrc: string }

/** Waits for the player's metadata (the length), then reads what the element reports. */
async function played(audio: Locator): Promise<Played> {
  await audio.evaluate(
    (element: HTMLAudioElement) =>
      new Promise<void>((resolve, reject) => {
        if (element.readyState >= 1) return resolve()
        element.addEventListener('loadedmetadata', () => resolve(), { once: true })
        element.addEventListener('error', () => reject(new Error('media error')), { once: true })
        setTimeout(() => reject(new Error(`no metadata: ${element.networkState}`)), 20_000)
      }),
  )
  return audio.evaluate((element: HTMLAudioElement) => ({
    duration: element.duration,
    paused: element.paused,
    autoplay: element.autoplay,
    currentSrc: element.currentSrc,
  }))
}

describeWithBrowser('recordings play in a real browser', () => {
  const app = useTestApp('sqlite', { editor: 'editor', teller: 'storyteller', admin: 'admin' })
  let browser: Browser
  let partner: Awaited<ReturnType<typeof partnerSite>>
  let recording: Recording
  let story: string

  beforeAll(async () => {
    const campaign = await liveCampaign(app, 'editor', 'we-are-home')
    recording = await recordingOf(app, 'teller', await ffmpegTone(SECONDS))
    story = await publishedVoiceStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'partners', 'voice'],
      recording,
      transcript: TRANSCRIPT,
      extra: { title: 'At home', campaigns: [campaign] },
    })
    partner = await partnerSite(app.server.url)
    expectStatus(
      await app.api.post(
        '/api/partners',
        { organisation: 'Aliada', allowedOrigins: [partner.origin], campaigns: [campaign] },
        { token: app.people.admin.token },
      ),
      201,
    )
    browser = await launchBrowser()
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await partner?.close()
  })

  /** A context under the pages' own CSP that records every refusal it reports. */
  async function strict(): Promise<{ context: BrowserContext; page: Page; refused: string[] }> {
    const context = await browser.newContext()
    const page = await context.newPage()
    const refused: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/i.test(message.text())) refused.push(message.text())
    })
    return { context, page, refused }
  }

  const expectPlays = (result: Played) => {
    expect(Number.isFinite(result.duration)).toBe(true)
    expect(Math.abs(result.duration - SECONDS)).toBeLessThan(0.5)
    expect(result.paused).toBe(true)
    expect(result.autoplay).toBe(false)
    // Chromium takes the first source it can play: the Opus in WebM.
    expect(result.currentSrc).toBe(
      `${app.server.url}/api/recordings/audio/${recording.opusFilename}`,
    )
  }

  it('the story page plays it under its own CSP, with the transcript reached by keyboard', async () => {
    const { context, page, refused } = await strict()
    await page.goto(`${app.server.url}/stories/${story}?lang=en`)
    expectPlays(await played(page.locator('audio')))
    expect(await page.locator('.listen h2').textContent()).toBe('Listen')
    expect(await page.locator('.transcript').textContent()).toContain(TRANSCRIPT)
    // Tab reaches the player and then the transcript's summary, which Enter opens.
    const reached: string[] = []
    for (let step = 0; step < 20 && !reached.includes('SUMMARY'); step++) {
      await page.keyboard.press('Tab')
      reached.push(await page.evaluate(() => document.activeElement?.tagName ?? ''))
    }
    expect(reached).toContain('AUDIO')
    expect(reached.indexOf('AUDIO')).toBeLessThan(reached.indexOf('SUMMARY'))
    await page.keyboard.press('Enter')
    expect(await page.locator('.transcript').evaluate((el: HTMLDetailsElement) => el.open)).toBe(
      true,
    )
    expect(await page.locator('.transcript div').isVisible()).toBe(true)
    expect(refused).toEqual([])
    await context.close()
  })

  it('the one-item embed and <relato-gallery> on a partner page play it too, with the transcript', async () => {
    const { context, page, refused } = await strict()
    await page.goto(`${app.server.url}/embed/stories/${story}?lang=es`)
    expectPlays(await played(page.locator('audio')))
    expect(await page.locator('.transcript').textContent()).toContain(TRANSCRIPT)

    await page.goto(partner.origin)
    const card = page.locator('relato-gallery article').first()
    await card.waitFor()
    expectPlays(await played(card.locator('audio')))
    expect(await card.locator('audio').getAttribute('aria-label')).toBe('Grabación: At home')
    await card.locator('details').waitFor()
    expect(await card.locator('details').textContent()).toContain(TRANSCRIPT)
    const focused = () =>
      page.evaluate(
        () => document.querySelector('relato-gallery')?.shadowRoot?.activeElement?.tagName ?? '',
      )
    const reached: string[] = []
    for (let step = 0; step < 10 && !reached.includes('SUMMARY'); step++) {
      await page.keyboard.press('Tab')
      reached.push(await focused())
    }
    expect(reached).toContain('AUDIO')
    await page.keyboard.press('Enter')
    expect(await card.locator('details > div').isVisible()).toBe(true)
    // The iframe version of the campaign, under its own CSP (top level here: it is framed by
    // the partner's origins only).
    await page.goto(`${app.server.url}/embed/we-are-home?lang=es`)
    const framed = page.locator('relato-gallery article').first()
    await framed.waitFor()
    expectPlays(await played(framed.locator('audio')))
    expect(refused).toEqual([])
    await context.close()
  })

  it('axe finds nothing serious on the page and the embeds, in English and Spanish', async () => {
    // axe is injected as a script, which the pages' CSP would block.
    const context = await browser.newContext({ bypassCSP: true })
    const page = await context.newPage()
    for (const lang of ['en', 'es']) {
      for (const path of [`/stories/${story}`, `/embed/stories/${story}`]) {
        await page.goto(`${app.server.url}${path}?lang=${lang}`)
        await played(page.locator('audio'))
        await page.locator('.transcript summary').click()
        expect(await seriousA11yViolations(page), `${path} ${lang}`).toEqual([])
      }
    }
    await page.goto(partner.origin)
    const card = page.locator('relato-gallery article').first()
    await card.locator('details').waitFor()
    await card.locator('summary').click()
    expect(await seriousA11yViolations(page), 'partner page').toEqual([])
    await context.close()
  })
})
