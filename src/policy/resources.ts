import { canonicalLanguageTag } from '../lib/languageTags'
import { type Locale, LOCALES, type LocalizedDoc } from '../lib/locales'

/** What a resource is (issue 16): the names are part of the public API. */
export const RESOURCE_KINDS = [
  'know-your-rights',
  'hotline',
  'legal-aid',
  'mental-health',
  'sanctuary',
  'other',
] as const
export type ResourceKind = (typeof RESOURCE_KINDS)[number]

export const isResourceKind = (value: unknown): value is ResourceKind =>
  RESOURCE_KINDS.includes(value as ResourceKind)

/** A resource, as far as visibility is concerned. */
export type ResourceVisibilityItem = { status?: string | null; nextReviewAt?: string | null }

/** When a resource stops being public (its next review date), in ms; null: never public. */
export function resourceExpiresAt(item: ResourceVisibilityItem): number | null {
  const at = item.nextReviewAt ? new Date(item.nextReviewAt).getTime() : Number.NaN
  return Number.isFinite(at) ? at : null
}

/**
 * THE rule for resources: public only while published and before its next review date. Wrong
 * information here (a changed hotline, an outdated rule) can put someone at risk, so a resource
 * nobody has checked in time is hidden everywhere at that moment, with no job.
 */
export function resourceVisible(item: ResourceVisibilityItem, now: Date): boolean {
  const expiresAt = resourceExpiresAt(item)
  return item.status === 'published' && expiresAt !== null && now.getTime() < expiresAt
}

/**
 * What the public reads of a resource itself: a change to any of these (in any language) is a
 * change a second person must see before it goes out (four eyes, as for stories:
 * collections/Resources/hooks/workflow.ts). The review dates are not: renewing `nextReviewAt`
 * after checking a hotline still answers is done in place.
 */
export const RESOURCE_CONTENT = [
  'kind',
  'title',
  'summary',
  'body',
  'card',
  'phones',
  'area',
  'url',
  'languages',
  // Spoken content: a new or changed recording is checked by a second person like the text.
  'audio',
  // Which language is the source decides which text is public: switching it would put a
  // translation flagged "needs review" (collections/Resources/hooks/translations.ts) out unseen.
  'sourceLanguage',
] as const

/** Every field the projection reads: the read model loads only these. */
export const RESOURCE_INPUTS = [
  ...RESOURCE_CONTENT,
  'campaigns',
  'themes',
  'reviewedAt',
  'nextReviewAt',
  'status',
  'publishedAt',
  'translations',
] as const

/** One language's public text of a resource (raw: the body is Slate JSON, formatted by src/public). */
export type ResourceText = {
  title: string
  summary: string | null
  body: unknown
  card: { doThis: string | null; toAgent: string | null } | null
  /** The phones' hours, in the order of `phones`. */
  hours: (string | null)[]
}

/** The policy's decision for one resource: what may be shown, in which languages. Default deny. */
export type ProjectedResource = {
  id: string
  kind: ResourceKind
  sourceLanguage: Locale
  /** Languages whose text is current (the source, and translations not flagged `needsReview`). */
  text: Partial<Record<Locale, ResourceText>>
  phones: { number: string; languages: string[] }[]
  area: string | null
  url: string | null
  languages: string[]
  campaignIds: string[]
  themes: string[]
  reviewedAt: string | null
  publishedAt: string | null
  expiresAt: number
  /** Recordings public now, by language tag (canonical BCP 47). */
  audio: ResourceAudio[]
}

/** A resource read aloud in one language. */
export type ResourceAudio = { language: string; recordingId: string }

/**
 * Whether a resource's recording in `tag` is public, given the languages whose text is current:
 * in a language the site writes in (`es`, `es-MX`), only while that text is current (a
 * translation flagged "needs review" silences its recording too); in any other (`zap`), while
 * the resource is, since every change to a public resource is seen again by a second person.
 */
export function audioLanguagePublic(tag: string, current: readonly Locale[]): boolean {
  const base = tag.toLowerCase().split('-')[0]
  return (LOCALES as readonly string[]).includes(base)
    ? (current as readonly string[]).includes(base)
    : true
}

