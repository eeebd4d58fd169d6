import type { CollectionSlug, Payload, PayloadRequest, SelectType, Where } from 'payload'

import { relationId } from '../lib/relations'
import { DEFAULT_BRAND } from '../lib/brand'
import { now } from '../lib/clock'
import { type Locale, LOCALES, type LocalizedDoc } from '../lib/locales'
import { isFrameableOrigin } from '../lib/origins'
import { decodeSegment } from '../lib/request'
import { parseSubjectKey, type SubjectKey, subjectKey } from '../lib/subjects'
import {
  currentStop,
  isHeldByPause,
  projectionInputs,
  PUBLIC_CAMPAIGN_STATUSES,
  stopGeneration,
  SUBJECT_KINDS,
  type SubjectKind,
  type Surface,
} from '../policy'
import {
  format,
  imageRef,
  type MediaDoc,
  parseProjected,
  pick,
  type Presented,
  projectedRefs,
  recordingIdsOf,
  type RecordingDoc,
  projectItem,
  type Projected,
  sameProjection,
  serializeProjected,
  consentOf,
} from './present'
import { ChangeWindow } from './follow'
import { publishedPages } from './load'
import { type PublicResource, type ResourceQuery, ResourceShelf } from './resources'
import { RESOURCE_INPUTS } from '../policy/resources'
import { ByteLru } from './lru'
import {
  type CampaignPublic,
  type FeedAttachment,
  type GalleryItem,
  type ItemDetail,
  KIND_OF,
} from './types'

/** Surfaces the public HTTP API answers for. Social kits are built elsewhere. */
export const SERVED_SURFACES = ['site', 'embed'] as const satisfies readonly Surface[]
export type ServedSurface = (typeof SERVED_SURFACES)[number]

type CampaignEntry = { id: string; slug: string; doc: LocalizedDoc }
export type PartnerEntry = {
  id: string
  organisation: string
  campaigns: string[]
  origins: string[]
}
type ItemKey = SubjectKey

const key = subjectKey<SubjectKind>

/**
 * One item as one surface may show it. Only the policy's decision is kept for every item, as
 * one string (`serializeProjected`): formatted forms (HTML bodies, image refs, per language) are
 * made when asked and kept in a bounded cache. Both surfaces share one view when the policy let
 * through the same on each (the common case), and so share their formatted form.
 */
type View = {
  key: ItemKey
  kind: SubjectKind
  id: string
  projected: string
  campaignIds: readonly string[]
  mediaIds: readonly string[]
  /** ISO time, '' for none: sorts last. */
  publishedAt: string
  expiresAt: number | null
}

const NONE: readonly string[] = Object.freeze([])

/** Gallery order: newest first, then by key. ISO times and ids compare by code point. */
const newestFirst = (a: View, b: View): number =>
  a.publishedAt === b.publishedAt
    ? a.key < b.key
      ? -1
      : a.key > b.key
        ? 1
        : 0
    : a.publishedAt < b.publishedAt
      ? 1
      : -1

/** The first index whose view sorts after `view` (binary search in a sorted list). */
function insertionIndex(list: View[], view: View): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (newestFirst(list[middle], view) <= 0) low = middle + 1
    else high = middle
  }
  return low
}

/** Items read from the database per query while (re)building: no giant query, no per-item reads. */
export const LOAD_PAGE_SIZE = 1000
/** Formatted items kept for answering; the rest are formatted again from their projection. */
export const FORMATTED_CACHE_BYTES = 64 * 2 ** 20

/** The fields `imageRef` reads: a media document's other fields are not kept in memory. */
function compactMedia(doc: MediaDoc): MediaDoc {
  const sizes: NonNullable<MediaDoc['sizes']> = {}
  for (const [name, size] of Object.entries(doc.sizes ?? {}))
    if (size?.url) sizes[name] = { url: size.url, width: size.width }
  return { id: doc.id, url: doc.url, width: doc.width, height: doc.height, alt: doc.alt, sizes }
}
/** The fields `audioRef` reads of a recording. */
const compactRecording = (doc: RecordingDoc): RecordingDoc => ({
  id: doc.id,
  filename: doc.filename,
  opusFilename: doc.opusFilename,
  filesize: doc.filesize,
  duration: doc.duration,
  peaks: doc.peaks,
})

