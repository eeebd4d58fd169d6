import type { Locale } from '../lib/locales'
import { excerpt, slateToPlainText } from '../lib/slate'
import {
  type ConsentSummary,
  consentFromSummary,
  project,
  type SubjectKind,
  SURFACES,
  type Surface,
} from '../policy'

type Doc = Record<string, unknown>

export type Card = { title: string; excerpt: string; attribution: string; images: number }
export type Page = Card & { body: string; pullQuote: string | null; location: string | null }
/** How the version waiting for approval would look on each surface its current consent allows. */
export type Previews = Partial<{
  site: { card: Card; page: Page }
  embed: { card: Card }
  social: { text: string }
}>

/** A field of an item read with `locale: 'all'`, in `locale` (else the other language). */
const inLocale = (value: unknown, locale: Locale): unknown => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value
  const byLocale = value as Record<string, unknown>
  return (
    byLocale[locale] ??
    Object.values(byLocale).find((item) => item !== null && item !== undefined) ??
    null
  )
}

/**
 * Built from the policy's projection (src/policy), as if the item were published now: a surface
 * its consent does not allow gets no preview, and each preview holds only the fields the consent
 * allows there.
 */
export function previewsFor(kind: SubjectKind, doc: Doc, locale: Locale, at: Date): Previews {
  const consent = consentFromSummary(doc.consent as ConsentSummary | undefined, at)
  const item: Doc & { id: string } = { id: String(doc.id), status: 'published' }
  for (const [field, value] of Object.entries(doc))
    if (field !== 'id' && field !== 'status') item[field] = inLocale(value, locale)
  const previews: Previews = {}
  for (const surface of SURFACES as readonly Surface[]) {
    const projection = project(kind, item, consent, surface, at, locale)
    if (!projection) continue
    const { fields } = projection
    const body = slateToPlainText(kind === 'stories' ? fields.body : fields.description)
    const images =
      kind === 'stories'
        ? Array.isArray(fields.images)
          ? fields.images.length
          : 0
        : fields.image
          ? 1
          : 0
    const card: Card = {
      title: String(fields.title ?? ''),
      excerpt: excerpt(body, 200),
      attribution: projection.attribution,
      images,
    }
    if (surface === 'site') {
      previews.site = {
        card,
        page: {
          ...card,
          body,
          pullQuote: (fields.pullQuote as string | undefined) ?? null,
          location: (fields.location as string | undefined) ?? null,
        },
      }
    } else if (surface === 'embed') previews.embed = { card }
    else {
      const quote = (fields.pullQuote as string | undefined) || excerpt(body, 200)
      previews.social = {
        text: quote ? `“${quote}” — ${projection.attribution}` : projection.attribution,
      }
    }
  }
  return previews
}
