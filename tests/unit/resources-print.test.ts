import { describe, expect, it } from 'vitest'

import {
  BLEED,
  type KnowYourRightsCard,
  LETTER,
  letterSheetPdf,
  SHEET,
  sheetSlot,
  type Side,
  TRIM,
  walletCardPdf,
} from '../../src/resources/print'
import { type PdfTextItem, readPdf } from '../helpers/pdf'

// The PDFs are read back with pdf.js (tests/helpers/pdf.ts): page sizes, the text as a reader
// would copy it, and where each line was drawn.

const ENGLISH: KnowYourRightsCard = {
  lang: 'en',
  title: 'Know your rights',
  doThis:
    'Do not open the door unless an agent shows a warrant signed by a judge.\nYou have the right to remain silent. Do not sign anything without a lawyer. Ask: "Am I free to leave?"',
  toAgent:
    'I do not wish to speak with you. I am exercising my right to remain silent. I do not consent to a search. I will not sign anything without a lawyer.',
  hotline: 'Hotline (demo): (213) 555-0100',
  orgName: 'Demo Rapid Response Network',
}

const SPANISH: KnowYourRightsCard = {
  lang: 'es',
  title: 'Conozca sus derechos',
  doThis:
    'No abra la puerta sin una orden firmada por un juez.\nTiene derecho a guardar silencio. No firme nada sin hablar con un abogado. Pregunte: «¿Puedo irme?»',
  toAgent:
    'No deseo hablar con usted. Ejerzo mi derecho a guardar silencio. No doy mi consentimiento para un registro. No firmaré nada sin un abogado.',
  hotline: 'Línea de ayuda (demo): (213) 555-0100',
  orgName: 'Red de Respuesta Rápida de Los Ángeles',
}

// Zapotec of the Isthmus (letters Noto Sans has, ꞌ the saltillo); far too long for a wallet card.
const LONG: KnowYourRightsCard = {
  lang: 'zap',
  title: `Guiénda nabáni ${'Ñaaꞌ '.repeat(30)}`,
  doThis: Array.from({ length: 300 }, (_, i) => `palabra${i}`).join(' '),
  toAgent: `${'Esternocleidomastoideo'.repeat(12)} ${'ɨʉ '.repeat(200)}`,
  hotline: '(213) 555-0100 '.repeat(8),
  orgName: 'Organización con un nombre muy largo '.repeat(6),
}

type Item = PdfTextItem
const read = readPdf

/** TrimBox and BleedBox of each page dictionary (pdf.js does not expose them; pdfkit writes them plainly). */
function printBoxes(pdf: Buffer) {
  const source = pdf.toString('latin1')
  const box = (name: string) =>
    [...source.matchAll(new RegExp(`/${name} \\[([\\d. ]+)\\]`, 'g'))].map((m) =>
      m[1].split(' ').map(Number),
    )
  return { media: box('MediaBox'), trim: box('TrimBox'), bleed: box('BleedBox') }
}

const words = (text: string) => text.replace(/\s+/g, ' ').trim()

// Noto Sans: ascender 1.069 em, descender 0.293 em; a line's glyphs stay between them.
const ASCENT = 1.069
const DESCENT = 0.293
const EPSILON = 0.01

/**
 * Every line of text lies inside a text box of its side, placed at `origin` (card coordinates
 * from the trim's top left, PDF coordinates from the page's bottom left).
 */
function inBoxes(item: Item, side: Side, origin: { x: number; y: number }, pageHeight: number) {
  const [size, , , , x, baseline] = item.transform
  return side.some(({ box }) => {
    const left = origin.x + box.x
    const top = pageHeight - (origin.y + box.y)
    const bottom = top - box.height
    return (
      x >= left - EPSILON &&
      x + item.width <= left + box.width + EPSILON &&
      baseline + ASCENT * size <= top + EPSILON &&
      baseline - DESCENT * size >= bottom - EPSILON
    )
  })
}

function fontsEmbedded(pdf: Buffer) {
  const source = pdf.toString('latin1')
  const descriptors = source.match(/\/Type \/FontDescriptor/g)?.length ?? 0
  const files = source.match(/\/FontFile2 \d+ 0 R/g)?.length ?? 0
  const names = [...source.matchAll(/\/BaseFont \/([^\s/]+)/g)].map((m) => m[1])
  return { descriptors, files, names: [...new Set(names)] }
}

