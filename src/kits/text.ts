import sharp from 'sharp'

import { escapeHtml } from '../lib/html'
import { fontDescription, fontFile, type FontWeight } from './fonts'

export type TextStyle = {
  weight: FontWeight
  color: string
  /** Largest and smallest font size in pixels; the text is drawn as large as fits between them. */
  maxSize: number
  minSize: number
  align?: 'left' | 'centre'
}

export type FittedText = {
  /** RGBA PNG no larger than the box it was fitted to. */
  image: Buffer
  width: number
  height: number
  size: number
  /** The text as drawn: shortened with an ellipsis when even the smallest size did not fit. */
  text: string
  truncated: boolean
}

export type Box = { width: number; height: number }

const ELLIPSIS = '…'
// Noto Sans: a line is ≈ 1.36 em high and an average character ≈ 0.55 em wide; wrapping leaves
// some space unused. Only a first guess: every size is checked by rendering.
const AREA_PER_CHAR_EM2 = 1.36 * 0.55 * 1.15

async function render(text: string, size: number, width: number, style: TextStyle) {
  const markup = `<span foreground="${style.color}">${escapeHtml(text)}</span>`
  const { data, info } = await sharp({
    text: {
      text: markup,
      font: fontDescription(style.weight, size),
      fontfile: fontFile(style.weight),
      width,
      dpi: 72,
      rgba: true,
      wrap: 'word-char',
      align: style.align === 'centre' ? 'centre' : 'left',
    },
  })
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true })
  return { image: data, width: info.width, height: info.height }
}

const fits = (drawn: { width: number; height: number }, box: Box) =>
  drawn.width <= box.width && drawn.height <= box.height

/**
 * Draws `text` wrapped inside `box`, as large as fits (never larger than `maxSize`). A first size
 * is guessed from the text's area and corrected from what was measured, so most texts take one
 * or two renders. When even `minSize` overflows, whole words are cut (Intl.Segmenter) and an
 * ellipsis added. The result never overflows the box.
 */
export async function fitText(text: string, box: Box, style: TextStyle): Promise<FittedText> {
  const clean = text.replace(/\s+/g, ' ').trim()
  const chars = Math.max(clean.length, 1)
  let size = Math.floor(
    Math.min(style.maxSize, Math.sqrt((box.width * box.height) / (chars * AREA_PER_CHAR_EM2))),
  )
  size = Math.max(size, style.minSize)
  const tried = new Set<number>()
  while (!tried.has(size)) {
    tried.add(size)
    const drawn = await render(clean, size, box.width, style)
    if (fits(drawn, box)) return { ...drawn, size, text: clean, truncated: false }
    if (size === style.minSize) break
    // Area grows with the square of the size: shrink by the measured overflow, a little more.
    const ratio = Math.sqrt((box.width * box.height) / (Math.max(drawn.width, 1) * drawn.height))
    size = Math.max(style.minSize, Math.min(size - 1, Math.floor(size * ratio * 0.97)))
  }
  return shorten(clean, box, style)
}

/** Whole-word prefixes of `text`, shortest first, each ending where a word ends. */
export function wordPrefixes(text: string, locale = 'en'): string[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'word' })
  const prefixes: string[] = []
  for (const { index, segment, isWordLike } of segmenter.segment(text)) {
    if (isWordLike) prefixes.push(text.slice(0, index + segment.length))
  }
  return prefixes
}

/** The longest whole-word prefix (plus "…") that fits at the smallest size: a binary search. */
async function shorten(text: string, box: Box, style: TextStyle): Promise<FittedText> {
  const prefixes = wordPrefixes(text)
  let low = 0
  let high = prefixes.length - 1
  let best: FittedText | null = null
  while (low <= high) {
    const middle = (low + high) >> 1
    const candidate = `${prefixes[middle].replace(/[\s,;:.—–-]+$/u, '')}${ELLIPSIS}`
    const drawn = await render(candidate, style.minSize, box.width, style)
    if (fits(drawn, box)) {
      best = { ...drawn, size: style.minSize, text: candidate, truncated: true }
      low = middle + 1
    } else high = middle - 1
  }
  if (best) return best
  // Not even one word fits: the box is too small for this style. Draw nothing rather than overflow.
  const empty = await sharp({
    create: { width: 1, height: 1, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .png()
    .toBuffer()
  return { image: empty, width: 1, height: 1, size: style.minSize, text: '', truncated: true }
}
