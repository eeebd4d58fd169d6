import PDFDocument from 'pdfkit'

import { fontFile } from '../kits/fonts'
import { wordPrefixes } from '../kits/text'

/**
 * Printable know-your-rights cards (issue 16): a wallet card (3.5 × 2 in, both sides, with 1/8 in
 * bleed for a print shop) and a US Letter sheet of ten for an office printer (fronts on page 1,
 * backs on page 2 placed for long-edge duplex). Drawn with pdfkit: vector text in Noto Sans, the
 * kits' font, embedded as a subset, so Spanish and the Latin letters of indigenous languages
 * (ꞌ, ɨ, ʉ, ü…) print on any machine and can be copied out of the file.
 */
export type KnowYourRightsCard = {
  /** BCP 47 tag of the card's text (any tag: `zap`, `quc`, `mix` as well as `en`, `es`). */
  lang: string
  title: string
  /** What the person should do (front). Line breaks are kept. */
  doThis: string
  /** The statement addressed to an agent (back). Line breaks are kept. */
  toAgent: string
  hotline?: string | null
  orgName: string
}

export type PrintSize = 'wallet' | 'letter'
export const PRINT_SIZES: readonly PrintSize[] = ['wallet', 'letter']

/** Sizes in PDF points (1/72 in). */
export const TRIM = { width: 252, height: 144 } as const
export const BLEED = 9
export const LETTER = { width: 612, height: 792 } as const
/** The ten cards of a sheet: two columns of five, the grid centred (Avery 8371's layout). */
export const SHEET = { columns: 2, rows: 5 } as const
const SHEET_LEFT = (LETTER.width - SHEET.columns * TRIM.width) / 2
const SHEET_TOP = (LETTER.height - SHEET.rows * TRIM.height) / 2
/** Text keeps this far inside the trim: a cut a little off never takes a letter. */
export const SAFE = 9

const INK = '#111111'
const BAND = '#1d3557'
const BAND_HEIGHT = 38

type Font = 'regular' | 'semibold'
type Box = { x: number; y: number; width: number; height: number }
type Style = { font: Font; max: number; min: number; colour: string; align?: 'left' | 'right' }

/** A text as laid out on one side of the card, in card coordinates (points from the trim's top left). */
export type PlacedText = { box: Box; text: string; size: number; truncated: boolean }
export type Side = PlacedText[]

export type PrintedCard = {
  pdf: Buffer
  /** Where each text went on the front and the back, as drawn (tests check it stays inside). */
  front: Side
  back: Side
}

const ELLIPSIS = '…'
const STEP = 0.25

/** Whitespace made single inside a line; line breaks (at most one blank line) are kept. */
const clean = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()

type Doc = InstanceType<typeof PDFDocument>

function height(doc: Doc, text: string, style: Style, size: number, width: number) {
  doc.font(style.font).fontSize(size)
  return doc.heightOfString(text, { width, lineGap: 0 })
}

/**
 * The largest size (in quarter points, at most `max`) at which `text` wraps inside `box`; below
 * `min`, whole words are cut from the end and "…" added (a binary search over word prefixes).
 * pdfkit's wrapper breaks a word longer than the line inside the word, so nothing runs wide.
 */
function fit(doc: Doc, text: string, box: Box, style: Style): Omit<PlacedText, 'box'> {
  const fits = (candidate: string, size: number) =>
    height(doc, candidate, style, size, box.width) <= box.height
  let low = Math.round(style.min / STEP)
  let high = Math.round(style.max / STEP)
  // Most cards fit at the largest size: one measurement (each costs ≈ 10 ms of line breaking).
  if (fits(text, high * STEP)) return { text, size: high * STEP, truncated: false }
  high--
  if (fits(text, low * STEP)) {
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (fits(text, middle * STEP)) low = middle
      else high = middle - 1
    }
    return { text, size: low * STEP, truncated: false }
  }
  const prefixes = wordPrefixes(text)
  let best = ''
  let from = 0
  let to = prefixes.length - 1
  while (from <= to) {
    const middle = (from + to) >> 1
    const candidate = `${prefixes[middle].replace(/[\s,;:.—–-]+$/u, '')}${ELLIPSIS}`
    if (fits(candidate, style.min)) {
      best = candidate
      from = middle + 1
    } else to = middle - 1
  }
  return { text: best, size: style.min, truncated: true }
}

