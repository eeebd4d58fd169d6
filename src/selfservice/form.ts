import { whyNotCoarse } from '../lib/coarseLocation'
import { InputError } from '../lib/errors'
import { isLocale, type Locale } from '../lib/locales'
import { CONTENT_NOTES, type ContentNoteCode } from '../policy/contentNotes'
import { PUBLISHING_SCOPES, type Scope } from '../policy/scopes'
import { TEXT } from './text'

/** What a storyteller may agree to on the form, in the order it is asked. */
export const FORM_SCOPES = [
  'gallery',
  'partners',
  'social',
  'named',
  'photo',
  'voice',
] as const satisfies readonly Scope[]

export const EXPIRIES = { none: null, '1y': 1, '2y': 2 } as const
export type Expiry = keyof typeof EXPIRIES

export const LIMITS = {
  story: 20_000,
  title: 200,
  pullQuote: 280,
  name: 120,
  location: 120,
  email: 254,
  phone: 40,
  photoDescription: 1_000,
  photos: 3,
  recordings: 1,
}

/** A file sent with a form, kept once as it arrived (src/selfservice/body.ts), by its field. */
export type Upload = { data: Buffer; name: string; type: string; field?: string }

/** The form's file inputs: the photos, and one recording (issue 18). */
export const FILE_FIELDS = ['photos', 'recording'] as const

/** The fields of a form or JSON body, as lists of strings, plus uploaded files. */
export type FormInput = { values: Map<string, string[]>; files: Upload[] }

export type Photo = Upload

/** What a storyteller tells about themselves and their story, as given on the form. */
export type StoryDetails = {
  pullQuote: string | null
  language: string
  displayName: string | null
  pseudonym: string | null
  location: string | null
  contactEmail: string | null
  contactPhone: string | null
}

export type Submission = StoryDetails & {
  formLanguage: Locale
  story: string
  title: string | null
  emailLink: boolean
  consent: ConsentChoice
  photos: Photo[]
  /** One recording, cleaned by src/media/audio.ts when saved; public only with `voice`. */
  recording: Upload | null
  photoDescription: string | null
  pixelateFaces: boolean
  /** What a reader may meet in the story, as the storyteller ticked it (issue 15). */
  contentNotes: ContentNoteCode[]
}

export type ConsentChoice = { scopes: Scope[]; expiry: Expiry }

/** A refused form: one message per field, in the form's language, to show beside each field. */
export class FormError extends InputError {
  constructor(
    readonly fields: Record<string, string>,
    status = 400,
    /** The answer's code when it is not a plain form mistake (a refused recording: 415, 413). */
    readonly code = 'invalid_submission',
  ) {
    super(Object.values(fields).join(' '), status)
    this.name = 'InputError'
  }
}

const first = (input: FormInput, name: string): string => (input.values.get(name)?.[0] ?? '').trim()
const optional = (value: string): string | null => (value === '' ? null : value)
const ticked = (input: FormInput, name: string): boolean =>
  ['on', 'true', 'yes', '1'].includes(first(input, name).toLowerCase())

export function formLanguageOf(input: FormInput, fallback: Locale = 'en'): Locale {
  const lang = first(input, 'lang')
  return isLocale(lang) ? lang : fallback
}

/** The consent part of a form: used on submission and when changing scopes later. */
export function readConsentChoice(
  input: FormInput,
  lang: Locale,
  errors: Record<string, string>,
): ConsentChoice {
  const scopes = FORM_SCOPES.filter((scope) => (input.values.get('scopes') ?? []).includes(scope))
  if (!scopes.some((scope) => PUBLISHING_SCOPES.includes(scope)))
    errors.scopes = TEXT[lang].scopesRequired
  const expiry = first(input, 'expiry') || 'none'
  return { scopes, expiry: expiry in EXPIRIES ? (expiry as Expiry) : 'none' }
}

