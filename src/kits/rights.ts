import type { Locale } from '../lib/locales'
import {
  CAPTION_LIMITS,
  camelHashtag,
  captionTail,
  cutAtWord,
  graphemes,
  type Platform,
  PLATFORMS,
} from './captions'
import type { RenderedCard } from './render'

// Caption and alt text of a know-your-rights card (issue 16). The hotline number and the link are
// what a reader acts on: they are kept whole, and the advice is what gets shortened.

const LABELS: Record<Locale, { card: string; call: string; more: string }> = {
  en: { card: 'Know-your-rights card', call: 'Hotline:', more: 'More:' },
  es: { card: 'Tarjeta Conozca sus derechos', call: 'Línea de ayuda:', more: 'Más:' },
}

const sentence = (text: string) =>
  /[.!?…»"”]$/u.test(text.trim()) ? text.trim() : `${text.trim()}.`

/** Says what the card shows, as drawn (a shortened text ends in "…" here too). */
export function rightsAltText(card: RenderedCard, lang: Locale, orgName: string): string {
  const drawn = card.drawnRights
  if (!drawn) throw new Error('Not a know-your-rights card.')
  const body = [drawn.title, drawn.doThis, drawn.hotline ?? '']
    .filter(Boolean)
    .map(sentence)
    .join(' ')
  return `${LABELS[lang].card}: ${body} — ${orgName}`
}

export type RightsCaptionInput = {
  title: string
  doThis: string
  hotline?: string | null
  link: string
  hashtags: string[]
  locale: Locale
}

/** One caption per platform within its limit: title, advice (cut at a word), hotline, link, tags. */
export function rightsCaptions(input: RightsCaptionInput): Record<Platform, string> {
  const label = LABELS[input.locale]
  const tags = input.hashtags.map(camelHashtag)
  const call = input.hotline?.trim() ? `${label.call} ${input.hotline.trim()}\n` : ''
  const result = {} as Record<Platform, string>
  for (const platform of PLATFORMS) {
    const limit = CAPTION_LIMITS[platform]
    const tail = captionTail(`${call}${label.more} ${input.link}`, tags, limit, 40)
    const title = cutAtWord(input.title, Math.max(limit - graphemes(tail) - 2, 0), input.locale)
    const room = limit - graphemes(tail) - graphemes(title) - 4
    const advice = cutAtWord(input.doThis, Math.max(room, 0), input.locale)
    const caption = [title, advice, tail].filter(Boolean).join('\n\n')
    result[platform] = graphemes(caption) <= limit ? caption : tail
  }
  return result
}