/** The inner area every text keeps to, in card coordinates. */
const inner = { x: SAFE, width: TRIM.width - 2 * SAFE }

type Slot = { box: Box; style: Style; text: string }
/** A side laid out once, then drawn at every place it goes (once on a wallet page, ten times on a sheet). */
type Layout = { band: Box; texts: (Slot & PlacedText)[] }

function frontSlots(card: KnowYourRightsCard): Omit<Layout, 'texts'> & { slots: Slot[] } {
  const hotline = card.hotline?.trim()
  const footerHeight = hotline ? 16 : 0
  const footerY = TRIM.height - SAFE - footerHeight
  const bodyY = BAND_HEIGHT + 5
  const slots: Slot[] = [
    {
      text: card.title,
      box: { ...inner, y: SAFE - 2, height: BAND_HEIGHT - SAFE },
      style: { font: 'semibold', max: 12, min: 6, colour: '#ffffff' },
    },
    {
      text: card.doThis,
      box: { ...inner, y: bodyY, height: footerY - (hotline ? 3 : 0) - bodyY },
      style: { font: 'regular', max: 10, min: 5, colour: INK },
    },
  ]
  if (hotline)
    slots.push({
      text: hotline,
      box: { ...inner, y: footerY, height: footerHeight },
      style: { font: 'semibold', max: 11, min: 6, colour: BAND },
    })
  // The band runs into the bleed on the wallet page; on the sheet the card's clip stops it at the trim.
  return {
    band: { x: -BLEED, y: -BLEED, width: TRIM.width + 2 * BLEED, height: BAND_HEIGHT + BLEED },
    slots,
  }
}

function backSlots(card: KnowYourRightsCard): Omit<Layout, 'texts'> & { slots: Slot[] } {
  const footerHeight = 12
  const footerY = TRIM.height - SAFE - footerHeight
  return {
    band: { x: -BLEED, y: TRIM.height - 4, width: TRIM.width + 2 * BLEED, height: 4 + BLEED },
    slots: [
      {
        text: card.toAgent,
        box: { ...inner, y: SAFE, height: footerY - 3 - SAFE },
        style: { font: 'semibold', max: 10.5, min: 5, colour: INK },
      },
      {
        text: card.orgName,
        box: { ...inner, y: footerY, height: footerHeight },
        style: { font: 'regular', max: 7.5, min: 5, colour: INK, align: 'right' },
      },
    ],
  }
}

function layout(doc: Doc, { band, slots }: ReturnType<typeof frontSlots>): Layout {
  return {
    band,
    texts: slots.map((slot) => ({ ...slot, ...fit(doc, clean(slot.text), slot.box, slot.style) })),
  }
}

function draw(doc: Doc, { band, texts }: Layout, origin: { x: number; y: number }) {
  doc.rect(origin.x + band.x, origin.y + band.y, band.width, band.height).fill(BAND)
  for (const { text, size, box, style } of texts) {
    if (!text) continue
    doc
      .font(style.font)
      .fontSize(size)
      .fillColor(style.colour)
      .text(text, origin.x + box.x, origin.y + box.y, {
        width: box.width,
        height: box.height,
        lineGap: 0,
        align: style.align ?? 'left',
      })
  }
}

const placed = ({ texts }: Layout): Side =>
  texts.map(({ box, text, size, truncated }) => ({ box, text, size, truncated }))

/** Sets the print boxes of the current page: what is cut (TrimBox) and what may be printed past it. */
function boxes(doc: Doc, trim: [number, number, number, number], bleed: typeof trim) {
  const page = doc.page.dictionary as unknown as { data: Record<string, unknown> }
  page.data.TrimBox = trim
  page.data.BleedBox = bleed
}

