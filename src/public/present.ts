import { relationId } from '../access/owner'
import { DEFAULT_LOCALE, type Locale, LOCALES } from '../lib/locales'
import { excerpt, slateToHtml, slateToPlainText } from '../lib/slate'
import { type ConsentSummary, consentFromSummary, contentNotesOf, project, type SubjectKind, type Surface } from '../policy'
import { type GalleryItem, type ImageRef, type ItemDetail, KIND_OF } from './types'

// Turns CMS documents (read with locale 'all', depth 0) into the public API's shapes. Which
// fields may appear is decided by the policy's `project`; this module only formats them.

type Localized<T> = T | Partial<Record<Locale, T>> | null | undefined
type Doc = Record<string, unknown> & { id: string | number }

export type MediaDoc = {
  id: string | number
  url?: string | null
  width?: number | null
  height?: number | null
  alt?: Localized<string>
  sizes?: Record<string, { url?: string | null; width?: number | null } | undefined> | null
}

export type Presented = {
  /** Per interface language. */
  gallery: Record<Locale, GalleryItem>
  detail: Record<Locale, ItemDetail>
  campaignIds: string[]
  mediaIds: string[]
  expiresAt: string | null
  publishedAt: string | null
}

export const EXCERPT_LENGTH = 240

/** Artwork licences: their names in each language (public API, site, kits) and where to read them. */
export const LICENCES: Record<string, { name: Record<Locale, string>; url: string | null }> = {
  'arr-with-permission': { name: { en: 'All rights reserved, used with permission', es: 'Todos los derechos reservados, usada con permiso' }, url: null },
  'cc-by': { name: { en: 'CC BY 4.0', es: 'CC BY 4.0' }, url: 'https://creativecommons.org/licenses/by/4.0/' },
  'cc-by-sa': { name: { en: 'CC BY-SA 4.0', es: 'CC BY-SA 4.0' }, url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  'cc-by-nc': { name: { en: 'CC BY-NC 4.0', es: 'CC BY-NC 4.0' }, url: 'https://creativecommons.org/licenses/by-nc/4.0/' },
  'cc-by-nc-nd': { name: { en: 'CC BY-NC-ND 4.0', es: 'CC BY-NC-ND 4.0' }, url: 'https://creativecommons.org/licenses/by-nc-nd/4.0/' },
}

/** A localized value in `locale`, else in the item's own language, else English, else any. */
export function pick<T>(value: Localized<T>, locale: Locale, own?: string): T | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value !== 'object' || Array.isArray(value) || !LOCALES.some((code) => code in (value as object))) return value as T
  const byLocale = value as Partial<Record<string, T>>
  const empty = (candidate: T | undefined) => candidate === undefined || candidate === null || candidate === ''
  for (const code of [locale, own, DEFAULT_LOCALE, ...LOCALES]) {
    if (code && !empty(byLocale[code])) return byLocale[code]
  }
  return undefined
}

const absolute = (base: string, url: string) => (/^https?:\/\//.test(url) ? url : `${base}${url}`)

export function imageRef(media: MediaDoc | undefined, locale: Locale, base: string): ImageRef | null {
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
 * The public form of a story or artwork on one surface, in every interface language, or
 * null when the policy does not let it appear there now.
 */
export function present(
  kind: SubjectKind,
  doc: Doc,
  surface: Surface,
  now: Date,
  media: Map<string, MediaDoc>,
  base: string,
): Presented | null {
  const consent = consentFromSummary(doc.consent as ConsentSummary | undefined, now)
  const language = typeof doc.language === 'string' ? doc.language : DEFAULT_LOCALE
  const byLocale = LOCALES.map((locale) => {
    const projection = project(kind, doc, consent, surface, now, locale)
    return projection && { locale, projection }
  })
  if (byLocale.some((entry) => !entry)) return null
  const fields = byLocale[0]!.projection.fields
  const imageIds = (kind === 'stories' ? ((fields.images as unknown[]) ?? []) : fields.image ? [fields.image] : [])
    .map(relationId)
    .filter((id): id is string | number => id !== undefined)
    .map(String)
  const id = String(doc.id)
  const path = `/${kind}/${id}`
  const campaignIds = ((fields.campaigns as unknown[]) ?? []).map(relationId).filter(Boolean).map(String)
  const publishedAt = typeof fields.publishedAt === 'string' ? fields.publishedAt : null

  const gallery = {} as Record<Locale, GalleryItem>
  const detail = {} as Record<Locale, ItemDetail>
  for (const entry of byLocale) {
    const { locale, projection } = entry!
    const text = (name: string) => pick(projection.fields[name] as Localized<string>, locale, language) ?? null
    const richText = pick(projection.fields[kind === 'stories' ? 'body' : 'description'], locale, language)
    const images = imageIds.map((mediaId) => imageRef(media.get(mediaId), locale, base)).filter((ref): ref is ImageRef => Boolean(ref))
    const summary = text('pullQuote') || slateToPlainText(richText)
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
    }
    gallery[locale] = item
    detail[locale] =
      kind === 'stories'
        ? {
            ...item,
            kind: 'story',
            bodyHtml: slateToHtml(richText),
            pullQuote: text('pullQuote'),
            location: text('location'),
            themes: Array.isArray(projection.fields.themes) ? (projection.fields.themes as string[]) : [],
            images,
          }
        : {
            ...item,
            kind: 'artwork',
            bodyHtml: slateToHtml(richText),
            credit: projection.attribution,
            licence: { code: String(projection.fields.licence ?? ''), name: LICENCES[String(projection.fields.licence)]?.name[locale] ?? '', url: LICENCES[String(projection.fields.licence)]?.url ?? null },
            medium: text('medium'),
            year: typeof projection.fields.year === 'number' ? projection.fields.year : null,
          }
  }
  return { gallery, detail, campaignIds, mediaIds: imageIds, expiresAt: consent?.expiresAt ?? null, publishedAt }
}
