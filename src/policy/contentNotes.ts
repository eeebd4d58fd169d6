import type { Locale } from '../lib/locales'

/** The fixed list of content notes (issue 15): a plain, neutral word for what a reader may meet. */
export const CONTENT_NOTES = [
  'detention',
  'deportation',
  'family-separation',
  'violence',
  'sexual-violence',
  'death',
  'self-harm',
  'harm-to-children',
] as const
export type ContentNoteCode = (typeof CONTENT_NOTES)[number]
export type ContentNote = { code: ContentNoteCode; label: string }

export const CONTENT_NOTE_LABELS: Record<ContentNoteCode, Record<Locale, string>> = {
  detention: { en: 'Detention', es: 'Detención' },
  deportation: { en: 'Deportation', es: 'Deportación' },
  'family-separation': { en: 'Family separation', es: 'Separación familiar' },
  violence: { en: 'Violence', es: 'Violencia' },
  'sexual-violence': { en: 'Sexual violence', es: 'Violencia sexual' },
  death: { en: 'Death', es: 'Muerte' },
  'self-harm': { en: 'Self-harm', es: 'Autolesión' },
  'harm-to-children': { en: 'Harm to children', es: 'Daño a niñas y niños' },
}

/** The words before a noted item's body, in each language. */
export const CONTENT_NOTE_INTRO: Record<Locale, string> = {
  en: 'Content note',
  es: 'Aviso de contenido',
}

const isCode = (value: unknown): value is ContentNoteCode =>
  CONTENT_NOTES.includes(value as ContentNoteCode)

/** An item's stored notes as the public sees them, in the list's order, labelled in `locale`. */
export function contentNotesOf(value: unknown, locale: Locale): ContentNote[] {
  const chosen = new Set(Array.isArray(value) ? value.filter(isCode) : [])
  return CONTENT_NOTES.filter((code) => chosen.has(code)).map((code) => ({
    code,
    label: CONTENT_NOTE_LABELS[code][locale],
  }))
}

/** One line for captions and plain text: "Content note: Detention, Deportation." */
export const contentNoteLine = (notes: readonly ContentNote[], locale: Locale): string =>
  notes.length
    ? `${CONTENT_NOTE_INTRO[locale]}: ${notes.map((note) => note.label).join(', ')}.`
    : ''