/** The public audio rows of a resource whose current languages are `current`. */
function publicAudio(doc: LocalizedDoc, current: readonly Locale[]): ResourceAudio[] {
  const rows = (doc.audio as { language?: unknown; recording?: unknown }[] | null) ?? []
  return rows.flatMap((row) => {
    const language = canonicalLanguageTag(row.language)
    const recording = row.recording
    const recordingId =
      typeof recording === 'object' && recording ? (recording as { id?: unknown }).id : recording
    if (!language || recordingId == null || !audioLanguagePublic(language, current)) return []
    return [{ language, recordingId: String(recordingId) }]
  })
}

/** The recording for a reader of `reader` (any tag): the same tag first, else the same language. */
export function audioFor(audio: readonly ResourceAudio[], reader: string): ResourceAudio | null {
  const tag = canonicalLanguageTag(reader) ?? reader
  const base = (value: string) => value.toLowerCase().split('-')[0]
  return (
    audio.find((row) => row.language === tag) ??
    audio.find((row) => base(row.language) === base(tag)) ??
    null
  )
}

type Localized = Partial<Record<Locale, unknown>> | null | undefined
const textIn = (value: unknown, locale: Locale): string | null => {
  const text = (value as Localized)?.[locale]
  return typeof text === 'string' && text.trim() ? text : null
}

/** The languages a reader may see it in: the source, and translations made from its current text. */
export function currentLanguages(doc: LocalizedDoc): Locale[] {
  const source = (LOCALES as readonly unknown[]).includes(doc.sourceLanguage)
    ? (doc.sourceLanguage as Locale)
    : 'en'
  const rows = (doc.translations as { lang?: string; needsReview?: boolean | null }[]) ?? []
  const current = rows
    .filter((row) => row.needsReview !== true && row.lang !== source)
    .map((row) => row.lang)
  return LOCALES.filter(
    (locale) => (locale === source || current.includes(locale)) && textIn(doc.title, locale),
  )
}

/**
 * A stored resource (read with `locale: 'all'`) as the public may see it now, or null. Private:
 * `reviewedBy`, the workflow's people, translation bookkeeping, anything not named here.
 */
export function projectResource(doc: LocalizedDoc, now: Date): ProjectedResource | null {
  const item = doc as ResourceVisibilityItem & LocalizedDoc
  if (!resourceVisible(item, now) || !isResourceKind(doc.kind)) return null
  const languages = currentLanguages(doc)
  if (!languages.length) return null
  const phones = (doc.phones as { number?: string; hours?: unknown; languages?: string[] }[]) ?? []
  const card = doc.card as { doThis?: unknown; toAgent?: unknown } | null | undefined
  const text: ProjectedResource['text'] = {}
  for (const locale of languages) {
    text[locale] = {
      title: textIn(doc.title, locale)!,
      summary: textIn(doc.summary, locale),
      body: (doc.body as Localized)?.[locale] ?? null,
      card:
        doc.kind === 'know-your-rights'
          ? { doThis: textIn(card?.doThis, locale), toAgent: textIn(card?.toAgent, locale) }
          : null,
      hours: phones.map((phone) => textIn(phone.hours, locale)),
    }
  }
  return {
    id: String(doc.id),
    kind: doc.kind,
    sourceLanguage: languages.includes(doc.sourceLanguage as Locale)
      ? (doc.sourceLanguage as Locale)
      : languages[0],
    text,
    // Aligned with each language's `hours` (a number is required, so none is left out).
    phones: phones.map((phone) => ({
      number: String(phone.number ?? '').trim(),
      languages: phone.languages ?? [],
    })),
    area: typeof doc.area === 'string' && doc.area ? doc.area : null,
    url: typeof doc.url === 'string' && doc.url ? doc.url : null,
    languages: (doc.languages as string[] | null) ?? [],
    campaignIds: ((doc.campaigns as unknown[] | null) ?? []).map((value) =>
      String(typeof value === 'object' && value ? (value as { id: unknown }).id : value),
    ),
    themes: (doc.themes as string[] | null) ?? [],
    reviewedAt: (doc.reviewedAt as string | null) ?? null,
    publishedAt: (doc.publishedAt as string | null) ?? null,
    expiresAt: resourceExpiresAt(item)!,
    audio: publicAudio(doc, languages),
  }
}
