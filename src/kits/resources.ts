import { createHash } from 'node:crypto'
import type { Payload, PayloadRequest } from 'payload'

import { DEFAULT_BRAND } from '../lib/brand'
import { type Locale, type LocalizedDoc } from '../lib/locales'
import { subjectKey } from '../lib/subjects'
import { projectResource, type ProjectedResource } from '../policy'
import { FORMAT_NAMES } from './formats'
import type { KitCampaign, MediaDoc, PlannedAsset } from './plan'

// Know-your-rights cards in a campaign's kit (issue 16). Which resources and which languages is
// the policy's decision (projectResource, src/policy/resources.ts): a resource past its review
// date, archived, or a translation flagged `needsReview` plans no card, so the kit view stops
// serving its stored cards at once and the next build deletes them.

/** Bump when the drawing of a know-your-rights card changes. */
export const RIGHTS_RENDER_VERSION = 1

export const RESOURCE_SUBJECT = 'resources'
export const resourceSubject = (id: string | number) => subjectKey(RESOURCE_SUBJECT, id)
export const isResourceSubject = (subject: string) => subject.startsWith(`${RESOURCE_SUBJECT}/`)

/** A card's words in one language, or null when the resource shows no card in it now. */
export function rightsText(
  resource: ProjectedResource,
  lang: Locale,
): { title: string; doThis: string; hotline: string | null } | null {
  const text = resource.text[lang]
  const doThis = text?.card?.doThis?.trim()
  if (resource.kind !== 'know-your-rights' || !text || !doThis) return null
  const phone = resource.phones[0]
  return {
    title: text.title.trim(),
    doThis,
    hotline: phone?.number ? [phone.number, text.hours[0]].filter(Boolean).join(' · ') : null,
  }
}

/** Who the card is from: the campaign, in the card's language (Relato stores no organisation name). */
export function campaignName(campaign: KitCampaign, lang: Locale): string {
  const title = campaign.doc.title as Partial<Record<Locale, string>> | string | undefined
  if (typeof title === 'string') return title
  return title?.[lang] ?? title?.en ?? campaign.slug
}

/**
 * The published know-your-rights resources linked to the campaign (read as the system; the
 * policy then decides which are public now and in which languages).
 */
export async function campaignResources(
  payload: Payload,
  campaign: KitCampaign,
  at: Date,
  req?: PayloadRequest,
): Promise<LocalizedDoc[]> {
  if (!campaign.isPublic) return []
  const { docs } = await payload.find({
    collection: 'resources',
    where: {
      and: [
        { campaigns: { in: [campaign.id] } },
        { kind: { equals: 'know-your-rights' } },
        { status: { equals: 'published' } },
      ],
    },
    locale: 'all',
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  return (docs as unknown as LocalizedDoc[])
    .filter((doc) => projectResource(doc, at))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)))
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex')

/** The cards of one resource in one language and every format (none when it is not public now). */
export function planResource(
  campaign: KitCampaign,
  doc: LocalizedDoc,
  lang: Locale,
  at: Date,
  logo: MediaDoc | null,
): PlannedAsset[] {
  const resource = projectResource(doc, at)
  const words = resource && rightsText(resource, lang)
  if (!words) return []
  const subject = resourceSubject(doc.id)
  const brand = (campaign.doc.brand ?? {}) as { primaryColor?: string; accentColor?: string }
  const hashtag = campaign.hashtags.slice(0, 2).join(' ')
  const attribution = campaignName(campaign, lang)
  const common = {
    v: RIGHTS_RENDER_VERSION,
    card: 'rights',
    lang,
    ...words,
    attribution,
    hashtag,
    brand: {
      primary: brand.primaryColor ?? DEFAULT_BRAND.primaryColor,
      accent: brand.accentColor ?? DEFAULT_BRAND.accentColor,
      logo: logo ? [logo.id, logo.filename, logo.updatedAt] : null,
    },
  }
  return FORMAT_NAMES.map((format) => ({
    key: [campaign.id, subject, 'rights', format, lang].join('|'),
    subject,
    card: 'rights' as const,
    format,
    lang,
    hash: hashOf({ ...common, format }),
    needs: [],
    media: null,
    quote: words.doThis,
    title: words.title,
    attribution,
    licence: '',
    hashtag,
    hotline: words.hotline,
  }))
}

/** When the first of these resources stops being public after `at` (its next review date). */
export function nextResourceExpiry(docs: LocalizedDoc[], at: Date): number {
  let next = Number.POSITIVE_INFINITY
  for (const doc of docs) {
    const expiresAt = projectResource(doc, at)?.expiresAt
    if (expiresAt !== undefined && expiresAt > at.getTime()) next = Math.min(next, expiresAt)
  }
  return next
}