describe('wallet card PDF', () => {
  for (const card of [ENGLISH, SPANISH]) {
    it(`${card.lang}: two pages of 270 × 162 pt, trimmed to 252 × 144, the text extractable as written`, async () => {
      const printed = await walletCardPdf(card)
      const pages = await read(printed.pdf)
      expect(pages.map((page) => page.view)).toEqual([
        [0, 0, 270, 162],
        [0, 0, 270, 162],
      ])
      expect(TRIM.width + 2 * BLEED).toBe(270)
      const boxes = printBoxes(printed.pdf)
      expect(boxes.media).toEqual([
        [0, 0, 270, 162],
        [0, 0, 270, 162],
      ])
      expect(boxes.trim).toEqual([
        [9, 9, 261, 153],
        [9, 9, 261, 153],
      ])
      expect(boxes.bleed).toEqual(boxes.media)
      expect(words(pages[0].text)).toBe(words(`${card.title} ${card.doThis} ${card.hotline}`))
      expect(words(pages[1].text)).toBe(words(`${card.toAgent} ${card.orgName}`))
      for (const [index, side] of [printed.front, printed.back].entries()) {
        expect(side.every((text) => !text.truncated)).toBe(true)
        for (const item of pages[index].items)
          expect(inBoxes(item, side, { x: BLEED, y: BLEED }, 162)).toBe(true)
      }
      if (card.lang === 'es') {
        expect(pages[0].text).toContain('Línea de ayuda')
        expect(pages[1].text).toContain('firmaré')
        expect(pages[0].text).toContain('«¿Puedo irme?»')
      }
    })
  }

  it('gives the same bytes for the same card (the ETag holds across processes)', async () => {
    const [a, b] = [await walletCardPdf(SPANISH), await walletCardPdf(SPANISH)]
    expect(a.pdf.equals(b.pdf)).toBe(true)
    expect(a.pdf.equals((await walletCardPdf({ ...SPANISH, hotline: null })).pdf)).toBe(false)
  })

  it('embeds its fonts (Noto Sans subsets) and names the language', async () => {
    const { pdf } = await walletCardPdf(SPANISH)
    const fonts = fontsEmbedded(pdf)
    expect(fonts.descriptors).toBeGreaterThan(0)
    expect(fonts.files).toBe(fonts.descriptors)
    expect(fonts.names.sort()).toEqual([
      expect.stringMatching(/^[A-Z]{6}\+NotoSans-Regular$/),
      expect.stringMatching(/^[A-Z]{6}\+NotoSans-SemiBold$/),
    ])
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(es\)/)
  })

  it('shrinks, wraps and cuts over-long text, never past its box or the trim', async () => {
    const printed = await walletCardPdf(LONG)
    const pages = await read(printed.pdf)
    for (const [index, side] of [printed.front, printed.back].entries()) {
      for (const text of side) {
        expect(text.box.x).toBeGreaterThanOrEqual(0)
        expect(text.box.y).toBeGreaterThanOrEqual(0)
        expect(text.box.x + text.box.width).toBeLessThanOrEqual(TRIM.width)
        expect(text.box.y + text.box.height).toBeLessThanOrEqual(TRIM.height)
      }
      expect(pages[index].items.length).toBeGreaterThan(3)
      for (const item of pages[index].items)
        expect(inBoxes(item, side, { x: BLEED, y: BLEED }, 162)).toBe(true)
    }
    const body = printed.front[1]
    expect(body.truncated).toBe(true)
    expect(body.text).toMatch(/palabra\d+…$/)
    // The long word was broken inside the line, not cut away; the indigenous letters are there.
    expect(pages[1].text).toContain('Esternocleido')
    expect(pages[1].text).toContain('ɨʉ')
    expect(pages[0].text).toContain('Ñaaꞌ')
  })
})

describe('US Letter sheet of ten', () => {
  it('puts ten fronts on page 1 and ten backs on page 2, the backs mirrored for duplex', async () => {
    const printed = await letterSheetPdf(SPANISH)
    const pages = await read(printed.pdf)
    expect(pages.map((page) => page.view)).toEqual([
      [0, 0, 612, 792],
      [0, 0, 612, 792],
    ])
    const boxes = printBoxes(printed.pdf)
    expect(boxes.media).toEqual([
      [0, 0, LETTER.width, LETTER.height],
      [0, 0, LETTER.width, LETTER.height],
    ])
    expect(boxes.trim).toEqual(boxes.media)
    expect(fontsEmbedded(printed.pdf).files).toBeGreaterThan(0)
    for (const [index, side] of [printed.front, printed.back].entries()) {
      const lines = side.flatMap((text) => text.text.split('\n'))
      // Each card's text, ten times, every line inside its own card's boxes.
      const perCard = pages[index].items.length / (SHEET.columns * SHEET.rows)
      expect(Number.isInteger(perCard) && perCard >= lines.length).toBe(true)
      const counts = new Map<string, number>()
      for (const item of pages[index].items) {
        const slots = Array.from({ length: SHEET.rows * SHEET.columns }, (_, n) =>
          sheetSlot(n % SHEET.columns, Math.floor(n / SHEET.columns), index === 1),
        )
        const slot = slots.findIndex((origin) => inBoxes(item, side, origin, LETTER.height))
        expect(slot).toBeGreaterThanOrEqual(0)
        counts.set(`${slot}`, (counts.get(`${slot}`) ?? 0) + 1)
      }
      expect([...counts.values()]).toEqual(Array(10).fill(perCard))
    }
    expect(words(pages[0].text)).toBe(
      words(Array(10).fill(`${SPANISH.title} ${SPANISH.doThis} ${SPANISH.hotline}`).join(' ')),
    )
    // Back of the card in the left column lands on the right: same row, other column.
    expect(sheetSlot(0, 2, true)).toEqual(sheetSlot(1, 2))
    expect(sheetSlot(1, 4, true)).toEqual(sheetSlot(0, 4))
    // The grid sits inside the sheet with room for cut marks.
    const last = sheetSlot(1, 4)
    expect(sheetSlot(0, 0).x).toBeGreaterThanOrEqual(27)
    expect(last.x + TRIM.width).toBeLessThanOrEqual(LETTER.width - 27)
    expect(last.y + TRIM.height).toBeLessThanOrEqual(LETTER.height - 27)
  })
})
