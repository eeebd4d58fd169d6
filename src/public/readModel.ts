import type { Payload, PayloadRequest } from 'payload'

import { relationId } from '../access/owner'
import { DEFAULT_BRAND } from '../lib/brand'
import { now } from '../lib/clock'
import { type Locale, LOCALES, type LocalizedDoc } from '../lib/locales'
import { isFrameableOrigin } from '../lib/origins'
import { decodeSegment } from '../lib/request'
import { parseSubjectKey, type SubjectKey, subjectKey } from '../lib/subjects'
import { PUBLIC_CAMPAIGN_STATUSES, SUBJECT_KINDS, type SubjectKind, type Surface } from '../policy'
import { imageRef, type MediaDoc, pick, present, type Presented } from './present'
import { ChangeWindow } from './follow'
import type { CampaignPublic, GalleryItem, ItemDetail } from './types'

/** Surfaces the public HTTP API answers for. Social kits are built elsewhere. */
export const SERVED_SURFACES = ['site', 'embed'] as const satisfies readonly Surface[]
export type ServedSurface = (typeof SERVED_SURFACES)[number]

type CampaignEntry = { id: string; slug: string; doc: LocalizedDoc }
export type PartnerEntry = { id: string; organisation: string; campaigns: string[]; origins: string[] }
type ItemKey = SubjectKey

const key = subjectKey<SubjectKind>
// The read model reads as the system (every language, every field); `present` and the policy
// decide what of it becomes public.
const all = { locale: 'all', depth: 0, pagination: false, overrideAccess: true } as const

export type GalleryQuery = { surface: ServedSurface; locale: Locale; campaign?: string; kind?: 'story' | 'artwork'; page: number; limit: number }

/**
 * The public read model: every public item's projection per surface and language, kept in
 * memory so that public requests run no CMS queries. Changes are applied by hooks before the
 * changing request returns; `version` moves on every change so cached responses can be dropped.
 */
export class PublicReadModel {
  version = 0
  /** Which other processes' changes this model has caught up with (src/public/follow.ts). */
  readonly changes = new ChangeWindow()
  private items: Record<ServedSurface, Map<ItemKey, Presented>> = { site: new Map(), embed: new Map() }
  private campaigns = new Map<string, CampaignEntry>()
  /** Active partners by the SHA-256 of their key. */
  private partners = new Map<string, PartnerEntry>()
  private media = new Map<string, MediaDoc>()
  private nextExpiry = Number.POSITIVE_INFINITY
  private listeners = new Set<() => void>()

  constructor(
    private payload: Payload,
    public baseUrl: string,
  ) {}

  /** Public URLs are absolute (partners embed them elsewhere): a new base means a rebuild. */
  async useBaseUrl(baseUrl: string): Promise<void> {
    this.baseUrl = baseUrl.replace(/\/$/, '')
    await this.rebuild()
  }

  /** Reads everything public from the database (at start-up, or to recover). */
  async rebuild(): Promise<void> {
    const touched = new Set<ItemKey>()
    this.touchedDuringRebuild.add(touched)
    try {
      const [media, ...subjects] = await Promise.all([
        this.payload.find({ collection: 'media', ...all }),
        ...SUBJECT_KINDS.map((kind) => this.payload.find({ collection: kind, where: { status: { equals: 'published' } }, ...all })),
      ])
      this.media = new Map(media.docs.map((doc) => [String(doc.id), doc as MediaDoc]))
      await this.loadCampaignsAndPartners({})
      // An item this process changed while the rebuild read (a withdrawal, above all) keeps its
      // newer state: the rebuild's copy of it was read before that change.
      const previous = this.items
      this.items = { site: new Map(), embed: new Map() }
      SUBJECT_KINDS.forEach((kind, index) => {
        for (const doc of subjects[index].docs) if (!touched.has(key(kind, doc.id))) this.place(kind, doc as unknown as LocalizedDoc)
      })
      for (const itemKey of touched) {
        for (const surface of SERVED_SURFACES) {
          const entry = previous[surface].get(itemKey)
          if (entry) this.items[surface].set(itemKey, entry)
        }
      }
      this.changed()
    } finally {
      this.touchedDuringRebuild.delete(touched)
    }
  }

