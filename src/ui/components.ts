import { escapeHtml } from '../lib/html'
import type { Locale } from '../lib/locales'
import type { GalleryItem, ImageRef } from '../public/types'
import { TEXT, withLang } from './i18n'

// Pieces of the public pages, as HTML text. Every value from the data is escaped here.

const LIST_SIZES = '(min-width: 60rem) 30vw, (min-width: 40rem) 45vw, 100vw'

/** A responsive image: every rendition the API lists goes into `srcset` (no image optimizer). */
export function picture(image: ImageRef, sizes: string, priority = false): string {
  const src = image.srcset[0]?.url ?? image.url
  const srcset = image.srcset.map((entry) => `${entry.url} ${entry.width}w`).join(', ')
  return `<img src="${escapeHtml(src)}" srcset="${escapeHtml(srcset)}" sizes="${sizes}" width="${image.width}" height="${image.height}" alt="${escapeHtml(image.alt)}" loading="${priority ? 'eager' : 'lazy'}" decoding="async">`
}

export const pathOf = (item: Pick<GalleryItem, 'kind' | 'id'>): string =>
  `/${item.kind === 'story' ? 'stories' : 'artworks'}/${encodeURIComponent(item.id)}`

/** The labels of an item's content notes, or null when it has none. */
export const contentNoteLabels = (item: GalleryItem): string | null =>
  item.contentNotes?.length ? item.contentNotes.map((note) => note.label).join(', ') : null

/** One story or artwork in a list: the whole title is the link; the rest describes it. */
export function itemCard(item: GalleryItem, lang: Locale, headingLevel: 2 | 3 = 2): string {
  const text = TEXT[lang]
  const heading = `h${headingLevel}`
  const notes = contentNoteLabels(item)
  const image = item.image ? `<div class="card-image">${picture(item.image, LIST_SIZES)}</div>` : ''
  return (
    `<article class="card${notes ? ' sensitive' : ''}" lang="${escapeHtml(item.language)}">${image}<div class="card-body">` +
    `<p class="kind" lang="${lang}">${item.kind === 'story' ? text.story : text.artwork}</p>` +
    `<${heading}><a href="${escapeHtml(withLang(pathOf(item), lang))}">${escapeHtml(item.title)}</a></${heading}>` +
    (notes
      ? `<p class="note" lang="${lang}">${text.contentNote}: <span lang="${escapeHtml(item.language)}">${escapeHtml(notes)}</span></p>`
      : '') +
    (item.excerpt ? `<p>${escapeHtml(item.excerpt)}</p>` : '') +
    `<p class="attribution" lang="${lang}">${text.by} ${escapeHtml(item.attribution)}</p></div></article>`
  )
}

/** A list of cards, or the "nothing yet" line. */
export function itemGrid(items: GalleryItem[], lang: Locale): string {
  if (!items.length) return `<p>${TEXT[lang].empty}</p>`
  return `<ul class="grid" role="list">${items.map((item) => `<li>${itemCard(item, lang)}</li>`).join('')}</ul>`
}
