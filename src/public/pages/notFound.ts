import type { Locale } from '../../lib/locales'
import { TEXT } from '../../ui'
import { type SitePage, sitePage } from './page'

/**
 * The one answer for every site address that shows nothing: an item that never existed and one
 * that is not (or no longer) public get the very same bytes, so the page tells nobody which.
 */
export function notFoundPage(lang: Locale): SitePage {
  const other: Locale = lang === 'en' ? 'es' : 'en'
  const content = `<h1>${TEXT[lang].notFound}</h1><p lang="${other}">${TEXT[other].notFound}</p><p><a href="/gallery?lang=${lang}">${TEXT[lang].gallery}</a> · <a href="/gallery?lang=${other}" lang="${other}">${TEXT[other].gallery}</a></p>`
  return sitePage(
    { lang, path: '/gallery', title: TEXT[lang].notFound, content, noindex: true },
    404,
  )
}
