import { createHash } from 'node:crypto'
import type { Payload, PayloadRequest, Where } from 'payload'

import { relationId } from '../lib/relations'
import { DEFAULT_BRAND } from '../lib/brand'
import { licence } from '../lib/licences'
import { DEFAULT_LOCALE, isLocale, type Locale, type LocalizedDoc } from '../lib/locales'
import { excerpt, slateToPlainText } from '../lib/slate'
import { subjectKey } from '../lib/subjects'
import {
  PUBLIC_CAMPAIGN_STATUSES,
  type Scope,
  type SocialView,
  socialView,
  type SubjectKind,
  visibleWhere,
} from '../policy'
import { pick } from '../public'
import { camelHashtag } from './captions'
import { type CardKind, FORMAT_NAMES, type FormatName } from './formats'

// What a campaign's kit should hold right now: the items the policy lets appear on the social
// surface, and for each the cards it may have, each with a hash of everything it is drawn from.

/** Bump when the drawing changes, so that every kit is drawn again. */
export const RENDER_VERSION = 2

export type KitCampaign = {
  id: string
  slug: string
  doc: LocalizedDoc
  languages: Locale[]
  hashtags: string[]
  isPublic: boolean
}
export type KitItem = { kind: SubjectKind; doc: LocalizedDoc }

export type MediaDoc = LocalizedDoc & {
  filename?: string | null
  alt?: unknown
  focalX?: number | null
  focalY?: number | null
  updatedAt?: string
}

export type PlannedAsset = {
  key: string
  subject: string
  card: CardKind
  format: FormatName
  lang: Locale
  hash: string
  needs: Scope[]
  /** Media drawn into the card: the item's image; the logo is the campaign's. */
  media: MediaDoc | null
  quote: string
  title: string
  attribution: string
  licence: string
  hashtag: string
  /** A know-your-rights card's hotline line (number and hours), as planned. */
  hotline?: string | null
}

// System reads: the visibility rule is in the `where` and in `socialView`.
const all = { locale: 'all', depth: 0, pagination: false, overrideAccess: true } as const

export function toCampaign(doc: LocalizedDoc): KitCampaign {
  const languages = ((doc.languages as string[] | undefined) ?? []).filter(isLocale)
  return {
    id: String(doc.id),
    slug: String(doc.slug),
    doc,
    languages: languages.length ? languages : [DEFAULT_LOCALE],
    hashtags: ((doc.hashtags as string[] | undefined) ?? []).map(camelHashtag),
    isPublic: (PUBLIC_CAMPAIGN_STATUSES as readonly string[]).includes(String(doc.status)),
  }
}

/** Every public campaign, by slug (one read). */
export async function publicCampaigns(payload: Payload): Promise<Map<string, KitCampaign>> {
  const { docs } = await payload.find({
    collection: 'campaigns',
    where: { status: { in: [...PUBLIC_CAMPAIGN_STATUSES] } },
    ...all,
  })
  return new Map(
    docs
      .map((doc) => toCampaign(doc as unknown as LocalizedDoc))
      .map((campaign) => [campaign.slug, campaign]),
  )
}

export async function campaignBySlug(payload: Payload, slug: string): Promise<KitCampaign | null> {
  const { docs } = await payload.find({
    collection: 'campaigns',
    where: { slug: { equals: slug } },
    limit: 1,
    ...all,
    pagination: true,
  })
  return docs[0] ? toCampaign(docs[0] as unknown as LocalizedDoc) : null
}

export async function campaignById(
  payload: Payload,
  id: string,
  req?: PayloadRequest,
): Promise<KitCampaign | null> {
  const doc = await payload.findByID({
    collection: 'campaigns',
    id,
    ...all,
    req,
    disableErrors: true,
  })
  return doc ? toCampaign(doc as unknown as LocalizedDoc) : null
}