// The read model reads as the system (every language, every field); `present` and the policy
// decide what of it becomes public.
const all = { locale: 'all', depth: 0, pagination: false, overrideAccess: true } as const

export type ReadModelOptions = {
  loadPageSize?: number
  formattedCacheBytes?: number
  /** Load through `payload.find` (hooks and all) instead of the adapter: tests' reference. */
  loadThroughPayload?: boolean
}

export type GalleryQuery = {
  surface: ServedSurface
  locale: Locale
  campaign?: string
  kind?: 'story' | 'artwork'
  page: number
  limit: number
}

/**
 * The public read model: every public item's projection per surface and language, kept in
 * memory so that public requests run no CMS queries. Changes are applied by hooks before the
 * changing request returns; `version` moves on every change so cached responses can be dropped.
 */
export class PublicReadModel {
  version = 0
  /** Which other processes' changes this model has caught up with (src/public/follow.ts). */
  readonly changes = new ChangeWindow()
  private items: Record<ServedSurface, Map<ItemKey, View>> = { site: new Map(), embed: new Map() }
  /** Each surface's views in gallery order, kept sorted as items come and go. */
  private order: Record<ServedSurface, View[]> = { site: [], embed: [] }
  /** Views whose consent expires. */
  private expiring = new Set<View>()
  /** Filtered gallery orders (by campaign, by kind) for the current version. */
  private listings = new Map<string, View[]>()
  private formatted: ByteLru<View, Presented>
  private loadPageSize: number
  private loadThroughPayload: boolean
  /** The pages of items the last rebuild read, in order (tests: never one query for all). */
  loadedPages: { kind: SubjectKind; size: number }[] = []
  private campaigns = new Map<string, CampaignEntry>()
  /** Active partners by the SHA-256 of their key. */
  private partners = new Map<string, PartnerEntry>()
  private media = new Map<string, MediaDoc>()
  /** Recordings public items use (their sound is never changed after upload). */
  private recordings = new Map<string, RecordingDoc>()
  private nextExpiry = Number.POSITIVE_INFINITY
  private stopSeen = stopGeneration()
  private listeners = new Set<() => void>()
  /** Public resources (issue 16): few, kept whole; hidden past their review date. */
  private resources = new ResourceShelf((id) => this.recordings.get(id))

  constructor(
    private payload: Payload,
    public baseUrl: string,
    {
      loadPageSize = LOAD_PAGE_SIZE,
      formattedCacheBytes = FORMATTED_CACHE_BYTES,
      loadThroughPayload = false,
    }: ReadModelOptions = {},
  ) {
    this.loadPageSize = loadPageSize
    this.loadThroughPayload = loadThroughPayload
    this.formatted = new ByteLru(formattedCacheBytes)
  }

  /** Bytes the formatted-item cache holds now (bounded by its budget). */
  get formattedBytes(): number {
    return this.formatted.bytes
  }

  /** Public URLs are absolute (partners embed them elsewhere): a new base means a rebuild. */
  async useBaseUrl(baseUrl: string): Promise<void> {
    this.baseUrl = baseUrl.replace(/\/$/, '')
    await this.rebuild()
  }

  /** Reads everything public from the database (at start-up, or to recover), page by page. */
  async rebuild(): Promise<void> {
    const touched = new Set<ItemKey>()
    this.touchedDuringRebuild.add(touched)
    try {
      const media = new Map<string, MediaDoc>()
      for await (const docs of this.pages('media'))
        for (const doc of docs) media.set(String(doc.id), compactMedia(doc as unknown as MediaDoc))
      this.media = media
      const recordings = new Map<string, RecordingDoc>()
      for await (const docs of this.pages('recordings'))
        for (const doc of docs) recordings.set(String(doc.id), compactRecording(doc))
      this.recordings = recordings
      await this.loadCampaignsAndPartners({})
      const items: Record<ServedSurface, Map<ItemKey, View>> = { site: new Map(), embed: new Map() }
      const at = now()
      this.loadedPages = []
      for (const kind of SUBJECT_KINDS) {
        for await (const docs of this.published(kind)) {
          this.loadedPages.push({ kind, size: docs.length })
          for (const doc of docs) {
            // An item this process changed while the rebuild read (a withdrawal, above all) keeps
            // its newer state: the rebuild's copy of it was read before that change.
            if (touched.has(key(kind, doc.id))) continue
            for (const [surface, view] of this.views(kind, doc, at))
              items[surface].set(view.key, view)
          }
        }
      }
      const resources: LocalizedDoc[] = []
      for await (const docs of this.pages(
        'resources',
        { status: { equals: 'published' } },
        RESOURCE_SELECT,
      ))
        resources.push(...docs)
      for (const itemKey of touched) {
        for (const surface of SERVED_SURFACES) {
          const view = this.items[surface].get(itemKey)
          if (view) items[surface].set(itemKey, view)
        }
      }
      this.items = items
      this.resources.load(resources, at)
      this.order = {
        site: [...items.site.values()].sort(newestFirst),
        embed: [...items.embed.values()].sort(newestFirst),
      }
      this.expiring = new Set(
        [...items.site.values(), ...items.embed.values()].filter((view) => view.expiresAt !== null),
      )
      this.formatted.clear()
      this.changed()
    } finally {
      this.touchedDuringRebuild.delete(touched)
    }
  }

