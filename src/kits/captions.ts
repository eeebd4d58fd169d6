import type { Locale } from '../lib/locales'

/** Caption limits per platform, in characters (graphemes). */
export const CAPTION_LIMITS = {
  x: 280,
  bluesky: 300,
  threads: 500,
  instagram: 2200,
  linkedin: 3000,
} as const
export type Platform = keyof typeof CAPTION_LIMITS
export const PLATFORMS = Object.keys(CAPTION_LIMITS) as Platform[]

/** A text's length as a reader counts it (and the platforms do): in graphemes. */
export const graphemes = (text: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length

/**
 * A caption's end: `lead` (what ends in the link), then the hashtags, kept whole. Hashtags are
 * dropped from the end until `room` graphemes of `limit` are left for the rest, or none is left.
 */
export function captionTail(
  lead: string,
  tags: readonly string[],
  limit: number,
  room: number,
): string {
  let kept = [...tags]
  for (;;) {
    const tail = `${lead}${kept.length ? `\n\n${kept.join(' ')}` : ''}`
    if (graphemes(tail) + room <= limit || !kept.length) return tail
    kept = kept.slice(0, -1)
  }
}

/**
 * A hashtag in CamelCase, which screen readers can read word by word: `we_are_home`,
 * `weAreHome` and `#WeAreHome` all become `#WeAreHome`. Letters keep their accents.
 */
export function camelHashtag(tag: string): string {
  const words = tag
    .replace(/^#/, '')
    .split(/[_\s-]+|(?<=\p{Ll})(?=\p{Lu})/u)
    .filter(Boolean)
  return `#${words.map((word) => word.charAt(0).toLocaleUpperCase() + word.slice(1)).join('')}`
}

/** Cuts `text` to at most `limit` graphemes at a word boundary, adding "…" when it was cut. */
export function cutAtWord(text: string, limit: number, locale: Locale = 'en'): string {
  const clean = text.replace(/\s+/g, ' ').trim()
  if (graphemes(clean) <= limit) return clean
  let cut = ''
  for (const { index, segment, isWordLike } of new Intl.Segmenter(locale, {
    granularity: 'word',
  }).segment(clean)) {
    if (!isWordLike) continue
    const candidate = clean.slice(0, index + segment.length)
    if (graphemes(candidate) + 1 > limit) break
    cut = candidate
  }
  return cut ? `${cut.replace(/[\s,;:.—–-]+$/u, '')}…` : ''
}

export type CaptionInput = {
  /** The quote (stories) or title (artworks), without quotation marks: shortened first when space runs out. */
  text: string
  attribution: string
  link: string
  hashtags: string[]
  locale: Locale
  /** The item's content note line (issue 15), kept whole before everything else. */
  note?: string
}

const READ_MORE: Record<Locale, string> = { en: 'Read more:', es: 'Lee más:' }

/**
 * One caption per platform, each within its limit. The link and the hashtags are kept whole;
 * the text is cut at a word; hashtags are dropped from the end only if even they do not fit.
 */
export function captions(input: CaptionInput): Record<Platform, string> {
  const tags = input.hashtags.map(camelHashtag)
  const result = {} as Record<Platform, string>
  for (const platform of PLATFORMS) {
    const limit = CAPTION_LIMITS[platform]
    const tail = captionTail(`${READ_MORE[input.locale]} ${input.link}`, tags, limit, 12)
    const byline = ` — ${input.attribution}`
    const head = input.note ? `${input.note}\n\n` : ''
    // Two line breaks and the two quotation marks.
    const room = limit - graphemes(head) - graphemes(tail) - graphemes(byline) - 4
    const cut = cutAtWord(input.text, Math.max(room, 0), input.locale)
    const caption = `${head}${cut ? `“${cut}”${byline}` : input.attribution}\n\n${tail}`
    result[platform] = graphemes(caption) <= limit ? caption : `${head}${tail}`
  }
  return result
}