/** The campaign's stories and artworks that the policy lets appear on the social surface now. */
export async function eligibleItems(
  payload: Payload,
  campaign: KitCampaign,
  now: Date,
  req?: PayloadRequest,
): Promise<KitItem[]> {
  if (!campaign.isPublic) return []
  const featured =
    (campaign.doc.featured as { relationTo: SubjectKind; value: unknown }[] | undefined) ?? []
  const featuredIds = (kind: SubjectKind) =>
    featured
      .filter((entry) => entry.relationTo === kind)
      .map((entry) => String(relationId(entry.value)))
  const storyIds = featuredIds('stories')
  const artworkIds = featuredIds('artworks')
  const inCampaign: Where[] = [
    { campaigns: { in: [campaign.id] } },
    ...(storyIds.length ? [{ id: { in: storyIds } }] : []),
  ]
  // One after the other: `req` may carry a transaction, whose session runs one operation at a time.
  const stories = await payload.find({
    collection: 'stories',
    where: { and: [visibleWhere('social', now), { or: inCampaign }] },
    ...all,
    req,
  })
  const artworks = artworkIds.length
    ? await payload.find({
        collection: 'artworks',
        where: { and: [visibleWhere('social', now), { id: { in: artworkIds } }] },
        ...all,
        req,
      })
    : { docs: [] }
  const rank = (kind: SubjectKind, id: unknown) => {
    const index = featured.findIndex(
      (entry) => entry.relationTo === kind && String(relationId(entry.value)) === String(id),
    )
    return index < 0 ? Number.MAX_SAFE_INTEGER : index
  }
  const items: KitItem[] = [
    ...stories.docs.map((doc) => ({
      kind: 'stories' as const,
      doc: doc as unknown as LocalizedDoc,
    })),
    ...artworks.docs.map((doc) => ({
      kind: 'artworks' as const,
      doc: doc as unknown as LocalizedDoc,
    })),
  ]
  // Featured first, in the editors' order; then by id, so the kit's order is stable.
  return items
    .filter((item) => socialView(item.kind, item.doc, now, DEFAULT_LOCALE))
    .sort(
      (a, b) =>
        rank(a.kind, a.doc.id) - rank(b.kind, b.doc.id) ||
        String(a.doc.id).localeCompare(String(b.doc.id)),
    )
}

export const licenceName = (code: unknown, lang: Locale) => licence(code)?.name[lang] ?? ''

/** The words a story's quote card shows: its pull quote, else the start of its body, else its title. */
export function quoteOf(view: SocialView, lang: Locale, language: string): string {
  const fields = view.projection.fields
  const text = (name: string) =>
    pick(fields[name] as Record<Locale, string> | string | undefined, lang, language)
  return (
    text('pullQuote')?.trim() ||
    excerpt(slateToPlainText(pick(fields.body, lang, language)), 280) ||
    text('title') ||
    ''
  )
}

