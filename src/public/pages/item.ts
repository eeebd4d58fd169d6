import type { Locale } from '../../lib/locales'
import { escapeHtml } from '../../lib/html'
import type { SubjectKind } from '../../policy'
import { contentNoteLabels, listenSection, pathOf, picture, TEXT, withLang } from '../../ui'
import type { PublicReadModel } from '../readModel'
import type { ItemDetail } from '../types'
import { type SitePage, sitePage } from './page'
import { helpBlock } from './resources'

const DETAIL_SIZES = '(min-width: 48rem) 48rem, 100vw'

/** `/stories/:id`, `/artworks/:id`: one public item; null when it is not public on the site. */
export function itemPage(
  model: PublicReadModel,
  kind: SubjectKind,
  id: string,
  lang: Locale,
): SitePage | null {
  const item = model.item('site', kind, id, lang)
  if (!item) return null
  const path = pathOf(item)
  return sitePage({
    lang,
    path,
    title: item.title,
    // A story is followed by where to get help (issue 16).
    content:
      itemArticle(item, lang) + (kind === 'stories' ? helpBlock(model, item.campaigns, lang) : ''),
    meta: {
      title: item.title,
      description: item.excerpt,
      path,
      base: model.baseUrl,
      lang,
      image: item.image,
      oembed: true,
    },
  })
}

/**
 * The item itself. Its body HTML comes from our own Slate serializer, which escapes all text.
 * With content notes, a plain note comes first and the images stay blurred until the reader
 * ticks the box (CSS only: `.reveal:checked ~ figure`).
 */
export function itemArticle(item: ItemDetail, lang: Locale): string {
  const text = TEXT[lang]
  const images = item.kind === 'story' ? item.images : item.image ? [item.image] : []
  const notes = contentNoteLabels(item)
  const figures = images
    .map((image, index) => `<figure>${picture(image, DETAIL_SIZES, index === 0)}</figure>`)
    .join('')
  const note = notes
    ? `<div class="content-note" role="note" lang="${lang}"><p><strong>${text.contentNote}:</strong> <span lang="${escapeHtml(item.language)}">${escapeHtml(notes)}</span></p>` +
      (images.length ? `<p>${text.imagesHidden}</p>` : '') +
      `</div>`
    : ''
  // The box is a sibling of the figures, before them, so that `~` reaches them.
  const reveal =
    notes && images.length
      ? `<input type="checkbox" class="reveal" id="reveal-images"><label class="reveal-label" for="reveal-images" lang="${lang}">${text.showImages}</label>`
      : ''
  const fact = (term: string, value: string) => `<dt>${term}</dt><dd>${value}</dd>`
  const facts = [
    item.kind === 'story' && item.location ? fact(text.place, escapeHtml(item.location)) : '',
    item.kind === 'story' && item.themes.length
      ? fact(text.themes, escapeHtml(item.themes.join(', ')))
      : '',
    item.kind === 'artwork'
      ? fact(
          text.licence,
          item.licence.url
            ? `<a href="${escapeHtml(item.licence.url)}" rel="license noopener">${escapeHtml(item.licence.name)}</a>`
            : escapeHtml(item.licence.name),
        )
      : '',
    item.publishedAt
      ? fact(
          text.published,
          `<time datetime="${escapeHtml(item.publishedAt)}">${new Date(item.publishedAt).toLocaleDateString(lang === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long' })}</time>`,
        )
      : '',
  ].join('')
  const campaigns = item.campaigns.length
    ? `<ul class="campaign-links" lang="${lang}">${item.campaigns.map((slug) => `<li><a href="${escapeHtml(withLang(`/campaigns/${slug}`, lang))}">${text.campaigns}: ${escapeHtml(slug)}</a></li>`).join('')}</ul>`
    : ''
  return (
    `<article class="item${notes ? ' sensitive' : ''}" lang="${escapeHtml(item.language)}"><header>` +
    `<p class="kind" lang="${lang}">${item.kind === 'story' ? text.story : text.artwork}</p>` +
    `<h1>${escapeHtml(item.title)}</h1>` +
    `<p class="attribution" lang="${lang}">${text.by} ${escapeHtml(item.attribution)}</p></header>` +
    note +
    reveal +
    figures +
    (item.kind === 'story' && item.pullQuote
      ? `<blockquote class="pull-quote">${escapeHtml(item.pullQuote)}</blockquote>`
      : '') +
    // The recording (only with `voice`) or the transcript alone, before the written text.
    listenSection(item, lang) +
    `<div class="prose">${item.bodyHtml}</div>` +
    `<dl class="facts" lang="${lang}">${facts}</dl>` +
    campaigns +
    `</article>`
  )
}
