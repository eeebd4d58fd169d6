import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { monarchsArtwork, siteImageAndCampaign } from '../helpers/site'
import { publishedStory, withdrawConsent } from '../helpers/stories'

// The public site's pages, answered by our own server from the read model (src/public/pages).
const SECRETS = {
  legalName: 'LEGAL-site-canary',
  contactEmail: 'site-canary@example.org',
  contactPhone: '+1-555-0142',
}
const HIDDEN_NAME = 'Hidden Name Canary'

describeEachDatabase('site pages', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller', artist: 'artist' })
  const ids: Record<string, string> = {}

  type Page = { status: number; headers: Headers; text: string }
  const get = async (
    path: string,
    headers: Record<string, string> = {},
    method = 'GET',
  ): Promise<Page> => {
    const response = await fetch(`${app.server.url}${path}`, { headers, method })
    return { status: response.status, headers: response.headers, text: await response.text() }
  }
  const meta = (html: string, property: string) =>
    new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`).exec(html)?.[1]

  beforeAll(async () => {
    const { api, people } = app
    const { imageId, campaignId: campaign } = await siteImageAndCampaign(app, 'editor')
    expectStatus(
      await api.patch(
        `/api/campaigns/${campaign}?locale=es`,
        { title: 'Estamos en casa', summary: 'Aquí estamos.' },
        { token: people.editor.token },
      ),
      200,
    )
    ids.named = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'partners', 'named', 'photo'],
      images: [imageId],
      extra: {
        title: 'The bakery',
        displayName: 'Rosa M.',
        location: 'Boyle Heights',
        campaigns: [campaign],
        ...SECRETS,
        body: [{ children: [{ text: 'Four in the morning <script>alert(1)</script>' }] }],
      },
    })
    ids.anonymous = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      images: [imageId],
      extra: { title: 'Sunday calls', displayName: HIDDEN_NAME, ...SECRETS },
    })
    ids.hidden = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Not yet public', language: 'en', ...SECRETS },
        { token: people.teller.token },
      ),
      201,
    ).body.doc.id
    ids.withdrawn = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: { title: 'Changed my mind' },
    })
    await withdrawConsent(app, 'stories', ids.withdrawn, 'teller')
    ids.artwork = await monarchsArtwork(app, { artist: 'artist', editor: 'editor', imageId })
  })

  it('serves the home page and the gallery in English and Spanish, from ?lang= or Accept-Language', async () => {
    const home = await get('/')
    expect(home.status).toBe(200)
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(home.text).toContain('<title>Relato · Relato</title>')
    expect(home.headers.get('x-test-served-by')).toBeNull()

    const gallery = await get('/gallery')
    expect(gallery.status).toBe(200)
    expect(gallery.text).toMatch(/^<!doctype html><html lang="en">/)
    expect(gallery.text).toContain('<title>Gallery · Relato</title>')
    for (const title of ['The bakery', 'Sunday calls', 'Monarchs'])
      expect(gallery.text).toContain(`>${title}</a>`)
    for (const title of ['Not yet public', 'Changed my mind'])
      expect(gallery.text).not.toContain(title)
    expect(gallery.text).toContain(`href="/stories/${ids.named}?lang=en"`)
    expect(gallery.text).toMatch(/srcset="[^"]+ 400w, /)
    expect(meta(gallery.text, 'og:title')).toBe('Gallery')
    expect(gallery.headers.get('content-language')).toBe('en')

    const spanish = await get('/gallery?lang=es')
    expect(spanish.text).toMatch(/^<!doctype html><html lang="es">/)
    expect(spanish.text).toContain('<title>Galería · Relato</title>')
    expect(spanish.text).toContain('Por Rosa M.')
    expect(spanish.text).toContain('alt="Un mural"')
    // The browser's language, when the address names none; the address wins over it.
    expect((await get('/gallery', { 'accept-language': 'es-MX,es;q=0.9' })).text).toBe(spanish.text)
    expect((await get('/gallery?lang=en', { 'accept-language': 'es-MX' })).text).toBe(gallery.text)
    expect(gallery.headers.get('vary')).toContain('Accept-Language')
  })

  it('serves a story with Open Graph, oEmbed discovery, srcset and its escaped body', async () => {
    const page = await get(`/stories/${ids.named}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<title>The bakery · Relato</title>')
    expect(page.text).toContain('<h1>The bakery</h1>')
    expect(page.text).toContain('By Rosa M.')
    expect(page.text).toContain('Four in the morning &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page.text).not.toContain('<script')
    expect(page.text).toContain(`href="/campaigns/we-are-home?lang=en"`)
    expect(meta(page.text, 'og:title')).toBe('The bakery')
    expect(meta(page.text, 'og:type')).toBe('article')
    expect(meta(page.text, 'og:url')).toBe(`${app.server.url}/stories/${ids.named}`)
    expect(meta(page.text, 'og:image')).toMatch(/\/api\/media\/file\//)
    expect(meta(page.text, 'twitter:card')).toBe('summary_large_image')
    const oembed = /<link rel="alternate" href="([^"]+)" type="application\/json\+oembed">/.exec(
      page.text,
    )?.[1]
    expect(oembed).toBe(
      `${app.server.url}/api/public/oembed?url=${encodeURIComponent(`${app.server.url}/stories/${ids.named}`)}&amp;format=json`,
    )
    const discovered = await fetch(oembed!.replace('&amp;', '&'))
    expect(((await discovered.json()) as { title: string }).title).toBe('The bakery')
    expect(page.text).toMatch(
      /<img src="[^"]+" srcset="[^"]+ 400w, [^"]+" sizes="\(min-width: 48rem\) 48rem, 100vw" width="900" height="600" alt="A test image" loading="eager"/,
    )
    // Images come from the site's own address; nothing loads from elsewhere.
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")

    const spanish = await get(`/stories/${ids.named}?lang=es`)
    expect(spanish.text).toContain('<div lang="es" class="site">')
    expect(spanish.text).toContain('Por Rosa M.')
  })

  it('serves an artwork and a campaign page', async () => {
    const artwork = await get(`/artworks/${ids.artwork}`)
    expect(artwork.status).toBe(200)
    expect(artwork.text).toContain('<h1>Monarchs</h1>')
    expect(artwork.text).toContain('<dt>Licence</dt>')

    const campaign = await get('/campaigns/we-are-home')
    expect(campaign.status).toBe(200)
    expect(campaign.text).toContain('<h1>We are home</h1>')
    expect(campaign.text).toContain('#WeAreHome')
    expect(campaign.text).toContain('>The bakery</a>')
    expect(campaign.text).not.toContain('>Sunday calls</a>')
    // The accent colour is an inline style allowed by its hash, not by 'unsafe-inline'.
    const style = /<style>([^<]+)<\/style>/.exec(campaign.text)![1]
    expect(campaign.headers.get('content-security-policy')).toContain(
      `'sha256-${createHash('sha256').update(style).digest('base64')}'`,
    )
    expect(campaign.headers.get('content-security-policy')).not.toContain('unsafe-inline')
    const spanish = await get('/campaigns/we-are-home', { 'accept-language': 'es' })
    expect(spanish.text).toContain('<h1>Estamos en casa</h1>')
  })

  it('answers the same 404 page for what never existed and what is not public', async () => {
    const answers = await Promise.all(
      [
        `/stories/${ids.hidden}`,
        `/stories/${ids.withdrawn}`,
        '/stories/999999',
        '/stories/%E0',
        '/stories/',
        '/stories',
        '/stories/a/b',
        `/artworks/${ids.named}`,
        '/campaigns/nope',
        '/campaigns/Not_A_Slug',
        '/gallery/x',
      ].map(async (path) => ({ path, ...(await get(path)) })),
    )
    for (const answer of answers) {
      expect(answer.status, answer.path).toBe(404)
      expect(answer.headers.get('x-test-served-by'), answer.path).toBeNull()
      expect(answer.text, answer.path).toBe(answers[0].text)
      expect(answer.headers.get('etag'), answer.path).toBe(answers[0].headers.get('etag'))
    }
    expect(answers[0].text).toContain('This page is not available.')
    expect(answers[0].text).toContain('<meta name="robots" content="noindex">')
    expect(answers[0].text).not.toContain('Not yet public')
    expect((await get(`/stories/${ids.hidden}?lang=es`)).text).toContain(
      '<title>Esta página no está disponible. · Relato</title>',
    )
  })

  it('shows no private field on any page', async () => {
    const paths = [
      '/',
      '/gallery',
      '/gallery?lang=es',
      `/stories/${ids.named}`,
      `/stories/${ids.anonymous}`,
      `/stories/${ids.anonymous}?lang=es`,
      `/stories/${ids.hidden}`,
      `/artworks/${ids.artwork}`,
      '/campaigns/we-are-home',
    ]
    for (const path of paths) {
      const { text } = await get(path)
      for (const secret of [...Object.values(SECRETS), HIDDEN_NAME, 'Not yet public'])
        expect(text, path).not.toContain(secret)
    }
    expect((await get(`/stories/${ids.anonymous}`)).text).toContain('By Anonymous')
  })

  it('answers If-None-Match with 304, HEAD without a body, other methods with 405', async () => {
    const first = await get(`/stories/${ids.named}`)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]{27}"$/)
    expect(first.headers.get('cache-control')).toBe('public, max-age=30')
    const again = await get(`/stories/${ids.named}`, { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(again.text).toBe('')
    // Another language is another page.
    expect((await get(`/stories/${ids.named}?lang=es`, { 'if-none-match': etag })).status).toBe(200)

    const head = await get(`/stories/${ids.named}`, {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.text).toBe('')
    expect(head.headers.get('etag')).toBe(etag)
    expect(head.headers.get('content-length')).toBe(first.headers.get('content-length'))
    expect(head.headers.get('content-encoding')).toBe(first.headers.get('content-encoding'))
    expect((await get('/stories/999999', {}, 'HEAD')).status).toBe(404)

    const post = await get('/gallery', {}, 'POST')
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    expect(JSON.parse(post.text)).toEqual({
      error: { code: 'method_not_allowed', message: expect.any(String) },
    })
  })

  it('serves the stylesheet under its content hash, cached for a year, also to the self-service pages', async () => {
    const href = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{16}\.css)">/.exec(
      (await get('/')).text,
    )?.[1]
    expect(href).toBeDefined()
    const css = await get(href!)
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(css.text).toContain('.skip:focus')
    expect(createHash('sha256').update(css.text).digest('hex').slice(0, 16)).toBe(
      href!.slice('/assets/site.'.length, -'.css'.length),
    )
    expect((await get('/assets/site.0000000000000000.css')).status).toBe(404)
    const submit = await get('/submit')
    expect(submit.text).toContain(`<link rel="stylesheet" href="${href}">`)
    expect(submit.text).toContain('<link rel="stylesheet" href="/self-service.css">')
    expect(submit.text).toContain('<a class="skip" href="#content">')
  })

  describe('after a withdrawal', () => {
    it('removes the page and the gallery card in the very next request', async () => {
      const id = await publishedStory(app, {
        author: 'teller',
        editor: 'editor',
        scopes: ['gallery'],
        extra: { title: 'Short lived' },
      })
      const before = await get(`/stories/${id}`)
      expect(before.status).toBe(200)
      const gallery = await get('/gallery')
      expect(gallery.text).toContain('Short lived')
      // Cached now: the next answer must still not come from these bytes.
      expect(
        (await get(`/stories/${id}`, { 'if-none-match': before.headers.get('etag')! })).status,
      ).toBe(304)
      await withdrawConsent(app, 'stories', id, 'teller')
      expect(
        (await get(`/stories/${id}`, { 'if-none-match': before.headers.get('etag')! })).status,
      ).toBe(404)
      const after = await get('/gallery', { 'if-none-match': gallery.headers.get('etag')! })
      expect(after.status).toBe(200)
      expect(after.text).not.toContain('Short lived')
    })
  })
})
