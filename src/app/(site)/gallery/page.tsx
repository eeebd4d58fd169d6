import type { Metadata } from 'next'

import { ItemCard } from '../components/ItemCard'
import { SiteShell, withLang } from '../components/SiteShell'
import { localeOf, TEXT } from '../i18n'
import { pageMetadata } from '../metadata'
import { publicReadModel } from '../readModel'

export const dynamic = 'force-dynamic'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

const PAGE_SIZE = 24

const pageOf = (value: unknown) => (typeof value === 'string' && /^\d{1,5}$/.test(value) && Number(value) > 0 ? Number(value) : 1)

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const lang = localeOf(await searchParams)
  const model = await publicReadModel()
  return pageMetadata({ title: TEXT[lang].gallery, description: TEXT[lang].tagline, path: '/gallery', base: model.baseUrl, lang })
}

export default async function GalleryPage({ searchParams }: Props) {
  const params = await searchParams
  const lang = localeOf(params)
  const text = TEXT[lang]
  const page = pageOf(params.page)
  const model = await publicReadModel()
  const result = model.gallery({ surface: 'site', locale: lang, page, limit: PAGE_SIZE })!
  const totalPages = Math.max(1, Math.ceil(result.totalItems / PAGE_SIZE))
  return (
    <SiteShell lang={lang} path={page > 1 ? `/gallery?page=${page}` : '/gallery'}>
      <h1>{text.gallery}</h1>
      <p>{text.tagline}</p>
      {result.items.length === 0 ? (
        <p>{text.empty}</p>
      ) : (
        <ul className="grid" role="list">
          {result.items.map((item) => (
            <li key={`${item.kind}-${item.id}`}>
              <ItemCard item={item} lang={lang} />
            </li>
          ))}
        </ul>
      )}
      {totalPages > 1 ? (
        <nav className="pager" aria-label={text.page(page, totalPages)}>
          {page > 1 ? <a href={withLang(`/gallery?page=${page - 1}`, lang)} rel="prev">{text.previous}</a> : null}
          <span>{text.page(page, totalPages)}</span>
          {page < totalPages ? <a href={withLang(`/gallery?page=${page + 1}`, lang)} rel="next">{text.next}</a> : null}
        </nav>
      ) : null}
    </SiteShell>
  )
}
