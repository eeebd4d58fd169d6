import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import type { SubjectKind } from '@/policy'

import { localeOf } from '../i18n'
import { pageMetadata } from '../metadata'
import { publicReadModel } from '../readModel'
import { ItemPage } from './ItemPage'

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

/** The page and metadata of a public story or artwork; both read the same read-model entry. */
export function itemRoute(kind: SubjectKind) {
  async function load({ params, searchParams }: Props) {
    const [{ id }, query] = await Promise.all([params, searchParams])
    const lang = localeOf(query)
    const model = await publicReadModel()
    return { lang, model, item: model.item('site', kind, id, lang) }
  }

  async function generateMetadata(props: Props): Promise<Metadata> {
    const { lang, model, item } = await load(props)
    if (!item) return { title: 'Relato', robots: { index: false } }
    return pageMetadata({ title: item.title, description: item.excerpt, path: `/${kind}/${item.id}`, base: model.baseUrl, lang, image: item.image, oembed: true })
  }

  async function Page(props: Props) {
    const { lang, item } = await load(props)
    if (!item) notFound()
    return <ItemPage item={item} lang={lang} />
  }

  return { generateMetadata, Page }
}