  /** Item keys this process changed while a rebuild was reading: one set per running rebuild. */
  private touchedDuringRebuild = new Set<Set<ItemKey>>()

  /** Per item, how many changes this process has started applying: the newest one wins. */
  private revisions = new Map<ItemKey, number>()

  private touch(itemKey: ItemKey): number {
    for (const touched of this.touchedDuringRebuild) touched.add(itemKey)
    const revision = (this.revisions.get(itemKey) ?? 0) + 1
    this.revisions.set(itemKey, revision)
    return revision
  }

  /** Re-reads one story or artwork (and the images it uses). `reader` may be a transaction's payload. */
  async refreshItem(kind: SubjectKind, id: string | number, reader: ReaderArgs = {}): Promise<void> {
    const itemKey = key(kind, id)
    const revision = this.touch(itemKey)
    // A later change to the item (a withdrawal during a slow read) has taken over: what this
    // read found is older than what that change applies.
    const superseded = () => this.revisions.get(itemKey) !== revision
    const doc = await this.reader(reader).findByID({ collection: kind, id, ...all, req: reader.req, disableErrors: true })
    if (superseded()) return
    for (const surface of SERVED_SURFACES) this.items[surface].delete(itemKey)
    if (doc) {
      const images = kind === 'stories' ? ((doc as unknown as LocalizedDoc).images as unknown[]) ?? [] : [(doc as unknown as LocalizedDoc).image]
      await this.loadMedia(images.map(relationId).filter((mediaId) => mediaId !== undefined).map(String), reader)
      if (superseded()) return
      this.place(kind, doc as unknown as LocalizedDoc)
    }
    this.changed()
  }

  /** Drops an item at once (a withdrawal or deletion), without reading anything. */
  removeItem(kind: SubjectKind, id: string | number): void {
    this.touch(key(kind, id))
    for (const surface of SERVED_SURFACES) this.items[surface].delete(key(kind, id))
    this.changed()
  }

  async refreshMedia(id: string | number, reader: ReaderArgs = {}): Promise<void> {
    this.media.delete(String(id))
    await this.loadMedia([String(id)], reader)
    const users = [...SERVED_SURFACES.flatMap((surface) => [...this.items[surface].entries()])]
      .filter(([, item]) => item.mediaIds.includes(String(id)))
      .map(([itemKey]) => itemKey)
    for (const itemKey of new Set(users)) {
      const { kind, id: itemId } = parseSubjectKey(itemKey)!
      await this.refreshItem(kind, itemId, reader)
    }
    this.changed()
  }

  async refreshCampaigns(reader: ReaderArgs = {}): Promise<void> {
    await this.loadCampaignsAndPartners(reader)
    this.changed()
  }

  private async loadCampaignsAndPartners(reader: ReaderArgs): Promise<void> {
    const source = this.reader(reader)
    // One after the other: with a `req` both would run on one transaction's session at once,
    // which the MongoDB driver does not support.
    const campaigns = await source.find({ collection: 'campaigns', where: { status: { in: [...PUBLIC_CAMPAIGN_STATUSES] } }, ...all, req: reader.req })
    const partners = await source.find({ collection: 'partners', where: { active: { equals: true } }, ...all, showHiddenFields: true, req: reader.req })
    this.campaigns = new Map(campaigns.docs.map((doc) => [doc.slug, { id: String(doc.id), slug: doc.slug, doc: doc as unknown as LocalizedDoc }]))
    const slugById = new Map([...this.campaigns.values()].map((campaign) => [campaign.id, campaign.slug]))
    this.partners = new Map(
      partners.docs
        .filter((partner) => partner.apiKeyHash)
        .map((partner) => [
          partner.apiKeyHash!,
          {
            id: String(partner.id),
            organisation: partner.organisation,
            campaigns: (partner.campaigns ?? []).map((campaign) => slugById.get(String(relationId(campaign)))).filter((slug): slug is string => Boolean(slug)),
            // Checked again where it goes into a CSP header: a value saved before validation was strict.
            origins: (partner.allowedOrigins ?? []).filter(isFrameableOrigin),
          },
        ]),
    )
    await this.loadMedia(campaigns.docs.map((doc) => relationId(doc.brand?.logo)).filter((id) => id !== undefined).map(String), reader)
  }

