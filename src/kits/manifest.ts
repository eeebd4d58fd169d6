import type { Payload } from 'payload'

import { relationId } from '../lib/relations'
import { now } from '../lib/clock'
import { DEFAULT_LOCALE, type Locale, type LocalizedDoc } from '../lib/locales'
import { parseSubjectKey, subjectKey } from '../lib/subjects'
import {
  contentNoteLine,
  contentNotesOf,
  hasPublicPage,
  isHeldByPause,
  projectResource,
  type Scope,
  socialConsentCovers,
  socialView,
} from '../policy'
import { captions, type Platform } from './captions'
import type { CardKind, FormatName } from './formats'
import {
  campaignBySlug,
  eligibleItems,
  itemTexts,
  type KitCampaign,
  type KitItem,
  type MediaDoc,
  mediaOf,
  planItem,
} from './plan'
import {
  campaignName,
  campaignResources,
  isResourceSubject,
  nextResourceExpiry,
  planResource,
  resourceSubject,
  rightsText,
} from './resources'
import { rightsCaptions } from './rights'
import { usageNote } from './usage'

export type KitAsset = {
  id: string
  item: { kind: 'story' | 'artwork' | 'resource'; id: string }
  card: CardKind
  format: FormatName
  width: number
  height: number
  bytes: number
  mimeType: string
  url: string
  alt: string
  captions: Record<Platform, string>
  credit: string
}

export type KitManifest = {
  campaign: { slug: string; title: string; url: string; hashtags: string[] }
  lang: Locale
  languages: Locale[]
  assets: KitAsset[]
  credits: string[]
  usage: string
  zip: string
}

/** What the ZIP needs beyond the manifest: where each asset's bytes are. */
export type KitFile = {
  asset: KitAsset
  filename: string
  crc32: number
  subject: string
  needs: Scope[]
  name: string
}

export type StoredAsset = {
  lang: string
  id: string | number
  key: string
  hash: string
  subject: string
  card: CardKind
  format: FormatName
  needs?: Scope[] | null
  filename: string
  mimeType: string
  bytes: number
  crc32: number
  width: number
  height: number
  alt: string
}

const CARD_ORDER: CardKind[] = ['quote', 'photo', 'artwork', 'rights']

/** The credit line of an item, from the texts the manifest already wrote for it. */
const credit = (
  kind: KitItem['kind'],
  { title, licence }: { title: string; licence: string },
  attribution: string,
): string =>
  kind === 'artworks' ? `“${title}” — ${attribution}. ${licence}` : `“${title}” — ${attribution}`

/** What a stored asset shows, as the manifest names it. */
function itemOf(subject: string): KitAsset['item'] {
  if (isResourceSubject(subject))
    return { kind: 'resource', id: subject.slice(subject.indexOf('/') + 1) }
  const { kind, id } = parseSubjectKey(subject)!
  return { kind: kind === 'stories' ? 'story' : 'artwork', id }
}

export type LoadedKit = { campaign: KitCampaign; manifest: KitManifest; files: KitFile[] }

/**
 * Everything a campaign's kit is composed from, read once (src/kits/view.ts keeps it in memory
 * until a hook says it changed): the campaign, the items the policy lets appear on the social
 * surface at read time, every stored asset of every language, and the media they are drawn from.
 */
export type KitInputs = {
  campaign: KitCampaign
  items: KitItem[]
  /** Know-your-rights resources linked to the campaign, public when read (src/kits/resources.ts). */
  resources: LocalizedDoc[]
  assets: StoredAsset[]
  media: Map<string, MediaDoc>
  logo: MediaDoc | null
}

