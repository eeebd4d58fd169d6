import type { Locale } from '../../lib/locales'
import { escapeHtml } from '../../lib/html'
import { itemGrid, TEXT, withLang } from '../../ui'
import type { PublicReadModel } from '../readModel'
import { type SitePage, sitePage } from './page'

export const GALLERY_PAGE_SIZE = 24

/** `?page=`: a whole number from 1 (anything else is the first page, as links from old pages may carry). */
export const galleryPageOf = (value: string | null): number =>
  value !== null && /^\d{1,5}$/.test(value) && Number(value) > 0 ? Number(value) : 1

/** `/gallery`: every public story and artwork on the site, newest first, 24 a page. */
export function galleryPage(model: PublicReadModel, lang: Locale, page: number): SitePage {
  const text = TEXT[lang]
  // The site surface always has a gallery (only a campaign filter can name none).
  const result = model.gallery({
    surface: 'site',
    locale: lang,
    page,
    limit: GALLERY_PAGE_SIZE,
  }) ?? { items: [], totalItems: 0 }
  const totalPages = Math.max(1, Math.ceil(result.totalItems / GALLERY_PAGE_SIZE))
  const link = (to: number, rel: string, label: string) =>
    `<a href="${escapeHtml(withLang(`/gallery?page=${to}`, lang))}" rel="${rel}">${label}</a>`
  const pager =
    totalPages > 1
      ? `<nav class="pager" aria-label="${text.page(page, totalPages)}">${page > 1 ? link(page - 1, 'prev', text.previous) : ''}<span>${text.page(page, totalPages)}</span>${page < totalPages ? link(page + 1, 'next', text.next) : ''}</nav>`
      : ''
  return sitePage({
    lang,
    path: page > 1 ? `/gallery?page=${page}` : '/gallery',
    title: text.gallery,
    content: `<h1>${text.gallery}</h1><p>${text.tagline}</p>${itemGrid(result.items, lang)}${pager}`,
    meta: {
      title: text.gallery,
      description: text.tagline,
      path: '/gallery',
      base: model.baseUrl,
      lang,
    },
  })
}
