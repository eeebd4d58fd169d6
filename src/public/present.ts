import { relationId } from '../lib/relations'
import { licence } from '../lib/licences'
import { DEFAULT_LOCALE, type Locale, LOCALES, type LocalizedDoc } from '../lib/locales'
import { escapeHtml } from '../lib/html'
import { excerpt, slateToHtml, slateToPlainText } from '../lib/slate'
import {
  type ConsentSummary,
  consentFromSummary,
  contentNotesOf,
  project,
  type SubjectKind,
  type Surface,
} from '../policy'
import {
  type AudioRef,
  type FeedAttachment,
  type GalleryAudio,
  type GalleryItem,
  type ImageRef,
  type ItemDetail,
  KIND_OF,
  type Spoken,
} from './types'

// Turns CMS documents (read with locale 'all', depth 0) into the public API's shapes. Which
// fields may appear is decided by the policy's `project`; this module only formats them.

type Localized<T> = T | Partial<Record<Locale, T>> | null | undefined

export type MediaDoc = {
  id: string | number
  url?: string | null
  width?: number | null
  height?: number | null
  alt?: Localized<string>
  sizes?: Record<string, { url?: string | null; width?: number | null } | undefined> | null
}

/** The fields of a recording the public API reads (src/policy/recordings.ts keeps the rest). */
export type RecordingDoc = {
  id: string | number
  filename?: string | null
  opusFilename?: string | null
  /** The M4A's size (Payload's own field); the Opus copy's is not stored. */
  filesize?: number | null
  duration?: number | null
  peaks?: unknown
}

/** Plain transcript text as paragraphs, escaped. */
export const transcriptToHtml = (text: string | undefined | null): string | null =>
  text?.trim()
    ? text
        .trim()
        .split(/\n\s*\n/)
        .map((part) => `<p>${escapeHtml(part.trim()).replace(/\n/g, '<br>')}</p>`)
        .join('')
    : null

/** The first recording the policy let through that has a file. */
const recordingOf = (ids: readonly string[], recordings: Map<string, RecordingDoc>) =>
  ids.map((id) => recordings.get(id)).find((doc) => doc?.filename)

const OPUS_TYPE = 'audio/webm; codecs=opus'
const AAC_TYPE = 'audio/mp4'

/** Both encodings of a recording, Opus first (browsers take the first they can play). */
function sourcesOf(recording: RecordingDoc & { filename: string }, base: string) {
  const url = (name: string) => `${base}/api/recordings/audio/${encodeURIComponent(name)}`
  return [
    ...(recording.opusFilename ? [{ url: url(recording.opusFilename), type: OPUS_TYPE }] : []),
    { url: url(recording.filename), type: AAC_TYPE, size: recording.filesize ?? undefined },
  ]
}

/** The sound of the first recording the policy let through, in both encodings. */
function audioRef(
  recording: RecordingDoc | undefined,
  base: string,
  transcriptHtml: string | null,
): AudioRef | null {
  const audio = galleryAudio(recording, base)
  if (!audio || !recording) return null
  return {
    ...audio,
    peaks: Array.isArray(recording.peaks) ? (recording.peaks as number[]) : [],
    transcriptHtml,
  }
}

/** What a list needs to play it: the sources and the length. */
export function galleryAudio(
  recording: RecordingDoc | undefined,
  base: string,
): GalleryAudio | null {
  if (!recording?.filename) return null
  return {
    sources: sourcesOf({ ...recording, filename: recording.filename }, base).map(
      ({ url, type }) => ({ url, type }),
    ),
    duration: recording.duration ?? 0,
  }
}

/** JSON Feed attachments: each encoding with its type, length and (for the M4A) size. */
function attachmentsOf(recording: RecordingDoc | undefined, base: string): FeedAttachment[] {
  if (!recording?.filename) return []
  const seconds = Math.max(1, Math.round(recording.duration ?? 0))
  return sourcesOf({ ...recording, filename: recording.filename }, base).map((source) => ({
    url: source.url,
    mime_type: source.type,
    ...('size' in source && source.size ? { size_in_bytes: source.size } : {}),
    duration_in_seconds: seconds,
  }))
}

export type Presented = {
  /** Per interface language. */
  gallery: Record<Locale, GalleryItem>
  detail: Record<Locale, ItemDetail>
  /** The public recording as JSON Feed attachments (none without `voice`). */
  attachments: FeedAttachment[]
  campaignIds: string[]
  mediaIds: string[]
  expiresAt: string | null
  publishedAt: string | null
}

export const EXCERPT_LENGTH = 240

