import type { Locale } from '../lib/locales'
import type { SubjectKind } from '../lib/subjects'
import type { CurrentConsent } from './consent'
import type { Scope, Surface } from './scopes'
import { isVisible } from './visibility'

export { SUBJECT_KINDS, type SubjectKind } from '../lib/subjects'

/**
 * When a field of a visible item may be shown publicly. A field missing here is private:
 * new fields stay out of every public response until this table names them.
 */
type FieldRule = 'always' | { needs: Scope } | { unless: Scope }

export const PUBLIC_FIELDS: Record<SubjectKind, Record<string, FieldRule>> = {
  stories: {
    title: 'always',
    body: 'always',
    pullQuote: 'always',
    language: 'always',
    location: 'always',
    themes: 'always',
    contentNotes: 'always',
    campaigns: 'always',
    status: 'always',
    publishedAt: 'always',
    displayName: { needs: 'named' },
    // A pseudonym beside a real name would tie the two together.
    pseudonym: { unless: 'named' },
    images: { needs: 'photo' },
    // A voice can be recognised: the sound needs `voice`; its words appear like the body.
    recordings: { needs: 'voice' },
    transcript: 'always',
  },
  artworks: {
    title: 'always',
    description: 'always',
    medium: 'always',
    year: 'always',
    licence: 'always',
    contentNotes: 'always',
    image: 'always',
    status: 'always',
    publishedAt: 'always',
    creditLine: { needs: 'named' },
    recordings: { needs: 'voice' },
    transcript: 'always',
  },
}

/**
 * Every field `project` (with `isVisible` and the consent summary) reads of an item, and the
 * item's own language: reading only these is enough to project it, and keeps private fields
 * out of the public read model's memory altogether.
 */
export function projectionInputs(kind: SubjectKind): string[] {
  return [...Object.keys(PUBLIC_FIELDS[kind]), 'status', 'consent', 'language']
}

export function isFieldPublic(
  kind: SubjectKind,
  field: string,
  consent: CurrentConsent | null,
): boolean {
  const rule = PUBLIC_FIELDS[kind][field]
  if (!rule || !consent) return false
  if (rule === 'always') return true
  if ('needs' in rule) return consent.scopes.includes(rule.needs)
  return !consent.scopes.includes(rule.unless)
}

export const ANONYMOUS: Record<Locale, string> = { en: 'Anonymous', es: 'Anónimo' }

type Attributable = {
  displayName?: string | null
  pseudonym?: string | null
  creditLine?: string | null
}

/** Who a public item is credited to: the name only with `named`, else the pseudonym, else "Anonymous". */
export function attribution(
  kind: SubjectKind,
  item: Attributable,
  consent: CurrentConsent | null,
  locale: Locale,
): string {
  const named = Boolean(consent?.scopes.includes('named'))
  const name = (kind === 'stories' ? item.displayName : item.creditLine)?.trim()
  if (named && name) return name
  const pseudonym = kind === 'stories' ? item.pseudonym?.trim() : undefined
  return pseudonym || ANONYMOUS[locale] || ANONYMOUS.en
}

export type PublicProjection = {
  id: string
  kind: SubjectKind
  attribution: string
  fields: Record<string, unknown>
}

/**
 * The public form of an item on a surface, or null when it may not appear there now.
 * Only fields that `PUBLIC_FIELDS` allows for this consent are copied.
 */
export function project(
  kind: SubjectKind,
  item: Record<string, unknown> & { id: string | number; status?: string | null },
  consent: CurrentConsent | null,
  surface: Surface,
  now: Date,
  locale: Locale,
): PublicProjection | null {
  if (!isVisible(item, consent, surface, now)) return null
  const fields: Record<string, unknown> = {}
  for (const field of Object.keys(PUBLIC_FIELDS[kind])) {
    if (isFieldPublic(kind, field, consent) && item[field] !== undefined)
      fields[field] = item[field]
  }
  return {
    id: String(item.id),
    kind,
    attribution: attribution(kind, item as Attributable, consent, locale),
    fields,
  }
}