  /**
   * What the policy reads of a story or artwork (src/policy `projectionInputs`), as a Payload
   * selection: private fields are neither read nor kept, and reading is about twice as fast.
   */
  private inputs(kind: SubjectKind): SelectType {
    const names = new Set(
      this.payload.collections[kind].config.flattenedFields.map((field) => field.name),
    )
    return Object.fromEntries(
      projectionInputs(kind)
        .filter((name) => names.has(name))
        .map((name) => [name, true]),
    )
  }

  /**
   * The published items of a kind in pages of `loadPageSize`, by id: through the database
   * adapter (src/public/load.ts), or through `payload.find` with `loadThroughPayload` (the
   * reference the fast load is checked against in tests).
   */
  private async *published(kind: SubjectKind): AsyncGenerator<LocalizedDoc[]> {
    if (this.loadThroughPayload) {
      yield* this.pages(kind, { status: { equals: 'published' } }, this.inputs(kind))
      return
    }
    const reader = await publishedPages(
      this.payload,
      kind,
      Object.keys(this.inputs(kind)),
      this.loadPageSize,
    )
    try {
      let after: unknown
      for (;;) {
        const { docs, next } = await reader.read(after)
        yield docs
        if (docs.length < this.loadPageSize) return
        after = next
      }
    } finally {
      reader.close()
    }
  }

