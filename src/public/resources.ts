import type { Locale, LocalizedDoc } from '../lib/locales'
import { servesLanguage } from '../lib/languageTags'
import { slateToHtml } from '../lib/slate'
import { galleryAudio, type RecordingDoc } from './present'
import type { GalleryAudio } from './types'
import {
  audioFor,
  type ProjectedResource,
  projectResource,
  RESOURCE_KINDS,
  type ResourceKind,
} from '../policy/resources'

// The public side of resources (issue 16): what the policy let through (src/policy/resources.ts),
// kept in memory by the read model and formatted for the API, the pages, the embed and the feed.
// A resource past its next review date is dropped when the first request after that moment asks
// (the read model checks on every request, as for consent expiry): no job, no stale answer.

/** The public API's shape of one resource. `url` is the resource's own site; `pageUrl` ours. */
export type PublicResource = {
  id: string
  kind: ResourceKind
  title: string
  summary: string | null
  bodyHtml: string
  card: { doThis: string | null; toAgent: string | null } | null
  phones: { number: string; hours: string | null; languages: string[] }[]
  area: string | null
  url: string | null
  /** Languages the service is offered in (any BCP 47 tag). */
  languages: string[]
  campaigns: string[]
  themes: string[]
  reviewedAt: string | null
  publishedAt: string | null
  /** The language of the text shown: the reader's when its translation is current, else the source. */
  language: Locale
  /** Every language whose text is current. */
  availableLanguages: Locale[]
  pageUrl: string
  /** The resource read aloud in the reader's language, while public in it (else null). */
  audio: GalleryAudio | null
}

export type ResourceQuery = {
  locale: Locale
  /** The reader's language (any BCP 47 tag): resources serving it come first. */
  reader?: string
  kind?: ResourceKind
  campaignId?: string
}

const KIND_ORDER = new Map(RESOURCE_KINDS.map((kind, index) => [kind, index]))

/** The element id of a resource on the /resources page. */
export const resourceAnchor = (id: string) => `resource-${id}`

export class ResourceShelf {
  /** `recording`: the read model's recordings (a resource's audio is looked up when answered). */
  constructor(private readonly recording: (id: string) => RecordingDoc | undefined) {}

  private entries = new Map<string, ProjectedResource>()
  private formatted = new Map<string, PublicResource>()

  /** Replaces everything (a rebuild). */
  load(docs: LocalizedDoc[], at: Date): void {
    this.entries.clear()
    this.formatted.clear()
    for (const doc of docs) this.set(doc, at)
  }

  /** Puts one stored resource (read with locale 'all') as the policy decides now, or drops it. */
  set(doc: LocalizedDoc, at: Date): void {
    this.delete(String(doc.id))
    const projected = projectResource(doc, at)
    if (projected) this.entries.set(projected.id, projected)
  }

  delete(id: string): void {
    this.entries.delete(id)
    for (const key of [...this.formatted.keys()])
      if (key.startsWith(`${id} `)) this.formatted.delete(key)
  }

  /** Drops every resource whose review date has passed; true when one was dropped. */
  dropExpired(at: number): boolean {
    let dropped = false
    for (const entry of [...this.entries.values()])
      if (entry.expiresAt <= at) {
        this.delete(entry.id)
        dropped = true
      }
    return dropped
  }

  /** The earliest review date among the public resources (Infinity: none). */
  nextExpiry(): number {
    let next = Number.POSITIVE_INFINITY
    for (const entry of this.entries.values()) next = Math.min(next, entry.expiresAt)
    return next
  }

  get size(): number {
    return this.entries.size
  }

  /** Public resources for a query, in order: serving the reader's language, by kind, by title. */
  list(
    query: ResourceQuery,
    campaignSlugs: (ids: readonly string[]) => string[],
    baseUrl: string,
  ): PublicResource[] {
    const reader = query.reader ?? query.locale
    return [...this.entries.values()]
      .filter(
        (entry) =>
          (!query.kind || entry.kind === query.kind) &&
          (!query.campaignId || entry.campaignIds.includes(query.campaignId)),
      )
      .map((entry) => this.format(entry, query.locale, reader, campaignSlugs, baseUrl))
      .sort(
        (a, b) =>
          Number(servesLanguage(b.languages, reader)) -
            Number(servesLanguage(a.languages, reader)) ||
          KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
          a.title.localeCompare(b.title) ||
          (a.id < b.id ? -1 : 1),
      )
  }

  one(
    id: string,
    locale: Locale,
    campaignSlugs: (ids: readonly string[]) => string[],
    baseUrl: string,
    reader: string = locale,
  ): PublicResource | null {
    const entry = this.entries.get(id)
    return entry ? this.format(entry, locale, reader, campaignSlugs, baseUrl) : null
  }

  /** Recording ids the public resources use (the read model keeps them loaded). */
  recordingIds(id: string): string[] {
    return (this.entries.get(id)?.audio ?? []).map((row) => row.recordingId)
  }

  /** The reader's recording: in their language (any tag), never another. */
  private audio(entry: ProjectedResource, reader: string, baseUrl: string): GalleryAudio | null {
    const row = audioFor(entry.audio, reader)
    return row ? galleryAudio(this.recording(row.recordingId), baseUrl) : null
  }

  private format(
    entry: ProjectedResource,
    locale: Locale,
    reader: string,
    campaignSlugs: (ids: readonly string[]) => string[],
    baseUrl: string,
  ): PublicResource {
    const cacheKey = `${entry.id} ${locale}`
    const cached = this.formatted.get(cacheKey)
    // Campaign slugs can change without the resource changing: they are looked up every time.
    // So can the reader's tag within a locale (es-MX, es): the audio is chosen every time too.
    const live = {
      campaigns: campaignSlugs(entry.campaignIds),
      audio: this.audio(entry, reader, baseUrl),
    }
    if (cached) return { ...cached, ...live }
    const language = entry.text[locale] ? locale : entry.sourceLanguage
    const text = entry.text[language]!
    const formatted: PublicResource = {
      id: entry.id,
      kind: entry.kind,
      title: text.title,
      summary: text.summary,
      bodyHtml: slateToHtml(text.body),
      card: text.card,
      phones: entry.phones.map((phone, index) => ({
        number: phone.number,
        hours: text.hours[index] ?? null,
        languages: phone.languages,
      })),
      area: entry.area,
      url: entry.url,
      languages: entry.languages,
      campaigns: [],
      themes: entry.themes,
      reviewedAt: entry.reviewedAt,
      publishedAt: entry.publishedAt,
      language,
      availableLanguages: Object.keys(entry.text) as Locale[],
      pageUrl: `${baseUrl}/resources?lang=${language}#${resourceAnchor(entry.id)}`,
      audio: null,
    }
    this.formatted.set(cacheKey, formatted)
    return { ...formatted, ...live }
  }
}