/** Text of an item in a language, for captions and credits. */
export function itemTexts(kind: SubjectKind, view: SocialView, lang: Locale, language: string) {
  const fields = view.projection.fields
  const title = pick(fields.title as Record<Locale, string> | undefined, lang, language) ?? ''
  return {
    title,
    quote: kind === 'stories' ? quoteOf(view, lang, language) : title,
    licence: kind === 'artworks' ? licenceName(fields.licence, lang) : '',
  }
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex')

/** The cards of one item in one language and every format. */
export function planItem(
  campaign: KitCampaign,
  item: KitItem,
  lang: Locale,
  now: Date,
  media: Map<string, MediaDoc>,
  logo: MediaDoc | null,
): PlannedAsset[] {
  const view = socialView(item.kind, item.doc, now, lang)
  if (!view) return []
  const language = typeof item.doc.language === 'string' ? item.doc.language : DEFAULT_LOCALE
  const { title, quote, licence } = itemTexts(item.kind, view, lang, language)
  const fields = view.projection.fields
  const imageIds = (item.kind === 'stories' ? ((fields.images as unknown[]) ?? []) : [fields.image])
    .map(relationId)
    .filter((id) => id !== undefined)
  const image =
    view.imagesAllowed && imageIds.length ? (media.get(String(imageIds[0])) ?? null) : null
  const cards: { card: CardKind; needs: Scope[]; media: MediaDoc | null }[] =
    item.kind === 'stories'
      ? [
          { card: 'quote', needs: view.needs, media: null },
          ...(image?.filename
            ? [{ card: 'photo' as const, needs: [...view.needs, 'photo' as const], media: image }]
            : []),
        ]
      : image?.filename
        ? [{ card: 'artwork', needs: view.needs, media: image }]
        : []
  const subject = subjectKey(item.kind, item.doc.id)
  const brand = (campaign.doc.brand ?? {}) as { primaryColor?: string; accentColor?: string }
  const hashtag = campaign.hashtags.slice(0, 2).join(' ')
  const common = {
    v: RENDER_VERSION,
    lang,
    attribution: view.projection.attribution,
    hashtag,
    brand: {
      primary: brand.primaryColor ?? DEFAULT_BRAND.primaryColor,
      accent: brand.accentColor ?? DEFAULT_BRAND.accentColor,
      logo: logo ? [logo.id, logo.filename, logo.updatedAt] : null,
    },
  }
  return cards.flatMap(({ card, needs, media: drawn }) =>
    FORMAT_NAMES.map((format) => {
      const inputs = {
        ...common,
        card,
        format,
        quote: card === 'quote' ? quote : '',
        title: card === 'artwork' ? title : '',
        licence: card === 'artwork' ? licence : '',
        media: drawn
          ? [
              drawn.id,
              drawn.filename,
              drawn.updatedAt,
              drawn.focalX,
              drawn.focalY,
              pick(drawn.alt as Record<Locale, string>, lang),
            ]
          : null,
      }
      return {
        key: [campaign.id, subject, card, format, lang].join('|'),
        subject,
        card,
        format,
        lang,
        hash: hashOf(inputs),
        needs,
        media: drawn,
        quote: inputs.quote,
        title: inputs.title,
        attribution: view.projection.attribution,
        licence: inputs.licence,
        hashtag,
      }
    }),
  )
}

/**
 * Every card the kit should hold now in the given languages. A stored card whose key is not
 * here, or whose hash differs, shows what is no longer true (an old name, quote or photo): it
 * is never served, and the job draws its replacement.
 */
export async function planKit(
  payload: Payload,
  campaign: KitCampaign,
  items: KitItem[],
  langs: Locale[],
  at: Date,
  req?: PayloadRequest,
) {
  const logoId = relationId((campaign.doc.brand as { logo?: unknown } | undefined)?.logo)
  const media = await mediaOf(payload, items, logoId === undefined ? null : String(logoId), req)
  const logo = logoId === undefined ? null : (media.get(String(logoId)) ?? null)
  return {
    plan: langs.flatMap((lang) =>
      items.flatMap((item) => planItem(campaign, item, lang, at, media, logo)),
    ),
    logo,
  }
}

/** Media documents the items may show, by id (read as the system; the policy chose the ids). */
export async function mediaOf(
  payload: Payload,
  items: KitItem[],
  logoId: string | null,
  req?: PayloadRequest,
): Promise<Map<string, MediaDoc>> {
  const ids = new Set<string>(logoId ? [logoId] : [])
  for (const { kind, doc } of items) {
    const raw = kind === 'stories' ? ((doc.images as unknown[]) ?? []).slice(0, 1) : [doc.image]
    for (const value of raw) if (relationId(value) !== undefined) ids.add(String(relationId(value)))
  }
  if (!ids.size) return new Map()
  const { docs } = await payload.find({
    collection: 'media',
    where: { id: { in: [...ids] } },
    ...all,
    req,
  })
  return new Map(docs.map((doc) => [String(doc.id), doc as unknown as MediaDoc]))
}
