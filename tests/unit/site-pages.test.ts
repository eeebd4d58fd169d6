import { describe, expect, it } from 'vitest'

import { itemArticle } from '../../src/public/pages/item'
import type { ImageRef, StoryDetail } from '../../src/public/types'
import { itemCard, SITE_CSS } from '../../src/ui'

const image: ImageRef = {
  url: 'http://x.test/a.png',
  width: 800,
  height: 600,
  alt: 'A kitchen',
  srcset: [
    { url: 'http://x.test/a-400.png', width: 400 },
    { url: 'http://x.test/a.png', width: 800 },
  ],
}
const story: StoryDetail = {
  id: '7',
  kind: 'story',
  title: 'The night <we> left',
  excerpt: 'We left at night.',
  attribution: 'Ana',
  image,
  language: 'en',
  campaigns: [],
  publishedAt: '2026-01-02T00:00:00.000Z',
  url: 'http://x.test/stories/7',
  bodyHtml: '<p>We left at night.</p>',
  pullQuote: null,
  contentNotes: [],
  location: null,
  themes: [],
  images: [image],
  audio: null,
  transcriptHtml: null,
}
const noted: StoryDetail = {
  ...story,
  contentNotes: [
    { code: 'violence', label: 'Violence' },
    { code: 'detention', label: 'Detention & <custody>' },
  ],
}

describe('content notes on the site pages', () => {
  it('puts a plain note before the images and body, and a box that unblurs the images without JavaScript', () => {
    const html = itemArticle(noted, 'en')
    expect(html).toContain('<article class="item sensitive"')
    expect(html).toContain(
      '<div class="content-note" role="note" lang="en"><p><strong>Content note:</strong> <span lang="en">Violence, Detention &amp; &lt;custody&gt;</span></p>',
    )
    const order = ['class="content-note"', 'class="reveal"', '<figure>', 'class="prose"'].map(
      (marker) => html.indexOf(marker),
    )
    expect(order.every((at) => at > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(html).toContain(
      '<input type="checkbox" class="reveal" id="reveal-images"><label class="reveal-label" for="reveal-images" lang="en">Show the images</label>',
    )
    // The stylesheet blurs them, and the ticked box (a sibling before the figures) undoes it.
    expect(SITE_CSS).toContain(
      '.sensitive figure img, .sensitive .card-image img { filter: blur(1.75rem); }',
    )
    expect(SITE_CSS).toContain('.reveal:checked ~ figure img { filter: none; }')
    expect(itemArticle(noted, 'es')).toContain('<strong>Aviso de contenido:</strong>')
  })

  it('adds nothing for an item without notes (absent or empty)', () => {
    for (const item of [story, { ...story, contentNotes: [] }]) {
      const html = itemArticle(item, 'en')
      expect(html).toContain('<article class="item" lang="en">')
      expect(html).not.toContain('content-note')
      expect(html).not.toContain('reveal')
      expect(html).toContain('<h1>The night &lt;we&gt; left</h1>')
    }
  })

  it('shows the note on gallery cards and blurs their image', () => {
    const card = itemCard(noted, 'en')
    expect(card).toContain(
      '<article class="card sensitive" lang="en"><div class="card-image"><img ',
    )
    expect(card).toContain(
      '<p class="note" lang="en">Content note: <span lang="en">Violence, Detention &amp; &lt;custody&gt;</span></p>',
    )
    expect(itemCard(story, 'en')).not.toContain('sensitive')
  })

  it('keeps a note without images to the note alone', () => {
    const html = itemArticle({ ...noted, images: [], image: null }, 'en')
    expect(html).toContain('class="content-note"')
    expect(html).not.toContain('reveal')
  })
})
