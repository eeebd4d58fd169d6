import type { CollectionBeforeChangeHook } from 'payload'

import { InputError } from '../../../src/lib/errors'
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../../src/lib/locales'
import { changesFields } from '../../../src/workflow/content'

/** The localized text a translator translates (the phones' hours are compared on their own). */
export const TRANSLATED_FIELDS = ['title', 'summary', 'body'] as const

export type TranslationRow = { lang: Locale; sourceVersion: number; needsReview: boolean }

type Doc = Record<string, unknown>
type Phone = { hours?: unknown }
type Card = { doThis?: unknown; toAgent?: unknown }

const hoursOf = (phones: unknown) =>
  (Array.isArray(phones) ? (phones as Phone[]) : []).map((phone) => phone?.hours ?? null)
const cardOf = (card: unknown) => ({
  doThis: (card as Card | null)?.doThis ?? null,
  toAgent: (card as Card | null)?.toAgent ?? null,
})

/** Whether `data` changes the text of the language being saved. */
function textChanged(original: Doc, data: Doc): boolean {
  if (changesFields(TRANSLATED_FIELDS, original, data)) return true
  if ('card' in data && JSON.stringify(cardOf(data.card)) !== JSON.stringify(cardOf(original.card)))
    return true
  return (
    'phones' in data &&
    JSON.stringify(hoursOf(data.phones)) !== JSON.stringify(hoursOf(original.phones))
  )
}

/**
 * Translation tracking. `sourceVersion` counts the changes to the source language's text; each
 * other language records the version it was translated from (`translations[].sourceVersion`),
 * set whenever its own text is saved, and is flagged `needsReview` once the source has moved on.
 * A flagged language is not public (src/policy/resources.ts): readers get the source language.
 */
export const trackTranslations: CollectionBeforeChangeHook = ({
  data,
  originalDoc,
  operation,
  req,
}) => {
  // Text saved for every language at once (`locale=all`) cannot be told apart by language: it
  // would mark a stale translation current (or miss a changed source), so it is refused.
  if (
    req.locale &&
    !isLocale(req.locale) &&
    textChanged((operation === 'create' ? {} : (originalDoc ?? {})) as Doc, data)
  )
    throw new InputError('Save a resource’s text one language at a time (locale=en or locale=es).')
  const locale: Locale = isLocale(req.locale) ? req.locale : DEFAULT_LOCALE
  const original = (operation === 'create' ? {} : (originalDoc ?? {})) as Doc
  const source = (data.sourceLanguage ?? original.sourceLanguage ?? locale) as Locale
  let version = Number(original.sourceVersion ?? 0)
  let rows = ((original.translations as TranslationRow[] | undefined) ?? []).map(
    ({ lang, sourceVersion }) => ({ lang, sourceVersion: Number(sourceVersion) }),
  )
  if (operation === 'create') version = 1
  if (operation === 'create' ? locale !== source : textChanged(original, data)) {
    if (locale === source) version += 1
    else
      rows = [
        ...rows.filter((row) => row.lang !== locale),
        { lang: locale, sourceVersion: version },
      ]
  }
  const translations: TranslationRow[] = rows
    .filter((row) => row.lang !== source && isLocale(row.lang))
    .map((row) => ({ ...row, needsReview: row.sourceVersion < version }))
  return { ...data, sourceLanguage: source, sourceVersion: version, translations }
}
