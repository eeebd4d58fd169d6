import { beforeAll, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { toneWav } from '../helpers/audio'
import { describeEachDatabase } from '../helpers/databases'
import { grantConsent, withdrawConsent } from '../helpers/stories'
import {
  liveCampaign,
  publishedVoiceStory,
  type Recording,
  recordingOf,
} from '../helpers/voiceStory'

// Issue 18, public side: the player and transcript on the site's pages and the embeds, JSON
// Feed attachments and oEmbed. A recording appears only with `voice` consent; without it,
// nothing on any surface names its file.

const TRANSCRIPT = 'We came in 2009.\n\nMy daughter was born here.'
const TRANSCRIPT_HTML = '<p>We came in 2009.</p><p>My daughter was born here.</p>'
const SILENT_TRANSCRIPT = 'Only the words may be shared.'

describeEachDatabase('recordings on the public side', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller' })
  const ids: Record<string, string> = {}
  const recordings: Record<string, Recording> = {}

  type Page = { status: number; headers: Headers; text: string }
  const get = async (path: string): Promise<Page> => {
    const response = await fetch(`${app.server.url}${path}`)
    return { status: response.status, headers: response.headers, text: await response.text() }
  }
  /** The `media-src` directive of a page's CSP (and proof there is only one). */
  const mediaSrc = (page: Page) => {
    const directives = (page.headers.get('content-security-policy') ?? '')
      .split(';')
      .map((part) => part.trim())
    expect(directives).toContain("default-src 'none'")
    const media = directives.filter((part) => part.startsWith('media-src'))
    expect(media).toHaveLength(1)
    return media[0]
  }
  const audioUrl = (name: string) => `${app.server.url}/api/recordings/audio/${name}`
  /** The random part of a recording's names: both files share it. */
  const stem = (recording: Recording) => recording.filename.replace(/\.m4a$/, '')
  const feed = async () =>
    JSON.parse((await get('/api/public/campaigns/we-are-home/feed.json')).text)
  const feedItem = async (id: string) =>
    (await feed()).items.find((item: { id: string }) => item.id.endsWith(`/stories/${id}`))
  const oembed = (id: string) =>
    get(`/api/public/oembed?url=${encodeURIComponent(`${app.server.url}/stories/${id}`)}`)

  beforeAll(async () => {
    const campaign = await liveCampaign(app, 'editor', 'we-are-home')
    recordings.voiced = await recordingOf(app, 'teller', toneWav(2))
    recordings.silent = await recordingOf(app, 'teller', toneWav(3, 330))
    ids.voiced = await publishedVoiceStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'partners', 'voice'],
      recording: recordings.voiced,
      transcript: TRANSCRIPT,
      extra: { title: 'At home', campaigns: [campaign] },
    })
    ids.silent = await publishedVoiceStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'partners'],
      recording: recordings.silent,
      transcript: SILENT_TRANSCRIPT,
      extra: { title: 'Words only', campaigns: [campaign] },
    })
  }, 300_000)

  it('a story page plays the recording in both encodings, labelled in the reader’s language, with its length and transcript; its CSP lets media come from our origin only', async () => {
    const { voiced } = recordings
    const page = await get(`/stories/${ids.voiced}`)
    expect(page.status).toBe(200)
    const audio = /<audio [^>]*>/.exec(page.text)?.[0]
    expect(audio).toBe('<audio controls preload="metadata" aria-label="Recording: At home">')
    expect(page.text).not.toContain('autoplay')
    expect(page.text).toContain(
      `<source src="${audioUrl(voiced.opusFilename)}" type="audio/webm; codecs=opus">` +
        `<source src="${audioUrl(voiced.filename)}" type="audio/mp4">`,
    )
    expect(page.text).toContain('<h2 id="listen-heading" lang="en">Listen</h2>')
    expect(page.text).toContain('<section class="listen" aria-labelledby="listen-heading">')
    expect(page.text).toContain('Length: <time datetime="PT2S">0:02</time>')
    expect(page.text).toContain(
      `<details class="transcript"><summary lang="en">Read the transcript</summary><div lang="en">${TRANSCRIPT_HTML}</div></details>`,
    )
    expect(mediaSrc(page)).toBe(`media-src 'self' ${app.server.url}`)

    const spanish = await get(`/stories/${ids.voiced}?lang=es`)
    expect(spanish.text).toContain('aria-label="Grabación: At home"')
    expect(spanish.text).toContain('lang="es">Escuchar</h2>')
    expect(spanish.text).toContain('Duración: <time datetime="PT2S">0:02</time>')
    expect(spanish.text).toContain('<summary lang="es">Leer la transcripción</summary>')

    // The sources the page names are served, as the types it says.
    for (const [name, type] of [
      [voiced.opusFilename, 'audio/webm'],
      [voiced.filename, 'audio/mp4'],
    ]) {
      const res = await fetch(audioUrl(name))
      expect(res.status, name).toBe(200)
      expect(res.headers.get('content-type')).toContain(type)
      await res.arrayBuffer()
    }
  })

  it('the embeds play it too: the item iframe has the player and transcript, <relato-gallery> gets sources and length, and both iframes allow media from our origin only', async () => {
    const { voiced } = recordings
    const iframe = await get(`/embed/stories/${ids.voiced}?lang=es`)
    expect(iframe.status).toBe(200)
    expect(iframe.text).toContain(
      '<audio controls preload="metadata" aria-label="Grabación: At home">',
    )
    expect(iframe.text).toContain(`<source src="${audioUrl(voiced.opusFilename)}"`)
    expect(iframe.text).toContain(TRANSCRIPT_HTML)
    expect(iframe.text).not.toContain('autoplay')
    expect(mediaSrc(iframe)).toBe("media-src 'self'")
    expect(mediaSrc(await get('/embed/we-are-home'))).toBe("media-src 'self'")

    const gallery = JSON.parse(
      (await get('/api/public/gallery?campaign=we-are-home&surface=embed&lang=es')).text,
    )
    const byId = (id: string) => gallery.items.find((item: { id: string }) => item.id === id)
    expect(byId(ids.voiced).audio).toEqual({
      sources: [
        { url: audioUrl(voiced.opusFilename), type: 'audio/webm; codecs=opus' },
        { url: audioUrl(voiced.filename), type: 'audio/mp4' },
      ],
      duration: expect.closeTo(2, 0),
    })
    expect(byId(ids.silent).audio).toBeNull()
    // <relato-gallery> takes the transcript from the item's own answer.
    const detail = JSON.parse((await get(`/api/public/stories/${ids.voiced}?surface=embed`)).text)
    expect(detail.transcriptHtml).toBe(TRANSCRIPT_HTML)
  })

  it('JSON Feed items list the encodings as attachments with type, size and length; oEmbed stays rich and names no file', async () => {
    const { voiced } = recordings
    const item = await feedItem(ids.voiced)
    expect(item.attachments).toEqual([
      {
        url: audioUrl(voiced.opusFilename),
        mime_type: 'audio/webm; codecs=opus',
        duration_in_seconds: 2,
      },
      {
        url: audioUrl(voiced.filename),
        mime_type: 'audio/mp4',
        size_in_bytes: voiced.filesize,
        duration_in_seconds: 2,
      },
    ])
    expect(voiced.filesize).toBeGreaterThan(0)
    const res = await fetch(audioUrl(voiced.filename))
    expect((await res.arrayBuffer()).byteLength).toBe(voiced.filesize)

    const answer = await oembed(ids.voiced)
    expect(answer.status).toBe(200)
    const body = JSON.parse(answer.text)
    expect(body.type).toBe('rich')
    expect(body.html).toContain(`/embed/stories/${ids.voiced}`)
    expect(answer.text).not.toContain(stem(voiced))
    expect(answer.text).not.toContain('/api/recordings/')
    expect(answer.text).not.toContain('2009')
  })

  it('without voice consent no surface names the recording: the transcript alone is shown', async () => {
    const { silent } = recordings
    const page = await get(`/stories/${ids.silent}`)
    expect(page.status).toBe(200)
    expect(page.text).not.toContain('<audio')
    expect(page.text).toContain(
      `<section class="listen"><details class="transcript"><summary lang="en">Read the transcript</summary><div lang="en"><p>${SILENT_TRANSCRIPT}</p></div></details></section>`,
    )
    const surfaces = [
      page,
      await get(`/stories/${ids.silent}?lang=es`),
      await get(`/embed/stories/${ids.silent}`),
      await get(`/api/public/stories/${ids.silent}`),
      await get(`/api/public/stories/${ids.silent}?surface=embed`),
      await get('/api/public/gallery'),
      await get('/api/public/gallery?campaign=we-are-home&surface=embed'),
      await get('/api/public/campaigns/we-are-home/feed.json'),
      await get('/gallery'),
      await get('/campaigns/we-are-home'),
      await oembed(ids.silent),
    ]
    for (const answer of surfaces) {
      expect(answer.status).toBe(200)
      expect(answer.text).not.toContain(stem(silent))
    }
    expect((await feedItem(ids.silent)).attachments).toBeUndefined()
    expect((await get(`/embed/stories/${ids.silent}`)).text).not.toContain('<audio')
  })

  it('taking back voice removes the player before the request returns, and a withdrawal the page', async () => {
    const { voiced } = recordings
    // Warm every cache first.
    expect((await get(`/stories/${ids.voiced}`)).text).toContain('<audio')
    expect((await feedItem(ids.voiced)).attachments).toHaveLength(2)

    await grantConsent(app, 'stories', ids.voiced, 'teller', ['gallery', 'partners'])
    const page = await get(`/stories/${ids.voiced}`)
    expect(page.status).toBe(200)
    expect(page.text).not.toContain('<audio')
    expect(page.text).toContain(TRANSCRIPT_HTML)
    for (const answer of [
      page,
      await get(`/embed/stories/${ids.voiced}`),
      await get('/api/public/gallery?campaign=we-are-home&surface=embed'),
      await get('/api/public/campaigns/we-are-home/feed.json'),
    ])
      expect(answer.text).not.toContain(stem(voiced))
    expect((await fetch(audioUrl(voiced.opusFilename))).status).toBe(404)

    await withdrawConsent(app, 'stories', ids.voiced, 'teller')
    expect((await get(`/stories/${ids.voiced}`)).status).toBe(404)
    expect((await get(`/embed/stories/${ids.voiced}`)).status).toBe(404)
  })
})