/** Checks a submission as a whole: every problem is reported at once, nothing is saved. */
export async function readSubmission(input: FormInput, lang: Locale): Promise<Submission> {
  const text = TEXT[lang]
  // The honeypot: hidden from people, filled in by form-filling robots.
  if (first(input, 'website') !== '') throw new FormError({ website: text.botSuspected })

  const errors: Record<string, string> = {}
  const field = (name: string, max: number) => {
    const value = first(input, name)
    if (value.length > max) errors[name] = text.tooLong(max)
    return value
  }
  const story = field('story', LIMITS.story).replace(/\r\n?/g, '\n')
  if (!story) errors.story = text.storyRequired
  const title = field('title', LIMITS.title)
  const pullQuote = field('pullQuote', LIMITS.pullQuote)
  const language = first(input, 'language') || lang
  // The story's language is one of those Relato supports (collections/fields/language.ts).
  if (!isLocale(language)) errors.language = text.badLanguage
  const displayName = field('displayName', LIMITS.name)
  const pseudonym = field('pseudonym', LIMITS.name)
  const location = field('location', LIMITS.location)
  if (location && whyNotCoarse(location)) errors.location = text.notCoarse
  const contactEmail = field('contactEmail', LIMITS.email)
  if (contactEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contactEmail))
    errors.contactEmail = text.badEmail
  const contactPhone = field('contactPhone', LIMITS.phone)
  if (contactPhone && !/^[0-9 +().-]+$/.test(contactPhone)) errors.contactPhone = text.badPhone
  const emailLink = ticked(input, 'emailLink')
  if (emailLink && !contactEmail) errors.emailLink = text.emailLinkNeedsEmail
  const consent = readConsentChoice(input, lang, errors)
  const contentNotes = readContentNotes(input, lang, errors)

  // A file input left empty still sends one nameless, empty part.
  const sent = input.files.filter((file) => file.data.length > 0 || file.name !== '')
  const files = sent.filter((file) => (file.field ?? 'photos') === 'photos')
  const recordings = sent.filter((file) => file.field === 'recording')
  if (recordings.length > LIMITS.recordings) errors.recording = text.tooManyRecordings
  if (files.length > LIMITS.photos) errors.photos = text.tooManyPhotos(LIMITS.photos)
  const photoDescription = field('photoDescription', LIMITS.photoDescription)
  if (files.length && !photoDescription) errors.photoDescription = text.photoDescriptionRequired

  if (Object.keys(errors).length) throw new FormError(errors)
  return {
    formLanguage: lang,
    story,
    title: optional(title),
    pullQuote: optional(pullQuote),
    language,
    displayName: optional(displayName),
    pseudonym: optional(pseudonym),
    location: optional(location),
    contactEmail: optional(contactEmail),
    contactPhone: optional(contactPhone),
    emailLink,
    consent,
    photos: files.map((file) => ({ ...file, name: file.name || 'photo' })),
    recording: recordings[0] ? { ...recordings[0], name: recordings[0].name || 'recording' } : null,
    photoDescription: optional(photoDescription),
    pixelateFaces: ticked(input, 'pixelateFaces'),
    contentNotes,
  }
}

/** The ticked content notes, in the list's order; a code not on the list is refused, not dropped. */
function readContentNotes(
  input: FormInput,
  lang: Locale,
  errors: Record<string, string>,
): ContentNoteCode[] {
  const given = (input.values.get('contentNotes') ?? []).map((code) => code.trim()).filter(Boolean)
  if (given.some((code) => !CONTENT_NOTES.includes(code as ContentNoteCode)))
    errors.contentNotes = TEXT[lang].badContentNote
  return CONTENT_NOTES.filter((code) => given.includes(code))
}

/** The end of a grant chosen on the form, from a moment. */
export function expiresAt(expiry: Expiry, from: Date): string | null {
  const years = EXPIRIES[expiry]
  if (years === null) return null
  const end = new Date(from)
  end.setUTCFullYear(end.getUTCFullYear() + years)
  return end.toISOString()
}
