import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { FORMAT_NAMES, FORMATS, type FormatName } from '../../src/kits/formats'
import { type Rect, renderCard } from '../../src/kits/render'
import { fitText, wordPrefixes } from '../../src/kits/text'
import { focalRegion } from '../../src/media/focal'

const BACKGROUND = '#123456'
const BG = [0x12, 0x34, 0x56]
const brand = { primary: BACKGROUND, accent: '#ffaa00', logo: null }
const SPANISH =
  'Cruzamos el río con mi niña en brazos; mañana será otro día y seguiremos aquí, en nuestra casa.'
const LONG_WORD = 'Esternocleidomastoideo'.repeat(6)
const LONG_QUOTE = Array.from({ length: 320 }, (_, i) => `palabra${i}`).join(' ')

const inside = (x: number, y: number, rect: Rect) =>
  x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height
const within = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height

async function rawPixels(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  return {
    width: info.width,
    height: info.height,
    at: (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
    ],
  }
}

describe('quote cards on a flat brand colour', () => {
  for (const format of FORMAT_NAMES) {
    for (const [what, quote] of [
      ['Spanish with diacritics', SPANISH],
      ['a very long word', LONG_WORD],
      ['an over-long quote', LONG_QUOTE],
    ] as const) {
      it(`${format}, ${what}: text stays in its box; everything else is background`, async () => {
        const card = await renderCard(
          { kind: 'quote', quote, attribution: 'Añoranza Pérez', hashtag: '#EstamosEnCasa', brand },
          format as FormatName,
        )
        expect(card.mimeType).toBe('image/png')
        const image = await rawPixels(card.data)
        expect([image.width, image.height]).toEqual([FORMATS[format].width, FORMATS[format].height])
        for (const drawn of card.layout.drawn)
          expect(card.layout.textBoxes.some((box) => within(drawn, box))).toBe(true)
        const allowed = [...card.layout.textBoxes, ...card.layout.decorations]
        let inkInQuoteBox = 0
        const quoteBox = card.layout.textBoxes.at(-1)!
        for (let y = 0; y < image.height; y++) {
          for (let x = 0; x < image.width; x++) {
            const pixel = image.at(x, y)
            const isBackground = pixel[0] === BG[0] && pixel[1] === BG[1] && pixel[2] === BG[2]
            if (!allowed.some((rect) => inside(x, y, rect))) {
              if (!isBackground) throw new Error(`pixel (${x}, ${y}) outside every box is ${pixel}`)
            } else if (!isBackground && inside(x, y, quoteBox)) inkInQuoteBox++
          }
        }
        expect(inkInQuoteBox).toBeGreaterThan(1000)
        if (what === 'an over-long quote') expect(card.drawnQuote).toMatch(/palabra\d+…$/)
        else expect(card.drawnQuote).toBe(`“${quote}”`)
        const { safeTop, safeBottom } = FORMATS[format]
        for (const rect of allowed) {
          expect(rect.y).toBeGreaterThanOrEqual(safeTop)
          expect(rect.y + rect.height).toBeLessThanOrEqual(image.height - safeBottom)
        }
      })
    }
  }

  it('leaves 250 px clear at the top and bottom of a story', async () => {
    const card = await renderCard(
      {
        kind: 'quote',
        quote: LONG_QUOTE,
        attribution: 'X',
        hashtag: '#WeAreHome',
        brand: {
          ...brand,
          logo: await sharp({
            create: { width: 400, height: 400, channels: 3, background: '#ff0000' },
          })
            .png()
            .toBuffer(),
        },
      },
      'story',
    )
    const image = await rawPixels(card.data)
    for (const y of [...Array(250).keys(), ...Array.from({ length: 250 }, (_, i) => 1670 + i)]) {
      for (let x = 0; x < 1080; x += 3) expect(image.at(x, y)).toEqual(BG)
    }
  })
})

describe('text fitting', () => {
  it('draws Spanish diacritics with the bundled font (ñ differs from n)', async () => {
    const style = { weight: 'regular' as const, color: '#000000', maxSize: 80, minSize: 80 }
    const a = await fitText('ñ', { width: 200, height: 200 }, style)
    const b = await fitText('n', { width: 200, height: 200 }, style)
    expect(a.image.equals(b.image)).toBe(false)
    // The tilde is drawn above the n: a missing glyph would be an empty box of another shape.
    expect(a.height).toBeGreaterThan(b.height)
    const decomposed = await fitText('n\u0303', { width: 200, height: 200 }, style)
    expect(decomposed.height).toBe(a.height)
  })

  it('never overflows its box, shortening whole words with an ellipsis', async () => {
    const box = { width: 300, height: 120 }
    const fitted = await fitText(LONG_QUOTE, box, {
      weight: 'semibold',
      color: '#fff',
      maxSize: 60,
      minSize: 18,
    })
    expect(fitted.width).toBeLessThanOrEqual(box.width)
    expect(fitted.height).toBeLessThanOrEqual(box.height)
    expect(fitted.truncated).toBe(true)
    expect(LONG_QUOTE.startsWith(fitted.text.slice(0, -1))).toBe(true)
    expect(fitted.text).toMatch(/palabra\d+…$/)
  })

  it('cuts only where words end', () => {
    expect(wordPrefixes('¿Dónde está? Aquí, mañana.', 'es')).toEqual([
      '¿Dónde',
      '¿Dónde está',
      '¿Dónde está? Aquí',
      '¿Dónde está? Aquí, mañana',
    ])
  })
})

describe('photo and artwork cards', () => {
  it('come out at every exact size, bluesky within 1,000,000 bytes even for a noisy photo', async () => {
    const photo = await sharp({
      create: {
        width: 2400,
        height: 1600,
        channels: 3,
        background: '#777',
        noise: { type: 'gaussian', mean: 128, sigma: 90 },
      },
    })
      .jpeg({ quality: 98 })
      .toBuffer()
    for (const format of FORMAT_NAMES) {
      for (const card of [
        await renderCard(
          {
            kind: 'photo',
            photo,
            focalX: 20,
            focalY: 80,
            attribution: 'Anónimo',
            hashtag: '#WeAreHome',
            brand,
          },
          format,
        ),
        await renderCard(
          {
            kind: 'artwork',
            artwork: photo,
            title: 'Monarcas',
            licence: 'CC BY-NC 4.0',
            attribution: 'Colectivo Alas',
            hashtag: '#WeAreHome',
            brand,
          },
          format,
        ),
      ]) {
        const meta = await sharp(card.data).metadata()
        expect([meta.width, meta.height]).toEqual([FORMATS[format].width, FORMATS[format].height])
        expect(meta.format).toBe('jpeg')
        if (format === 'bluesky') expect(card.data.length).toBeLessThanOrEqual(1_000_000)
      }
    }
  })

  it('crop around the focal point, inside the image', () => {
    expect(focalRegion(2000, 1000, 1080, 1080, 90, 50)).toEqual({
      left: 1000,
      top: 0,
      width: 1000,
      height: 1000,
    })
    expect(focalRegion(2000, 1000, 1080, 1080, 50, 50)).toEqual({
      left: 500,
      top: 0,
      width: 1000,
      height: 1000,
    })
    expect(focalRegion(1000, 2000, 1600, 900, 50, 10)).toEqual({
      left: 0,
      top: 0,
      width: 1000,
      height: 563,
    })
    expect(focalRegion(1000, 2000, 1600, 900, 50, 60)).toEqual({
      left: 0,
      top: 919,
      width: 1000,
      height: 563,
    })
  })
})