  /** The active partner holding the key with this hash, if any. */
  partnerByKeyHash(hash: string): PartnerEntry | undefined {
    return this.partners.get(hash)
  }

  /** Origins allowed to frame a campaign's embed: those of the partners that may embed it. */
  frameAncestors(campaignSlug: string): string[] {
    const origins = [...this.partners.values()].filter((partner) => partner.campaigns.includes(campaignSlug)).flatMap((partner) => partner.origins)
    return [...new Set(origins)]
  }

  /** Campaign slugs an item belongs to (its own campaigns and those featuring it). */
  campaignsOf(kind: SubjectKind, id: string): string[] {
    const item = this.items.site.get(key(kind, id)) ?? this.items.embed.get(key(kind, id))
    return item ? this.withCampaigns(key(kind, id), item.gallery.en, item).campaigns : []
  }

  /** Called whenever anything changed: caches built on `version` are dropped. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  // --- queries (no database) ---------------------------------------------------------------

  gallery(query: GalleryQuery): { items: GalleryItem[]; totalItems: number } | null {
    this.expire()
    let campaign: CampaignEntry | undefined
    if (query.campaign) {
      campaign = this.campaigns.get(query.campaign)
      if (!campaign) return null
    }
    const featuredOrder = campaign ? this.featuredKeys(campaign) : []
    const entries = [...this.items[query.surface].entries()].filter(([itemKey, item]) => {
      if (query.kind && item.gallery.en.kind !== query.kind) return false
      if (!campaign) return true
      return item.campaignIds.includes(campaign.id) || featuredOrder.includes(itemKey)
    })
    entries.sort(([keyA, a], [keyB, b]) => {
      const rankA = featuredOrder.indexOf(keyA)
      const rankB = featuredOrder.indexOf(keyB)
      if (rankA !== rankB) return (rankA < 0 ? Infinity : rankA) - (rankB < 0 ? Infinity : rankB)
      return (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || keyA.localeCompare(keyB)
    })
    const start = (query.page - 1) * query.limit
    const items = entries.slice(start, start + query.limit).map(([itemKey, item]) => this.withCampaigns(itemKey, item.gallery[query.locale], item))
    return { items, totalItems: entries.length }
  }

  item(surface: ServedSurface, kind: SubjectKind, id: string, locale: Locale): ItemDetail | null {
    this.expire()
    const itemKey = key(kind, id)
    const item = this.items[surface].get(itemKey)
    return item ? (this.withCampaigns(itemKey, item.detail[locale], item) as ItemDetail) : null
  }

  /** Resolves a public item from its page URL (for oEmbed). */
  itemByPath(surface: ServedSurface, path: string, locale: Locale): ItemDetail | null {
    const match = /^\/(stories|artworks)\/([^/?#]+)\/?$/.exec(path)
    const id = match && decodeSegment(match[2])
    return match && id !== null ? this.item(surface, match[1] as SubjectKind, id, locale) : null
  }

  campaign(surface: ServedSurface, slug: string, locale: Locale): CampaignPublic | null {
    this.expire()
    const entry = this.campaigns.get(slug)
    if (!entry) return null
    const { doc } = entry
    const text = (value: unknown) => pick(value as Record<Locale, string>, locale) ?? ''
    const cta = doc.callToAction as { label?: unknown; url?: unknown } | undefined
    const brand = (doc.brand ?? {}) as { primaryColor?: string; accentColor?: string; logo?: unknown }
    const ctaLabel = text(cta?.label)
    const ctaUrl = text(cta?.url)
    const featured = this.featuredKeys(entry)
      .map((itemKey) => {
        const item = this.items[surface].get(itemKey)
        return item && this.withCampaigns(itemKey, item.gallery[locale], item)
      })
      .filter((item): item is GalleryItem => Boolean(item))
    const logoId = relationId(brand.logo)
    return {
      slug,
      title: text(doc.title),
      summary: text(doc.summary),
      status: doc.status as CampaignPublic['status'],
      startsAt: (doc.startsAt as string) ?? null,
      endsAt: (doc.endsAt as string) ?? null,
      hashtags: (doc.hashtags as string[]) ?? [],
      callToAction: ctaLabel && ctaUrl ? { label: ctaLabel, url: ctaUrl } : null,
      brand: {
        primaryColor: brand.primaryColor ?? DEFAULT_BRAND.primaryColor,
        accentColor: brand.accentColor ?? DEFAULT_BRAND.accentColor,
        logo: logoId === undefined ? null : imageRef(this.media.get(String(logoId)), locale, this.baseUrl),
      },
      languages: (doc.languages as string[]) ?? [...LOCALES],
      featured,
      url: `${this.baseUrl}/campaigns/${slug}`,
    }
  }

  // --- internals -------------------------------------------------------------------------------

  /** Inside a hook, read through the hook's own Payload and transaction. */
  private reader({ req }: ReaderArgs): Payload {
    return req?.payload ?? this.payload
  }

  private place(kind: SubjectKind, doc: LocalizedDoc): void {
    for (const surface of SERVED_SURFACES) {
      const presented = present(kind, doc, surface, now(), this.media, this.baseUrl)
      if (presented) this.items[surface].set(key(kind, doc.id), presented)
    }
  }

  private async loadMedia(ids: string[], reader: ReaderArgs): Promise<void> {
    const missing = ids.filter((id) => !this.media.has(id))
    if (!missing.length) return
    const { docs } = await this.reader(reader).find({ collection: 'media', where: { id: { in: missing } }, ...all, req: reader.req })
    for (const doc of docs) this.media.set(String(doc.id), doc as MediaDoc)
  }

  private featuredKeys(campaign: CampaignEntry): ItemKey[] {
    const featured = (campaign.doc.featured as { relationTo: SubjectKind; value: unknown }[] | undefined) ?? []
    return featured.map((entry) => key(entry.relationTo, String(relationId(entry.value))))
  }

  private withCampaigns<T extends GalleryItem>(itemKey: ItemKey, item: T, presented: Presented): T {
    const slugs = [...this.campaigns.values()]
      .filter((campaign) => presented.campaignIds.includes(campaign.id) || this.featuredKeys(campaign).includes(itemKey))
      .map((campaign) => campaign.slug)
    return { ...item, campaigns: slugs }
  }

  /** Consent that expires hides its item at that moment, with no job: checked on every request. */
  expire(): void {
    const at = now().getTime()
    if (at < this.nextExpiry) return
    for (const surface of SERVED_SURFACES) {
      for (const [itemKey, item] of this.items[surface]) {
        if (item.expiresAt && new Date(item.expiresAt).getTime() <= at) this.items[surface].delete(itemKey)
      }
    }
    this.changed()
  }

  private changed(): void {
    this.version++
    this.nextExpiry = Number.POSITIVE_INFINITY
    for (const surface of SERVED_SURFACES) {
      for (const item of this.items[surface].values()) {
        if (item.expiresAt) this.nextExpiry = Math.min(this.nextExpiry, new Date(item.expiresAt).getTime())
      }
    }
    for (const listener of this.listeners) listener()
  }
}

/** Lets a hook read inside its own transaction (Payload's `req`). */
export type ReaderArgs = { req?: PayloadRequest }
