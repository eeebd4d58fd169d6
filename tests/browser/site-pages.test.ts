import { beforeAll, expect, it } from 'vitest'

import { itemArticle } from '../../src/public/pages/item'
import { sitePage } from '../../src/public/pages/page'
import type { StoryDetail } from '../../src/public/types'
import { useTestApp } from '../helpers/app'
import { describeWithBrowser, expectAccessible, useBrowser } from '../helpers/browser'
import { monarchsArtwork, siteImageAndCampaign } from '../helpers/site'
import { publishedStory } from '../helpers/stories'

// The site pages rendered by our own server, in Chromium: axe finds nothing serious or critical,
// and a content note keeps the images blurred until the reader asks, without JavaScript.
describeWithBrowser('site pages in a real browser', () => {
  const app = useTestApp('sqlite', { editor: 'editor', teller: 'storyteller', artist: 'artist' })
  const browser = useBrowser()
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    const { imageId, campaignId: campaign } = await siteImageAndCampaign(app, 'editor', {
      callToAction: { label: 'Join us', url: 'https://example.org/join' },
    })
    ids.story = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'named', 'photo'],
      images: [imageId],
      extra: {
        title: 'Sunday calls',
        displayName: 'J. P.',
        location: 'Huntington Park',
        pullQuote: 'Her voice is my home.',
        campaigns: [campaign],
        body: [{ children: [{ text: 'On Sundays I call my mother.' }] }],
      },
    })
    ids.artwork = await monarchsArtwork(app, { artist: 'artist', editor: 'editor', imageId })
  })

  // axe is injected as a script, which the pages' CSP (no scripts at all) would block.
  const newPage = () => browser.newPage({ bypassCSP: true })

  it('has no serious or critical axe violations on any page, in either language', async () => {
    const page = await newPage()
    const requested: string[] = []
    page.on('request', (request) => requested.push(request.url()))
    for (const lang of ['en', 'es']) {
      for (const path of [
        '/',
        '/gallery',
        `/stories/${ids.story}`,
        `/artworks/${ids.artwork}`,
        '/campaigns/we-are-home',
        '/stories/999999',
      ]) {
        const response = await page.goto(`${app.server.url}${path}?lang=${lang}`)
        expect(response?.status(), path).toBe(path === '/stories/999999' ? 404 : 200)
        expect(await page.getAttribute('html', 'lang')).toBe(lang)
        // The stylesheet applied: the skip link sits above the page until focused.
        expect(
          await page.locator('.skip').evaluate((link) => getComputedStyle(link).position),
        ).toBe('absolute')
        await expectAccessible(page, `${path} ${lang}`)
      }
    }
    // Everything came from the site itself.
    expect(requested.filter((url) => !url.startsWith(app.server.url))).toEqual([])
    await page.close()
  }, 240_000)

  it('moves focus from the skip link to the content, and follows a card to its story', async () => {
    const page = await newPage()
    await page.goto(`${app.server.url}/gallery?lang=es`)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content')
    await page.getByRole('link', { name: 'Sunday calls' }).click()
    await page.waitForURL(new RegExp(`/stories/${ids.story}\\?lang=es$`))
    expect(await page.locator('h1').textContent()).toBe('Sunday calls')
    expect(await page.getByText('Por J. P.').count()).toBe(1)
    const loaded = await page
      .locator('figure img')
      .evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)
    expect(loaded).toBe(true)
    await page.close()
  }, 120_000)

  it('keeps images blurred behind a content note until the reader ticks the box, with JavaScript off', async () => {
    const detail = (await (
      await fetch(`${app.server.url}/api/public/stories/${ids.story}`)
    ).json()) as StoryDetail
    const noted: StoryDetail = {
      ...detail,
      contentNotes: [{ code: 'family-separation', label: 'Family separation' }],
    }
    const html = sitePage({
      lang: 'en',
      path: `/stories/${detail.id}`,
      title: detail.title,
      content: itemArticle(noted, 'en'),
    }).html
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    // Served at the site's own address, so its stylesheet and images load from the real server.
    const address = `${app.server.url}/content-note-preview`
    await page.route(address, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    )
    await page.goto(address)
    expect(await page.getByRole('note').textContent()).toContain('Content note: Family separation')
    const filter = () =>
      page.locator('figure img').evaluate((image) => getComputedStyle(image).filter)
    expect(await filter()).toMatch(/^blur\(/)
    await page.getByLabel('Show the images').check()
    expect(await filter()).toBe('none')
    await page.getByLabel('Show the images').uncheck()
    expect(await filter()).toMatch(/^blur\(/)
    await context.close()
    // And axe (which needs scripts) finds nothing serious in it either.
    const scanned = await newPage()
    await scanned.route(address, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    )
    await scanned.goto(address)
    await expectAccessible(scanned, 'content note')
    await scanned.close()
  }, 120_000)
})
