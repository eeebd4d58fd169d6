import type { Locale } from '../../lib/locales'
import { escapeHtml } from '../../lib/html'
import { TEXT, withLang } from '../../ui'
import type { PublicReadModel } from '../readModel'
import { type SitePage, sitePage } from './page'

/** `/`: what Relato is, and the way to the gallery. */
export function homePage(model: PublicReadModel, lang: Locale): SitePage {
  const text = TEXT[lang]
  const content = `<h1>Relato</h1><p>${text.tagline}</p><p><a class="button" href="${escapeHtml(withLang('/gallery', lang))}">${text.gallery}</a></p>`
  return sitePage({
    lang,
    path: '/',
    title: text.site,
    content,
    meta: { title: text.site, description: text.tagline, path: '/', base: model.baseUrl, lang },
  })
}
