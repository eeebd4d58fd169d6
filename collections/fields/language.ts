import type { Field } from 'payload'

import { LOCALES } from '../../src/lib/locales'

export const LANGUAGE_LABELS: Record<(typeof LOCALES)[number], string> = {
  en: 'English',
  es: 'Español',
}

/**
 * The language an item was told (or a consent given) in: one of the languages Relato supports,
 * picked from a list. Stored as the same text as before (SQLite text, a MongoDB string); a value
 * saved before this was a list (any BCP 47 tag, such as es-MX) stays valid while it is left
 * unchanged, so old items can still be withdrawn or moved.
 */
export const languageField = (): Field => ({
  name: 'language',
  type: 'select',
  required: true,
  defaultValue: 'en',
  options: LOCALES.map((value) => ({ value, label: LANGUAGE_LABELS[value] })),
  validate: (value: unknown, { previousValue }: { previousValue?: unknown }) => {
    if (value === undefined || value === null || value === '') return 'Choose a language.'
    if ((LOCALES as readonly unknown[]).includes(value) || value === previousValue) return true
    return `Choose one of: ${LOCALES.join(', ')}.`
  },
})
