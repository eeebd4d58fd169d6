import type { PayloadRequest } from 'payload'

import { relationId } from '../lib/relations'
import { now } from '../lib/clock'
import { subjectKey } from '../lib/subjects'
import { currentStop, isHeldByPause } from './stop'
import { visibleWhere } from './visibility'

/** Campaign statuses shown to the public; drafts stay private. */
export const PUBLIC_CAMPAIGN_STATUSES = ['live', 'ended'] as const

const ids = (values: unknown[]): string[] =>
  values
    .map(relationId)
    .filter((id): id is string | number => id !== undefined)
    .map(String)

/**
 * The media documents anyone may see right now: images of stories visible on the site whose
 * consent includes `photo`, images of visible artworks (their own consent covers them), and
 * logos of public campaigns; none of a paused campaign (src/policy/stop.ts). Cached for the request.
 */
export async function publicMediaIds(req: PayloadRequest): Promise<Set<string>> {
  return new Set((await publicMediaShownBy(req)).keys())
}

/**
 * Each public media document with what shows it (`stories/<id>`, `artworks/<id>`,
 * `campaigns/<slug>`: the keys of src/public/keys.ts), so that a cached file is purged with the
 * items that show it. Cached for the request.
 */
export async function publicMediaShownBy(req: PayloadRequest): Promise<Map<string, string[]>> {
  const cached = req.context.relatoPublicMedia
  if (cached) return cached
  const at = now()
  // A system read: the visibility rule itself is the `where` below.
  const common = { depth: 0, pagination: false, overrideAccess: true, req } as const
  // One after the other: they share `req`, hence (on MongoDB) its transaction's session, which
  // runs one operation at a time.
  const stories = await req.payload.find({
    collection: 'stories',
    where: { and: [visibleWhere('site', at), { 'consent.photo': { equals: true } }] },
    select: { images: true, campaigns: true },
    ...common,
  })
  const artworks = await req.payload.find({
    collection: 'artworks',
    where: visibleWhere('site', at),
    select: { image: true },
    ...common,
  })
  const campaigns = await req.payload.find({
    collection: 'campaigns',
    where: { status: { in: [...PUBLIC_CAMPAIGN_STATUSES] } },
    select: { brand: true, slug: true },
    ...common,
  })
  const result = new Map<string, string[]>()
  const shows = (key: string, media: unknown[]) => {
    for (const id of ids(media)) result.set(id, [...(result.get(id) ?? []), key])
  }
  const stop = currentStop()
  for (const story of stories.docs)
    if (!isHeldByPause('stories', story.id, story.campaigns ?? [], stop))
      shows(subjectKey('stories', story.id), story.images ?? [])
  for (const artwork of artworks.docs)
    if (!isHeldByPause('artworks', artwork.id, [], stop))
      shows(subjectKey('artworks', artwork.id), [artwork.image])
  for (const campaign of campaigns.docs)
    if (!stop.pausedCampaigns.includes(String(campaign.slug)))
      shows(`campaigns/${campaign.slug}`, [campaign.brand?.logo])
  req.context.relatoPublicMedia = result
  return result
}
