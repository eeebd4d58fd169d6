import type { IncomingMessage, ServerResponse } from 'node:http'

import { escapeHtml } from '../lib/html'
import { isLocale, type Locale } from '../lib/locales'
import { decodeSegment, requestUrl } from '../lib/request'
import { SLUG_PATTERN } from '../lib/slug'
import { subjectKey } from '../lib/subjects'
import { send } from '../server/send'
import { listenSection } from '../ui/audio'
import { campaignKey, GALLERY_KEY, surrogateKey } from './keys'
import type { PublicReadModel } from './readModel'
import type { ItemDetail } from './types'

// The iframe versions of the embeds (/embed/:campaign, and /embed/stories|artworks/:id for
// oEmbed), served by Relato's server from the read model, on the `embed` surface. They may be
// framed only by the partners allowed to embed the campaign.

const TITLES = { en: 'Stories and art', es: 'Historias y arte' }
const NOT_FOUND = { en: 'Nothing to show here.', es: 'No hay nada que mostrar aquí.' }
const BY = { en: 'By', es: 'Por' }
const NOTE = { en: 'Content note', es: 'Aviso de contenido' }
const SHOW_IMAGE = { en: 'Show the image', es: 'Mostrar la imagen' }

function page(lang: Locale, title: string, body: string, style = ''): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>body{margin:0;font-family:system-ui,sans-serif;color:#1b1b1f;background:#fff}${style}</style></head><body>${body}</body></html>`
}

/**
 * One item for oEmbed. With content notes, a plain note comes first and the image stays blurred
 * until the reader ticks the box before it (CSS only, so it needs no script; a checkbox is
 * reachable and toggled with the keyboard).
 */
function itemCard(item: ItemDetail, lang: Locale): string {
  const notes = item.contentNotes.map((note) => note.label).join(', ')
  let image = item.image
    ? `<img src="${escapeHtml(item.image.srcset[0]?.url ?? item.image.url)}" srcset="${escapeHtml(item.image.srcset.map((entry) => `${entry.url} ${entry.width}w`).join(', '))}" sizes="100vw" width="${item.image.width}" height="${item.image.height}" alt="${escapeHtml(item.image.alt)}">`
    : ''
  if (notes && image)
    image = `<div class="s"><input type="checkbox" id="reveal"><label for="reveal" lang="${lang}">${SHOW_IMAGE[lang]}</label>${image}</div>`
  const note = notes
    ? `<p class="n" role="note" lang="${lang}">${NOTE[lang]}: <span lang="${escapeHtml(item.language)}">${escapeHtml(notes)}</span></p>`
    : ''
  return `<article lang="${escapeHtml(item.language)}">${note}${image}<div class="b"><h1><a href="${escapeHtml(item.url)}?lang=${lang}" target="_top" rel="noopener">${escapeHtml(item.title)}</a></h1><p>${escapeHtml(item.excerpt)}</p><p class="a" lang="${lang}">${BY[lang]} ${escapeHtml(item.attribution)}</p>${listenSection(item, lang)}</div></article>`
}

const CARD_STYLE =
  'article{max-width:40rem}img{width:100%;height:auto;display:block}.b{padding:.75rem 1rem}h1{font-size:1.25rem;margin:0 0 .5rem}a{color:#1d4ed8;display:inline-block;min-height:24px}a:focus-visible{outline:3px solid #b45309}.a{color:#4a4a55}' +
  '.n{margin:0;padding:.5rem 1rem;border-left:4px solid #4a4a55}.s{overflow:hidden;padding:.5rem 1rem 0}.s label{display:inline-block;min-height:24px;font-weight:600;margin-left:.35rem}.s input{width:1.25rem;height:1.25rem;vertical-align:middle}.s input:focus-visible{outline:3px solid #b45309;outline-offset:2px}.s img{margin-top:.5rem;filter:blur(1.5rem)}.s input:checked~img{filter:none}' +
  '.listen{margin-top:.75rem}.listen h2{font-size:1rem;margin:0 0 .5rem}audio{width:100%}.length{color:#4a4a55}summary{cursor:pointer;font-weight:600;min-height:24px;color:#1d4ed8}summary:focus-visible{outline:3px solid #b45309}'

const EMBED_ROUTE = new RegExp(`^/embed/(?:(stories|artworks)/([^/]+)|(${SLUG_PATTERN}))/?$`)

/** Answers /embed/…; returns false for any other path (including /embed.js). */
export function createEmbedHandler(model: PublicReadModel) {
  return function handleEmbed(req: IncomingMessage, res: ServerResponse): boolean {
    const url = requestUrl(req)
    const match = url && EMBED_ROUTE.exec(url.pathname)
    if (!match) return false
    const raw = url.searchParams.get('lang')
    const lang: Locale = isLocale(raw) ? raw : 'en'
    model.expire()
    let status = 200
    let html: string
    let ancestors: string[] = []
    // `gallery` too: who may frame the page is the partners', and a partner's change purges `gallery`.
    const keys = [GALLERY_KEY]
    if (match[3]) {
      keys.push(campaignKey(match[3]))
      const campaign = model.campaign('embed', match[3], lang)
      ancestors = campaign ? model.frameAncestors(campaign.slug) : []
      html = campaign
        ? page(
            lang,
            campaign.title,
            `<relato-gallery campaign="${escapeHtml(campaign.slug)}" lang="${lang}" surface="embed"></relato-gallery><script src="/embed.js"></script>`,
          )
        : page(lang, TITLES[lang], `<p>${NOT_FOUND[lang]}</p>`)
      if (!campaign) status = 404
    } else {
      const kind = match[1] as 'stories' | 'artworks'
      // An id that is not valid percent-encoding names nothing: the same page as an unknown id.
      const id = decodeSegment(match[2])
      if (id !== null) keys.push(subjectKey(kind, id))
      const item = id === null ? undefined : model.item('embed', kind, id, lang)
      ancestors = item
        ? [...new Set(item.campaigns.flatMap((slug) => model.frameAncestors(slug)))]
        : []
      html = item
        ? page(lang, item.title, itemCard(item, lang), CARD_STYLE)
        : page(lang, TITLES[lang], `<p>${NOT_FOUND[lang]}</p>`)
      if (!item) status = 404
    }
    send(res, status, html, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': [
        `frame-ancestors 'self'${ancestors.map((origin) => ` ${origin}`).join('')}`,
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
        "img-src 'self'",
        // The player's sound: our own /api/recordings/audio/ only.
        "media-src 'self'",
        "style-src 'unsafe-inline'",
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; '),
      'Cache-Control': 'public, max-age=30',
      'Surrogate-Key': surrogateKey(keys),
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    })
    return true
  }
}