/** Reads a campaign's kit inputs from the database (null when the campaign is not public). */
export async function gatherKit(
  payload: Payload,
  campaign: KitCampaign | null,
  at: Date,
): Promise<KitInputs | null> {
  if (!campaign?.isPublic) return null
  const items = await eligibleItems(payload, campaign, at)
  const resources = await campaignResources(payload, campaign, at)
  const { docs } = await payload.find({
    collection: 'kit-assets',
    where: { campaign: { equals: campaign.id } },
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  const logoId = relationId((campaign.doc.brand as { logo?: unknown } | undefined)?.logo)
  const media = await mediaOf(payload, items, logoId === undefined ? null : String(logoId))
  const logo = logoId === undefined ? null : (media.get(String(logoId)) ?? null)
  return { campaign, items, resources, assets: docs as unknown as StoredAsset[], media, logo }
}

/**
 * The first moment after `at` at which an item's consent ends or a resource's review date
 * passes: the kit must be composed again then.
 */
export function nextExpiry(inputs: KitInputs, at: Date): number {
  let next = nextResourceExpiry(inputs.resources, at)
  for (const { doc } of inputs.items) {
    const expiresAt = (doc.consent as { expiresAt?: string | null } | undefined)?.expiresAt
    const time = expiresAt ? new Date(expiresAt).getTime() : Number.NaN
    if (time > at.getTime()) next = Math.min(next, time)
  }
  return next
}

/**
 * A campaign's kit in one language as it may be shown at `at`, from its inputs, with no read:
 * only assets whose item the policy still lets appear on the social surface, with the consent
 * each asset depends on. Captions and credits are written from the item as it is now, and a
 * card is served only while it shows the item as it is now (its hash matches the plan's). Null
 * when the campaign does not offer that language.
 */
export function composeKit(
  inputs: KitInputs,
  requested: Locale | null,
  baseUrl: string,
  at: Date,
): LoadedKit | null {
  const { campaign, media, logo } = inputs
  const lang = requested ?? campaign.languages[0]
  if (!campaign.languages.includes(lang)) return null
  // An item whose consent ended since the read, or that a paused campaign holds, is gone now.
  const items = inputs.items.filter(
    (item) =>
      socialView(item.kind, item.doc, at, DEFAULT_LOCALE) &&
      !isHeldByPause(item.kind, item.doc.id, (item.doc.campaigns as unknown[]) ?? []),
  )
  // A resource past its review date since the read is gone now too (the policy decides).
  const resources = inputs.resources.filter((doc) => projectResource(doc, at))
  const bySubject = new Map<string, KitItem>(
    items.map((item) => [subjectKey(item.kind, item.doc.id), item]),
  )
  const order = new Map<string, number>([
    ...items.map((item, index) => [subjectKey(item.kind, item.doc.id), index] as const),
    ...resources.map((doc, index) => [resourceSubject(doc.id), items.length + index] as const),
  ])
  const plan = [
    ...items.flatMap((item) => planItem(campaign, item, lang, at, media, logo)),
    ...resources.flatMap((doc) => planResource(campaign, doc, lang, at, logo)),
  ]
  const current = new Map(plan.map((asset) => [asset.key, asset.hash]))
  const stored = inputs.assets
    .filter((asset) => {
      if (asset.lang !== lang || current.get(asset.key) !== asset.hash) return false
      // A resource's card is planned only while the resource is public in this language.
      if (isResourceSubject(asset.subject)) return order.has(asset.subject)
      const item = bySubject.get(asset.subject)
      return item && socialConsentCovers(item.doc, asset.needs ?? ['social'], at)
    })
    .sort(
      (a, b) =>
        order.get(a.subject)! - order.get(b.subject)! ||
        CARD_ORDER.indexOf(a.card) - CARD_ORDER.indexOf(b.card) ||
        a.format.localeCompare(b.format),
    )

  const campaignTitle = (campaign.doc.title as Record<string, string> | string | undefined) ?? ''
  const title =
    typeof campaignTitle === 'string'
      ? campaignTitle
      : (campaignTitle[lang] ?? campaignTitle[DEFAULT_LOCALE] ?? '')
  const campaignUrl = `${baseUrl}/campaigns/${campaign.slug}?lang=${lang}`
  const perItem = new Map<string, { captions: Record<Platform, string>; credit: string }>()
  for (const item of items) {
    const view = socialView(item.kind, item.doc, at, lang)
    if (!view) continue
    const language = typeof item.doc.language === 'string' ? item.doc.language : DEFAULT_LOCALE
    const texts = itemTexts(item.kind, view, lang, language)
    const link = hasPublicPage(item.doc, at)
      ? `${baseUrl}/${item.kind}/${item.doc.id}?lang=${lang}`
      : campaignUrl
    perItem.set(subjectKey(item.kind, item.doc.id), {
      captions: captions({
        text: texts.quote,
        attribution: view.projection.attribution,
        link,
        hashtags: campaign.hashtags,
        locale: lang,
        note: contentNoteLine(contentNotesOf(view.projection.fields.contentNotes, lang), lang),
      }),
      credit: credit(item.kind, texts, view.projection.attribution),
    })
  }
  for (const doc of resources) {
    const words = rightsText(projectResource(doc, at)!, lang)
    if (!words) continue
    const from = campaignName(campaign, lang)
    perItem.set(resourceSubject(doc.id), {
      captions: rightsCaptions({
        ...words,
        link: `${baseUrl}/resources?lang=${lang}`,
        hashtags: campaign.hashtags,
        locale: lang,
      }),
      credit: `“${words.title}” — ${from}`,
    })
  }

  const base = `${baseUrl}/api/public/campaigns/${campaign.slug}`
  const files: KitFile[] = stored.map((asset) => {
    const item = itemOf(asset.subject)
    const extension = asset.mimeType === 'image/png' ? 'png' : 'jpg'
    const texts = perItem.get(asset.subject)!
    const entry: KitAsset = {
      id: String(asset.id),
      item,
      card: asset.card,
      format: asset.format,
      width: asset.width,
      height: asset.height,
      bytes: asset.bytes,
      mimeType: asset.mimeType,
      url: `${base}/kit/files/${asset.id}.${extension}`,
      alt: asset.alt,
      captions: texts.captions,
      credit: texts.credit,
    }
    const number = String((order.get(asset.subject) ?? 0) + 1).padStart(2, '0')
    return {
      asset: entry,
      filename: asset.filename,
      crc32: asset.crc32,
      subject: asset.subject,
      needs: asset.needs ?? ['social'],
      name: `images/${number}-${entry.item.kind}-${asset.card}-${asset.format}.${extension}`,
    }
  })
  const manifest: KitManifest = {
    campaign: { slug: campaign.slug, title, url: campaignUrl, hashtags: campaign.hashtags },
    lang,
    languages: campaign.languages,
    assets: files.map((file) => file.asset),
    credits: [...new Set(files.map((file) => file.asset.credit))],
    usage: usageNote(lang, `${base}/kit?lang=${lang}`),
    zip: `${base}/kit.zip?lang=${lang}`,
  }
  return { campaign, manifest, files }
}

/** A kit read and composed in one go (scripts and tests; the server answers from src/kits/view.ts). */
export async function loadKit(
  payload: Payload,
  slug: string,
  requested: Locale | null,
  baseUrl: string,
): Promise<LoadedKit | null> {
  const at = now()
  const inputs = await gatherKit(payload, await campaignBySlug(payload, slug), at)
  return inputs && composeKit(inputs, requested, baseUrl, at)
}