function newDocument(card: KnowYourRightsCard, size: readonly [number, number]) {
  const doc = new PDFDocument({
    size: [...size],
    margin: 0,
    autoFirstPage: false,
    // A font of our own from the start: pdfkit's default (Helvetica) would be a font not embedded.
    font: fontFile('regular'),
    lang: card.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: clean(card.title).replace(/\n/g, ' '),
      Author: card.orgName,
      Creator: 'Relato',
      // Fixed, so the same card gives the same bytes.
      CreationDate: new Date(Date.UTC(2026, 0, 1)),
    },
  })
  doc.registerFont('regular', fontFile('regular'))
  doc.registerFont('semibold', fontFile('semibold'))
  return doc
}

function finish(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.end()
  })
}

/** Page 1 the front, page 2 the back: 270 × 162 pt each, the card trimmed at 9 pt from every edge. */
export async function walletCardPdf(card: KnowYourRightsCard): Promise<PrintedCard> {
  const page = [TRIM.width + 2 * BLEED, TRIM.height + 2 * BLEED] as const
  const doc = newDocument(card, page)
  const trim: [number, number, number, number] = [
    BLEED,
    BLEED,
    BLEED + TRIM.width,
    BLEED + TRIM.height,
  ]
  const origin = { x: BLEED, y: BLEED }
  const sides = [layout(doc, frontSlots(card)), layout(doc, backSlots(card))]
  for (const side of sides) {
    doc.addPage()
    boxes(doc, trim, [0, 0, page[0], page[1]])
    draw(doc, side, origin)
  }
  return { pdf: await finish(doc), front: placed(sides[0]), back: placed(sides[1]) }
}

/** Short cut marks in the margin where the sheet is cut, clear of every card. */
function cutMarks(doc: Doc) {
  const right = SHEET_LEFT + SHEET.columns * TRIM.width
  const bottom = SHEET_TOP + SHEET.rows * TRIM.height
  doc.save().lineWidth(0.25).strokeColor('#000000')
  for (let column = 0; column <= SHEET.columns; column++) {
    const x = SHEET_LEFT + column * TRIM.width
    doc.moveTo(x, SHEET_TOP - 27).lineTo(x, SHEET_TOP - 9)
    doc.moveTo(x, bottom + 9).lineTo(x, bottom + 27)
  }
  for (let row = 0; row <= SHEET.rows; row++) {
    const y = SHEET_TOP + row * TRIM.height
    doc.moveTo(SHEET_LEFT - 27, y).lineTo(SHEET_LEFT - 9, y)
    doc.moveTo(right + 9, y).lineTo(right + 27, y)
  }
  doc.stroke().restore()
}

/** Where the card in `column`, `row` is cut from the sheet; a back mirrors the columns (long-edge duplex). */
export function sheetSlot(column: number, row: number, back = false) {
  const x = SHEET_LEFT + (back ? SHEET.columns - 1 - column : column) * TRIM.width
  return { x, y: SHEET_TOP + row * TRIM.height }
}

/** Ten cards on US Letter: fronts on page 1, backs on page 2 behind their fronts when printed duplex. */
export async function letterSheetPdf(card: KnowYourRightsCard): Promise<PrintedCard> {
  const doc = newDocument(card, [LETTER.width, LETTER.height])
  const whole: [number, number, number, number] = [0, 0, LETTER.width, LETTER.height]
  const [front, back] = [layout(doc, frontSlots(card)), layout(doc, backSlots(card))]
  for (const side of [front, back]) {
    doc.addPage()
    boxes(doc, whole, whole)
    if (side === front) cutMarks(doc)
    for (let row = 0; row < SHEET.rows; row++) {
      for (let column = 0; column < SHEET.columns; column++) {
        const origin = sheetSlot(column, row, side === back)
        doc.save().rect(origin.x, origin.y, TRIM.width, TRIM.height).clip()
        draw(doc, side, origin)
        doc.restore()
      }
    }
  }
  return { pdf: await finish(doc), front: placed(front), back: placed(back) }
}

export const printPdf = (card: KnowYourRightsCard, size: PrintSize) =>
  size === 'wallet' ? walletCardPdf(card) : letterSheetPdf(card)
