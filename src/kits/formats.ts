/**
 * The image formats of a kit (issue 7). `safeTop`/`safeBottom`: rows that platform interface
 * covers (stories), left free of text. `maxBytes`: the platform's upload limit.
 */
export const FORMATS = {
  'instagram-square': { width: 1080, height: 1080, safeTop: 0, safeBottom: 0, maxBytes: null },
  'instagram-portrait': { width: 1080, height: 1350, safeTop: 0, safeBottom: 0, maxBytes: null },
  story: { width: 1080, height: 1920, safeTop: 250, safeBottom: 250, maxBytes: null },
  x: { width: 1600, height: 900, safeTop: 0, safeBottom: 0, maxBytes: null },
  link: { width: 1200, height: 630, safeTop: 0, safeBottom: 0, maxBytes: null },
  bluesky: { width: 1200, height: 1200, safeTop: 0, safeBottom: 0, maxBytes: 1_000_000 },
} as const satisfies Record<string, FormatSpec>

export type FormatSpec = {
  width: number
  height: number
  safeTop: number
  safeBottom: number
  maxBytes: number | null
}
export type FormatName = keyof typeof FORMATS
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[]

/**
 * What a card shows: a story's quote, a story's photo (only with `photo` consent), an artwork,
 * a know-your-rights resource (issue 16).
 */
export const CARD_KINDS = ['quote', 'photo', 'artwork', 'rights'] as const
export type CardKind = (typeof CARD_KINDS)[number]
