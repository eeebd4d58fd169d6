import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { ItemCard } from '../../components/ItemCard'
import { SiteShell, withLang } from '../../components/SiteShell'
import { localeOf, TEXT } from '../../i18n'
import { pageMetadata } from '../../metadata'
import { publicReadModel } from '../../readModel'

export const dynamic = 'force-dynamic'

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

async function load({ params, searchParams }: Props) {
  const [{ slug }, query] = await Promise.all([params, searchParams])
  const lang = localeOf(query)
  const model = await publicReadModel()
  const campaign = /^[a-z0-9-]{1,80}$/.test(slug) ? model.campaign('site', slug, lang) : null
  const items = campaign ? (model.gallery({ surface: 'site', locale: lang, campaign: slug, page: 1, limit: 50 })?.items ?? []) : []
  return { lang, model, campaign, items }
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { lang, model, campaign } = await load(props)
  if (!campaign) return { title: 'Relato', robots: { index: false } }
  return pageMetadata({ title: campaign.title, description: campaign.summary, path: `/campaigns/${campaign.slug}`, base: model.baseUrl, lang, image: campaign.brand.logo })
}

export default async function CampaignPage(props: Props) {
  const { lang, campaign, items } = await load(props)
  if (!campaign) notFound()
  const text = TEXT[lang]
  return (
    <SiteShell lang={lang} path={`/campaigns/${campaign.slug}`}>
      <header className="campaign-header" style={{ borderColor: campaign.brand.accentColor }}>
        <h1>{campaign.title}</h1>
        {campaign.summary ? <p>{campaign.summary}</p> : null}
        {campaign.hashtags.length ? <p className="hashtags">{campaign.hashtags.map((tag) => `#${tag.replace(/^#/, '')}`).join(' ')}</p> : null}
        {campaign.callToAction ? (
          <p>
            <a className="button" href={campaign.callToAction.url} rel="noopener">
              {campaign.callToAction.label}
            </a>
          </p>
        ) : null}
      </header>
      {items.length === 0 ? (
        <p>{text.empty}</p>
      ) : (
        <ul className="grid" role="list">
          {items.map((item) => (
            <li key={`${item.kind}-${item.id}`}>
              <ItemCard item={item} lang={lang} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={withLang('/gallery', lang)}>{text.allItems}</a>
      </p>
    </SiteShell>
  )
}