/** A localized value in `locale`, else in the item's own language, else English, else any. */
export function pick<T>(value: Localized<T>, locale: Locale, own?: string): T | undefined {
  if (value === null || value === undefined) return undefined
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !LOCALES.some((code) => code in (value as object))
  )
    return value as T
  const byLocale = value as Partial<Record<string, T>>
  const empty = (candidate: T | undefined) =>
    candidate === undefined || candidate === null || candidate === ''
  for (const code of [locale, own, DEFAULT_LOCALE, ...LOCALES]) {
    if (code && !empty(byLocale[code])) return byLocale[code]
  }
  return undefined
}

const absolute = (base: string, url: string) => (/^https?:\/\//.test(url) ? url : `${base}${url}`)

export function imageRef(
  media: MediaDoc | undefined,
  locale: Locale,
  base: string,
): ImageRef | null {
  if (!media?.url || !media.width || !media.height) return null
  const srcset = ['thumb', 'card', 'hero']
    .map((name) => media.sizes?.[name])
    .filter((size): size is { url: string; width: number } => Boolean(size?.url && size.width))
    .map((size) => ({ url: absolute(base, size.url), width: size.width }))
  return {
    url: absolute(base, media.url),
    width: media.width,
    height: media.height,
    alt: pick(media.alt, locale) ?? '',
    srcset: [...srcset, { url: absolute(base, media.url), width: media.width }],
  }
}

/**
 * What the policy lets appear of an item on one surface, per interface language: the part of
 * `present` that decides. The read model keeps this (serialized, see `serializeProjected`) for
 * every item and formats it only when asked (`format`).
 */
export type Projected = {
  kind: SubjectKind
  id: string
  language: string
  expiresAt: string | null
  attribution: Record<Locale, string>
  fields: Record<Locale, Record<string, unknown>>
}

/** The item's current consent, from its stored summary (the policy's reading of it). */
export const consentOf = (doc: LocalizedDoc, now: Date) =>
  consentFromSummary(doc.consent as ConsentSummary | undefined, now)

/** The policy's decision for one surface now, or null when the item may not appear there. */
export function projectItem(
  kind: SubjectKind,
  doc: LocalizedDoc,
  surface: Surface,
  now: Date,
  // The same for every surface: a caller projecting one item on several reads it once.
  consent = consentOf(doc, now),
): Projected | null {
  const attribution = {} as Record<Locale, string>
  const fields = {} as Record<Locale, Record<string, unknown>>
  for (const locale of LOCALES) {
    const projection = project(kind, doc, consent, surface, now, locale)
    if (!projection) return null
    attribution[locale] = projection.attribution
    fields[locale] = projection.fields
  }
  const language = typeof doc.language === 'string' ? doc.language : DEFAULT_LOCALE
  return {
    kind,
    id: String(doc.id),
    language,
    expiresAt: consent?.expiresAt ?? null,
    attribution,
    fields,
  }
}

// Serialized form: the public fields once when every language has the same ones (the policy's
// fields do not depend on the language today), else per language.
type Stored = Omit<Projected, 'fields'> & {
  fields: Record<string, unknown> | null
  fieldsByLocale?: Record<Locale, Record<string, unknown>>
}

const sameFields = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((name) => a[name] === b[name])
}

/**
 * Whether two projections of one item hold the very same values (the policy copies values,
 * never changes them): then they serialize alike, and one string serves both.
 */
export const sameProjection = (a: Projected, b: Projected): boolean =>
  a.kind === b.kind &&
  a.id === b.id &&
  a.language === b.language &&
  a.expiresAt === b.expiresAt &&
  LOCALES.every(
    (locale) =>
      a.attribution[locale] === b.attribution[locale] &&
      sameFields(a.fields[locale], b.fields[locale]),
  )

/** A compact string for memory: one string in V8's heap instead of a tree of objects. */
export function serializeProjected(projected: Projected): string {
  const [first, ...others] = LOCALES.map((locale) => projected.fields[locale])
  const shared = others.every((fields) => sameFields(first, fields))
  const stored: Stored = {
    ...projected,
    fields: shared ? first : null,
    ...(shared ? {} : { fieldsByLocale: projected.fields }),
  }
  return JSON.stringify(stored)
}

export function parseProjected(text: string): Projected {
  const { fields, fieldsByLocale, ...rest } = JSON.parse(text) as Stored
  return {
    ...rest,
    fields:
      fieldsByLocale ??
      (Object.fromEntries(LOCALES.map((locale) => [locale, fields])) as Record<
        Locale,
        Record<string, unknown>
      >),
  }
}