  /** A collection's documents in pages of `loadPageSize`, by id (no offsets to skip through). */
  private async *pages(
    collection: CollectionSlug,
    where?: Where,
    select?: SelectType,
  ): AsyncGenerator<LocalizedDoc[]> {
    let after: string | number | undefined
    for (;;) {
      const clauses: Where[] = [
        ...(where ? [where] : []),
        ...(after === undefined ? [] : [{ id: { greater_than: after } }]),
      ]
      const { docs } = await this.payload.find({
        collection,
        where: clauses.length ? { and: clauses } : {},
        select,
        sort: 'id',
        limit: this.loadPageSize,
        ...all,
      })
      yield docs as unknown as LocalizedDoc[]
      if (docs.length < this.loadPageSize) return
      after = docs[docs.length - 1].id
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
  async refreshItem(
    kind: SubjectKind,
    id: string | number,
    reader: ReaderArgs = {},
  ): Promise<void> {
    const itemKey = key(kind, id)
    const revision = this.touch(itemKey)
    // A later change to the item (a withdrawal during a slow read) has taken over: what this
    // read found is older than what that change applies.
    const superseded = () => this.revisions.get(itemKey) !== revision
    const doc = await this.reader(reader).findByID({
      collection: kind,
      id,
      select: this.inputs(kind),
      ...all,
      req: reader.req,
      disableErrors: true,
    })
    if (superseded()) return
    this.unplace(itemKey)
    if (doc) {
      const images =
        kind === 'stories'
          ? (((doc as unknown as LocalizedDoc).images as unknown[]) ?? [])
          : [(doc as unknown as LocalizedDoc).image]
      await this.loadMedia(
        images
          .map(relationId)
          .filter((mediaId) => mediaId !== undefined)
          .map(String),
        reader,
      )
      await this.loadRecordings(recordingIdsOf(doc as unknown as LocalizedDoc), reader)
      if (superseded()) return
      this.place(kind, doc as unknown as LocalizedDoc)
    }
    this.changed()
  }

  /** Drops an item at once (a withdrawal or deletion), without reading anything. */
  removeItem(kind: SubjectKind, id: string | number): void {
    this.touch(key(kind, id))
    this.unplace(key(kind, id))
    this.changed()
  }

  /** Re-reads one resource (after its change committed). */
  async refreshResource(id: string | number, reader: ReaderArgs = {}): Promise<void> {
    const doc = await this.reader(reader).findByID({
      collection: 'resources',
      id,
      select: RESOURCE_SELECT,
      ...all,
      req: reader.req,
      disableErrors: true,
    })
    if (doc) {
      this.resources.set(doc as unknown as LocalizedDoc, now())
      await this.loadRecordings(this.resources.recordingIds(String(id)), reader)
    } else this.resources.delete(String(id))
    this.changed()
  }

  removeResource(id: string | number): void {
    this.resources.delete(String(id))
    this.changed()
  }

  /** Public resources (null: no such public campaign), checked against the clock first. */
  resourceList(
    query: Omit<ResourceQuery, 'campaignId'> & { campaign?: string },
  ): PublicResource[] | null {
    this.expire()
    const campaign = query.campaign ? this.campaigns.get(query.campaign) : undefined
    if (query.campaign && !campaign) return null
    return this.resources.list({ ...query, campaignId: campaign?.id }, this.slugsOf, this.baseUrl)
  }

  resource(id: string, locale: Locale, reader: string = locale): PublicResource | null {
    this.expire()
    return this.resources.one(id, locale, this.slugsOf, this.baseUrl, reader)
  }

  /** Public campaigns' slugs for campaign ids. */
  private slugsOf = (ids: readonly string[]): string[] =>
    [...this.campaigns.values()]
      .filter((entry) => ids.includes(entry.id))
      .map((entry) => entry.slug)

  async refreshMedia(id: string | number, reader: ReaderArgs = {}): Promise<void> {
    this.media.delete(String(id))
    await this.loadMedia([String(id)], reader)
    const users = SERVED_SURFACES.flatMap((surface) => [...this.items[surface].values()])
      .filter((view) => view.mediaIds.includes(String(id)))
      .map((view) => view.key)
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
    const campaigns = await source.find({
      collection: 'campaigns',
      where: { status: { in: [...PUBLIC_CAMPAIGN_STATUSES] } },
      ...all,
      req: reader.req,
    })
    const partners = await source.find({
      collection: 'partners',
      where: { active: { equals: true } },
      ...all,
      showHiddenFields: true,
      req: reader.req,
    })
    this.campaigns = new Map(
      campaigns.docs.map((doc) => [
        doc.slug,
        { id: String(doc.id), slug: doc.slug, doc: doc as unknown as LocalizedDoc },
      ]),
    )
    const slugById = new Map(
      [...this.campaigns.values()].map((campaign) => [campaign.id, campaign.slug]),
    )
    this.partners = new Map(
      partners.docs
        .filter((partner) => partner.apiKeyHash)
        .map((partner) => [
          partner.apiKeyHash!,
          {
            id: String(partner.id),
            organisation: partner.organisation,
            campaigns: (partner.campaigns ?? [])
              .map((campaign) => slugById.get(String(relationId(campaign))))
              .filter((slug): slug is string => Boolean(slug)),
            // Checked again where it goes into a CSP header: a value saved before validation was strict.
            origins: (partner.allowedOrigins ?? []).filter(isFrameableOrigin),
          },
        ]),
    )
    await this.loadMedia(
      campaigns.docs
        .map((doc) => relationId(doc.brand?.logo))
        .filter((id) => id !== undefined)
        .map(String),
      reader,
    )
  }

  /** The active partner holding the key with this hash, if any. */
  partnerByKeyHash(hash: string): PartnerEntry | undefined {
    return this.partners.get(hash)
  }

  /** Origins allowed to frame a campaign's embed: those of the partners that may embed it. */
  frameAncestors(campaignSlug: string): string[] {
    const origins = [...this.partners.values()]
      .filter((partner) => partner.campaigns.includes(campaignSlug))
      .flatMap((partner) => partner.origins)
    return [...new Set(origins)]
  }

  /** Campaign slugs an item belongs to (its own campaigns and those featuring it). */
  campaignsOf(kind: SubjectKind, id: string): string[] {
    const view = this.items.site.get(key(kind, id)) ?? this.items.embed.get(key(kind, id))
    return view ? this.campaignSlugs(view) : []
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
    const list = this.listing(query.surface, campaign, query.kind)
    const start = (query.page - 1) * query.limit
    const items = list
      .slice(start, start + query.limit)
      .map((view) => this.withCampaigns(view, this.format(view).gallery[query.locale]))
    return { items, totalItems: list.length }
  }

  item(surface: ServedSurface, kind: SubjectKind, id: string, locale: Locale): ItemDetail | null {
    this.expire()
    const view = this.shown(this.items[surface].get(key(kind, id)))
    return view ? (this.withCampaigns(view, this.format(view).detail[locale]) as ItemDetail) : null
  }

  /** JSON Feed attachments of a public item's recording (none without `voice`, or when not shown). */
  feedAttachments(
    surface: ServedSurface,
    item: Pick<GalleryItem, 'kind' | 'id'>,
  ): FeedAttachment[] {
    const kind = item.kind === 'story' ? 'stories' : 'artworks'
    const view = this.shown(this.items[surface].get(key(kind, item.id)))
    return view ? this.format(view).attachments : []
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
    const brand = (doc.brand ?? {}) as {
      primaryColor?: string
      accentColor?: string
      logo?: unknown
    }
    const ctaLabel = text(cta?.label)
    const ctaUrl = text(cta?.url)
    const featured = this.featuredKeys(entry)
      .map((itemKey) => {
        const view = this.shown(this.items[surface].get(itemKey))
        return view && this.withCampaigns(view, this.format(view).gallery[locale])
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
        logo:
          logoId === undefined
            ? null
            : imageRef(this.media.get(String(logoId)), locale, this.baseUrl),
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

  /** The policy's decision for each surface now, as views (one shared when they agree). */
  private views(kind: SubjectKind, doc: LocalizedDoc, at: Date): [ServedSurface, View][] {
    const found: [ServedSurface, View][] = []
    const consent = consentOf(doc, at)
    const made: [Projected, View][] = []
    for (const surface of SERVED_SURFACES) {
      const projected = projectItem(kind, doc, surface, at, consent)
      if (!projected) continue
      // Most items show the same on both surfaces: compared value by value, serialized once.
      const same = made.find(([other]) => sameProjection(other, projected))
      if (same) {
        found.push([surface, same[1]])
        continue
      }
      const text = serializeProjected(projected)
      const alike = found.find(([, view]) => view.projected === text)
      if (alike) {
        found.push([surface, alike[1]])
        continue
      }
      const { campaignIds, mediaIds, publishedAt } = projectedRefs(projected)
      found.push([
        surface,
        {
          key: key(kind, doc.id),
          kind,
          id: projected.id,
          projected: text,
          campaignIds: campaignIds.length ? campaignIds : NONE,
          mediaIds: mediaIds.length ? mediaIds : NONE,
          publishedAt: publishedAt ?? '',
          expiresAt: projected.expiresAt ? new Date(projected.expiresAt).getTime() : null,
        },
      ])
      made.push([projected, found[found.length - 1][1]])
    }
    return found
  }

  private place(kind: SubjectKind, doc: LocalizedDoc): void {
    this.unplace(key(kind, doc.id))
    for (const [surface, view] of this.views(kind, doc, now())) {
      this.items[surface].set(view.key, view)
      const list = this.order[surface]
      list.splice(insertionIndex(list, view), 0, view)
      if (view.expiresAt !== null) this.expiring.add(view)
    }
  }

  /** Takes an item off every surface, its order and caches. */
  private unplace(itemKey: ItemKey): void {
    for (const surface of SERVED_SURFACES) {
      const view = this.items[surface].get(itemKey)
      if (!view) continue
      this.items[surface].delete(itemKey)
      const list = this.order[surface]
      const index = insertionIndex(list, view) - 1
      // Views are never changed in place, so binary search finds it where it was put.
      if (list[index] === view) list.splice(index, 1)
      else list.splice(list.indexOf(view), 1)
      this.expiring.delete(view)
      this.formatted.delete(view)
    }
  }

  /** The API's shapes for a view, from the cache or formatted now from its projection. */
  private format(view: View): Presented {
    let presented = this.formatted.get(view)
    if (!presented) {
      presented = format(parseProjected(view.projected), this.media, this.baseUrl, this.recordings)
      // An estimate: the formatted languages repeat the projection's text, bodies as HTML.
      this.formatted.set(view, presented, 3 * view.projected.length + 2048)
    }
    return presented
  }

  /** A surface's views for a gallery query, in gallery order; filtered lists kept per version. */
  private listing(
    surface: ServedSurface,
    campaign: CampaignEntry | undefined,
    kind: 'story' | 'artwork' | undefined,
  ): View[] {
    const all = this.order[surface]
    const pausing = currentStop().pausedCampaignIds.length > 0
    if (!campaign && !kind && !pausing) return all
    const listingKey = `${surface} ${campaign?.slug ?? ''} ${kind ?? ''}`
    let list = this.listings.get(listingKey)
    if (list) return list
    const ofKind = (view: View) =>
      (!kind || KIND_OF[view.kind] === kind) && (!pausing || this.shown(view) !== undefined)
    if (!campaign) list = all.filter(ofKind)
    else {
      // A campaign's featured items first, in its order, then its own items, newest first.
      const featured = [...new Set(this.featuredKeys(campaign))]
        .map((itemKey) => this.items[surface].get(itemKey))
        .filter((view): view is View => Boolean(view) && ofKind(view!))
      const shown = new Set(featured)
      list = [
        ...featured,
        ...all.filter(
          (view) => !shown.has(view) && ofKind(view) && view.campaignIds.includes(campaign.id),
        ),
      ]
    }
    this.listings.set(listingKey, list)
    return list
  }

  private async loadMedia(ids: string[], reader: ReaderArgs): Promise<void> {
    const missing = ids.filter((id) => !this.media.has(id))
    if (!missing.length) return
    const { docs } = await this.reader(reader).find({
      collection: 'media',
      where: { id: { in: missing } },
      ...all,
      req: reader.req,
    })
    for (const doc of docs) this.media.set(String(doc.id), compactMedia(doc as unknown as MediaDoc))
  }

  private async loadRecordings(ids: string[], reader: ReaderArgs): Promise<void> {
    const missing = ids.filter((id) => !this.recordings.has(id))
    if (!missing.length) return
    const { docs } = await this.reader(reader).find({
      collection: 'recordings',
      where: { id: { in: missing } },
      ...all,
      req: reader.req,
    })
    for (const doc of docs) this.recordings.set(String(doc.id), compactRecording(doc))
  }

  private featuredKeys(campaign: CampaignEntry): ItemKey[] {
    const featured =
      (campaign.doc.featured as { relationTo: SubjectKind; value: unknown }[] | undefined) ?? []
    return featured.map((entry) => key(entry.relationTo, String(relationId(entry.value))))
  }

  /** Campaign slugs a view belongs to: its own campaigns and those featuring it. */
  private campaignSlugs(view: View): string[] {
    return [...this.campaigns.values()]
      .filter(
        (campaign) =>
          view.campaignIds.includes(campaign.id) || this.featuredKeys(campaign).includes(view.key),
      )
      .map((campaign) => campaign.slug)
  }

  /** The view unless a paused campaign holds its item: then it is on no public surface. */
  private shown(view: View | undefined): View | undefined {
    return view && !isHeldByPause(view.kind, view.id, view.campaignIds) ? view : undefined
  }

  private withCampaigns<T extends GalleryItem>(view: View, item: T): T {
    return { ...item, campaigns: this.campaignSlugs(view) }
  }

  /** Consent that expires hides its item at that moment, with no job: checked on every request. */
  expire(): void {
    // A campaign paused or resumed (src/policy/stop.ts): every answer built before is dropped.
    if (this.stopSeen !== stopGeneration()) {
      this.stopSeen = stopGeneration()
      this.changed()
    }
    const at = now().getTime()
    if (at < this.nextExpiry) return
    for (const view of [...this.expiring]) {
      if (view.expiresAt !== null && view.expiresAt <= at) this.unplace(view.key)
    }
    this.resources.dropExpired(at)
    this.changed()
  }

  private changed(): void {
    this.version++
    this.listings.clear()
    this.nextExpiry = this.resources.nextExpiry()
    for (const view of this.expiring)
      if (view.expiresAt !== null) this.nextExpiry = Math.min(this.nextExpiry, view.expiresAt)
    for (const listener of this.listeners) listener()
  }
}

const RESOURCE_SELECT: SelectType = Object.fromEntries(RESOURCE_INPUTS.map((name) => [name, true]))

/** Lets a hook read inside its own transaction (Payload's `req`). */
export type ReaderArgs = { req?: PayloadRequest }
