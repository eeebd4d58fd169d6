import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { CAPTION_LIMITS, PLATFORMS } from '../../src/kits/captions'
import { FORMAT_NAMES, FORMATS } from '../../src/kits/formats'
import { type Rect, renderCard } from '../../src/kits/render'
import { rightsAltText, rightsCaptions } from '../../src/kits/rights'

// Know-your-rights cards (issue 16) in every kit format, checked like quote cards: every pixel
// outside the text boxes and decorations is the flat brand colour, and text stays in its boxes.

const BG = [0x1d, 0x35, 0x57]
const brand = { primary: '#1d3557', accent: '#e9c46a', logo: null }
const SPANISH = {
  title: 'Conozca sus derechos',
  doThis:
    'No abra la puerta sin una orden firmada por un juez. Tiene derecho a guardar silencio. No firme nada sin un abogado. Pregunte: «¿Puedo irme?»',
  hotline: '(213) 555-0100 (demo)',
}
const LONG = {
  title: `Guiénda nabáni ${'Ñaaꞌ '.repeat(40)}`,
  doThis: Array.from({ length: 300 }, (_, i) => `palabra${i}`).join(' '),
  hotline: null,
}

const inside = (x: number, y: number, rect: Rect) =>
  x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height
const within = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height

describe('know-your-rights kit cards on a flat brand colour', () => {
  for (const format of FORMAT_NAMES) {
    for (const [what, text] of [
      ['Spanish with a hotline', SPANISH],
      ['over-long, no hotline', LONG],
    ] as const) {
      it(`${format}, ${what}: text stays in its boxes; everything else is background`, async () => {
        const card = await renderCard(
          {
            kind: 'rights',
            ...text,
            attribution: 'Red de Respuesta Rápida',
            hashtag: '#ConozcaSusDerechos',
            brand,
          },
          format,
        )
        expect(card.mimeType).toBe('image/png')
        const { data, info } = await sharp(card.data)
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true })
        expect([info.width, info.height]).toEqual([FORMATS[format].width, FORMATS[format].height])
        for (const drawn of card.layout.drawn)
          expect(card.layout.textBoxes.some((box) => within(drawn, box))).toBe(true)
        // Footer (name, hashtag), title, advice and, when given, the hotline.
        expect(card.layout.textBoxes).toHaveLength(text.hotline ? 5 : 4)
        const allowed = [...card.layout.textBoxes, ...card.layout.decorations]
        const ink = new Array<number>(card.layout.textBoxes.length).fill(0)
        for (let y = 0; y < info.height; y++) {
          for (let x = 0; x < info.width; x++) {
            const at = (y * info.width + x) * 3
            const isBackground =
              data[at] === BG[0] && data[at + 1] === BG[1] && data[at + 2] === BG[2]
            if (isBackground) continue
            if (!allowed.some((rect) => inside(x, y, rect)))
              throw new Error(
                `pixel (${x}, ${y}) outside every box is ${[...data.subarray(at, at + 3)]}`,
              )
            const box = card.layout.textBoxes.findIndex((rect) => inside(x, y, rect))
            if (box >= 0) ink[box]++
          }
        }
        // Every text box holds drawn text (a missing glyph or an empty box would show here).
        for (const count of ink) expect(count).toBeGreaterThan(100)
        const { safeTop, safeBottom } = FORMATS[format]
        for (const rect of allowed) {
          expect(rect.y).toBeGreaterThanOrEqual(safeTop)
          expect(rect.y + rect.height).toBeLessThanOrEqual(info.height - safeBottom)
        }
        const drawn = card.drawnRights!
        if (text === SPANISH) {
          expect(drawn).toEqual({
            title: SPANISH.title,
            doThis: SPANISH.doThis,
            hotline: SPANISH.hotline,
          })
        } else {
          expect(drawn.doThis).toMatch(/palabra\d+…$/)
          expect(drawn.hotline).toBeNull()
        }
        const alt = rightsAltText(card, 'es', 'Red de Respuesta Rápida')
        expect(alt.startsWith('Tarjeta Conozca sus derechos: ')).toBe(true)
        expect(alt).toContain(drawn.doThis)
        if (drawn.hotline) expect(alt).toContain('(213) 555-0100')
      })
    }
  }
})

describe('know-your-rights captions', () => {
  it('keep the hotline, link and tags whole, cut the advice at a word, within every limit', () => {
    const link = 'https://relato.example/resources/42?lang=es'
    for (const doThis of [SPANISH.doThis, LONG.doThis]) {
      const result = rightsCaptions({
        ...SPANISH,
        doThis,
        link,
        hashtags: ['conozca_sus_derechos'],
        locale: 'es',
      })
      for (const platform of PLATFORMS) {
        const caption = result[platform]
        expect([...new Intl.Segmenter().segment(caption)].length).toBeLessThanOrEqual(
          CAPTION_LIMITS[platform],
        )
        expect(caption).toContain('Línea de ayuda: (213) 555-0100 (demo)')
        expect(caption).toContain(link)
        expect(caption).toContain('#ConozcaSusDerechos')
        expect(caption.startsWith(SPANISH.title)).toBe(true)
      }
      if (doThis === LONG.doThis) expect(result.x).toMatch(/palabra\d+…\n/)
      else expect(result.instagram).toContain(SPANISH.doThis)
    }
  })
})
