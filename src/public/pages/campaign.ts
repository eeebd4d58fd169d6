import type { Locale } from '../../lib/locales'
import { escapeHtml } from '../../lib/html'
import { itemGrid, TEXT, withLang } from '../../ui'
import type { PublicReadModel } from '../readModel'
import { type SitePage, sitePage } from './page'
import { helpBlock } from './resources'

const SLUG = /^[a-z0-9-]{1,80}$/
// Validated when saved; checked again because it goes into a style sheet.
const COLOUR = /^#[0-9a-f]{3,8}$/i

/** `/campaigns/:slug`: a public campaign and its first 50 items; null when there is none. */
export function campaignPage(model: PublicReadModel, slug: string, lang: Locale): SitePage | null {
  const campaign = SLUG.test(slug) ? model.campaign('site', slug, lang) : null
  if (!campaign) return null
  const text = TEXT[lang]
  const items =
    model.gallery({ surface: 'site', locale: lang, campaign: slug, page: 1, limit: 50 })?.items ??
    []
  const path = `/campaigns/${campaign.slug}`
  const hashtags = campaign.hashtags.map((tag) => `#${tag.replace(/^#/, '')}`).join(' ')
  const header =
    `<header class="campaign-header"><h1>${escapeHtml(campaign.title)}</h1>` +
    (campaign.summary ? `<p>${escapeHtml(campaign.summary)}</p>` : '') +
    (hashtags ? `<p class="hashtags">${escapeHtml(hashtags)}</p>` : '') +
    (campaign.callToAction
      ? `<p><a class="button" href="${escapeHtml(campaign.callToAction.url)}" rel="noopener">${escapeHtml(campaign.callToAction.label)}</a></p>`
      : '') +
    `</header>`
  return sitePage({
    lang,
    path,
    title: campaign.title,
    content: `${header}${itemGrid(items, lang)}${helpBlock(model, [campaign.slug], lang)}<p><a href="${escapeHtml(withLang('/gallery', lang))}">${text.allItems}</a></p>`,
    meta: {
      title: campaign.title,
      description: campaign.summary,
      path,
      base: model.baseUrl,
      lang,
      image: campaign.brand.logo,
    },
    inlineStyle: COLOUR.test(campaign.brand.accentColor)
      ? `.campaign-header{border-color:${campaign.brand.accentColor}}`
      : undefined,
  })
}