/** Recording ids in a projection's fields: present only when the policy let the sound through. */
export const recordingIdsOf = (fields: Record<string, unknown>): string[] =>
  ((fields.recordings as unknown[] | undefined) ?? [])
    .map(relationId)
    .filter((id): id is string | number => id !== undefined)
    .map(String)

/** Image and campaign ids a projection refers to. */
export function projectedRefs(projected: Projected): {
  mediaIds: string[]
  campaignIds: string[]
  publishedAt: string | null
} {
  const fields = projected.fields[DEFAULT_LOCALE]
  const mediaIds = (
    projected.kind === 'stories'
      ? ((fields.images as unknown[]) ?? [])
      : fields.image
        ? [fields.image]
        : []
  )
    .map(relationId)
    .filter((id): id is string | number => id !== undefined)
    .map(String)
  const campaignIds = ((fields.campaigns as unknown[]) ?? [])
    .map(relationId)
    .filter(Boolean)
    .map(String)
  const publishedAt = typeof fields.publishedAt === 'string' ? fields.publishedAt : null
  return { mediaIds, campaignIds, publishedAt }
}

/**
 * The public form of a story or artwork on one surface, in every interface language, or
 * null when the policy does not let it appear there now.
 */
export function present(
  kind: SubjectKind,
  doc: LocalizedDoc,
  surface: Surface,
  now: Date,
  media: Map<string, MediaDoc>,
  base: string,
  recordings: Map<string, RecordingDoc> = new Map(),
): Presented | null {
  const projected = projectItem(kind, doc, surface, now)
  return projected && format(projected, media, base, recordings)
}

/** Formats what the policy let through (no decision is taken here) into the API's shapes. */
export function format(
  projected: Projected,
  media: Map<string, MediaDoc>,
  base: string,
  recordings: Map<string, RecordingDoc> = new Map(),
): Presented {
  const { kind, id, language } = projected
  const { mediaIds: imageIds, campaignIds, publishedAt } = projectedRefs(projected)
  const path = `/${kind}/${id}`
  const gallery = {} as Record<Locale, GalleryItem>
  const detail = {} as Record<Locale, ItemDetail>
  let attachments: FeedAttachment[] = []
  for (const locale of LOCALES) {
    const projection = {
      fields: projected.fields[locale],
      attribution: projected.attribution[locale],
    }
    const text = (name: string) =>
      pick(projection.fields[name] as Localized<string>, locale, language) ?? null
    const richText = pick(
      projection.fields[kind === 'stories' ? 'body' : 'description'],
      locale,
      language,
    )
    const images = imageIds
      .map((mediaId) => imageRef(media.get(mediaId), locale, base))
      .filter((ref): ref is ImageRef => Boolean(ref))
    const summary = text('pullQuote') || slateToPlainText(richText)
    // Present in the projection only with `voice` consent (the policy's decision).
    const recording = recordingOf(recordingIdsOf(projection.fields), recordings)
    attachments = attachmentsOf(recording, base)
    const item: GalleryItem = {
      id,
      kind: KIND_OF[kind],
      title: text('title') ?? '',
      excerpt: excerpt(summary, EXCERPT_LENGTH),
      attribution: projection.attribution,
      image: images[0] ?? null,
      language,
      campaigns: [],
      publishedAt,
      url: absolute(base, path),
      contentNotes: contentNotesOf(projection.fields.contentNotes, locale),
      audio: galleryAudio(recording, base),
    }
    gallery[locale] = item
    const transcriptHtml = transcriptToHtml(text('transcript'))
    const spoken: Spoken = {
      audio: audioRef(recording, base, transcriptHtml),
      transcriptHtml,
    }
    detail[locale] =
      kind === 'stories'
        ? {
            ...item,
            ...spoken,
            kind: 'story',
            bodyHtml: slateToHtml(richText),
            pullQuote: text('pullQuote'),
            location: text('location'),
            themes: Array.isArray(projection.fields.themes)
              ? (projection.fields.themes as string[])
              : [],
            images,
          }
        : {
            ...item,
            ...spoken,
            kind: 'artwork',
            bodyHtml: slateToHtml(richText),
            credit: projection.attribution,
            licence: {
              code: String(projection.fields.licence ?? ''),
              name: licence(projection.fields.licence)?.name[locale] ?? '',
              url: licence(projection.fields.licence)?.url ?? null,
            },
            medium: text('medium'),
            year: typeof projection.fields.year === 'number' ? projection.fields.year : null,
          }
  }
  return {
    gallery,
    detail,
    attachments,
    campaignIds,
    mediaIds: imageIds,
    expiresAt: projected.expiresAt,
    publishedAt,
  }
}
