import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { detectImage, isHevcHeif } from '../../src/media/detect'
import { cleanImage } from '../../src/media/pipeline'
import { refusePolyglot } from '../../src/media/polyglot'
import { applyRedactions, MAX_BLOCKS_ACROSS } from '../../src/media/redact'
import { pattern } from '../helpers/images'

const LIMITS = { maxBytes: 25 * 1024 * 1024, maxPixels: 50_000_000, concurrency: 2, queue: 4 }

const statusOf = async (promise: Promise<unknown>) => {
  try {
    await promise
    return 200
  } catch (error) {
    return (error as { status?: number }).status ?? 500
  }
}

describe('recognising images by content', () => {
  it('reads the format from the bytes, not the name', async () => {
    const png = await pattern(40, 30)
    expect(await detectImage(png, 'photo', LIMITS.maxPixels)).toBe('png')
    expect(
      await detectImage(await sharp(png).jpeg().toBuffer(), 'IMG_0001.JPEG', LIMITS.maxPixels),
    ).toBe('jpeg')
    expect(await detectImage(await sharp(png).avif().toBuffer(), 'a.heic', LIMITS.maxPixels)).toBe(
      'avif',
    )
    expect(
      await statusOf(
        detectImage(await sharp(png).jpeg().toBuffer(), 'photo.png', LIMITS.maxPixels),
      ),
    ).toBe(415)
    expect(await statusOf(detectImage(png, 'drawing.svg', LIMITS.maxPixels))).toBe(415)
  })

  it('routes HEVC-coded HEIC files (iPhone photos) to the HEIC decoder, refusing broken ones with 400', async () => {
    const heicHeader = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
      Buffer.alloc(200, 1),
    ])
    expect(isHevcHeif(heicHeader)).toBe(true)
    expect(
      isHevcHeif(
        await sharp(await pattern(20, 20))
          .avif()
          .toBuffer(),
      ),
    ).toBe(false)
    const error = await cleanImage(heicHeader, { ...LIMITS, filename: 'IMG_1.HEIC' }).catch(
      (caught: Error & { status?: number }) => caught,
    )
    expect(error).toMatchObject({ status: 400, message: expect.stringMatching(/HEIC/) })
  })
})

describe('polyglot files', () => {
  it('refuses markup or archives carried after the image, and markup in its header', async () => {
    const png = await pattern(20, 20)
    const jpeg = await sharp(png).jpeg().toBuffer()
    expect(() => refusePolyglot(png, 'png')).not.toThrow()
    expect(() => refusePolyglot(jpeg, 'jpeg')).not.toThrow()
    expect(() => refusePolyglot(Buffer.concat([png, Buffer.from('anything')]), 'png')).toThrow(
      /polyglot/,
    )
    expect(() =>
      refusePolyglot(Buffer.concat([jpeg, Buffer.from('<script>x</script>')]), 'jpeg'),
    ).toThrow(/polyglot/)
    // A phone's own trailer after the JPEG (e.g. a motion photo) is not markup: accepted.
    expect(() =>
      refusePolyglot(Buffer.concat([jpeg, Buffer.from('\0\0\0\x18ftypmp42')]), 'jpeg'),
    ).not.toThrow()
    const commented = await sharp(png).jpeg().withMetadata().toBuffer()
    const withScript = Buffer.concat([
      commented.subarray(0, 2),
      Buffer.from([0xff, 0xfe, 0, 20]),
      Buffer.from('<script>1</script>'),
      commented.subarray(2),
    ])
    expect(() => refusePolyglot(withScript, 'jpeg')).toThrow(/polyglot/)
  })
})

describe('redaction', () => {
  const raw = (width: number, height: number) => {
    const data = Buffer.alloc(width * height * 3)
    for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 251
    return { data, width, height, channels: 3 }
  }

  it('fills a rectangle solid and leaves every other pixel alone', () => {
    const image = raw(100, 50)
    const before = Buffer.from(image.data)
    applyRedactions(image, [{ x: 0.2, y: 0.2, width: 0.3, height: 0.4, style: 'fill' }])
    for (let y = 0; y < 50; y++) {
      for (let x = 0; x < 100; x++) {
        const offset = (y * 100 + x) * 3
        const inside = x >= 20 && x < 50 && y >= 10 && y < 30
        const pixel = [...image.data.subarray(offset, offset + 3)]
        if (inside) expect(pixel).toEqual([24, 24, 24])
        else expect(pixel).toEqual([...before.subarray(offset, offset + 3)])
      }
    }
  })

  it('pixelates into at most 8 uniform blocks across, whatever the region size', () => {
    for (const width of [9, 64, 203, 640]) {
      const image = raw(width, 40)
      applyRedactions(image, [{ x: 0, y: 0, width: 1, height: 1 }])
      const row = Array.from({ length: width }, (_, x) =>
        image.data.subarray(x * 3, x * 3 + 3).join(),
      )
      expect(new Set(row).size).toBeLessThanOrEqual(MAX_BLOCKS_ACROSS)
      const block = Math.ceil(width / MAX_BLOCKS_ACROSS)
      for (let x = 0; x < width; x++) expect(row[x]).toBe(row[Math.floor(x / block) * block])
    }
  })

  it('clamps rectangles to the image and ignores empty ones', () => {
    const image = raw(10, 10)
    const before = Buffer.from(image.data)
    applyRedactions(image, [
      { x: 2, y: 2, width: 1, height: 1 },
      { x: 0.5, y: 0.5, width: 0, height: 0.5 },
    ])
    expect(image.data.equals(before)).toBe(true)
    applyRedactions(image, [{ x: -1, y: -1, width: 5, height: 5, style: 'fill' }])
    expect(new Set(image.data).size).toBe(1)
  })
})

describe('cleanImage', () => {
  it('applies EXIF orientation to the pixels and drops the tag', async () => {
    const tall = await sharp(await pattern(40, 20))
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const clean = await cleanImage(tall, { ...LIMITS, filename: 'a.jpg' })
    const meta = await sharp(clean.data).metadata()
    expect([meta.width, meta.height, meta.orientation]).toEqual([20, 40, undefined])
    expect(meta.exif).toBeUndefined()
  })

  it('keeps only the first frame of an animated GIF', async () => {
    const frames = await sharp(await pattern(30, 60))
      .gif()
      .toBuffer()
    const animated = await sharp(frames, { pages: -1 }).gif().toBuffer()
    const clean = await cleanImage(animated, { ...LIMITS, filename: 'a.gif' })
    const meta = await sharp(clean.data).metadata()
    expect(meta.format).toBe('png')
    expect(meta.pages ?? 1).toBe(1)
  })
})
