import { describe, expect, it } from 'vitest'

import { Unavailable } from '../../src/lib/errors'
import { heifDimensions } from '../../src/media/heif'
import { cleanImage } from '../../src/media/pipeline'
import { imageQueueState, withImageSlot } from '../../src/media/queue'

const LIMITS = { maxBytes: 25 * 1024 * 1024, maxPixels: 50_000_000, concurrency: 2, queue: 4 }

const box = (type: string, ...content: Buffer[]) => {
  const body = Buffer.concat(content)
  const head = Buffer.alloc(8)
  head.writeUInt32BE(8 + body.length, 0)
  head.write(type, 4, 'latin1')
  return Buffer.concat([head, body])
}
const fullBox = (type: string, ...content: Buffer[]) => box(type, Buffer.alloc(4), ...content)
const u32 = (...values: number[]) =>
  Buffer.concat(
    values.map((value) => {
      const bytes = Buffer.alloc(4)
      bytes.writeUInt32BE(value)
      return bytes
    }),
  )

/** A HEVC HEIC header as an iPhone writes it (ftyp, meta → iprp → ipco → ispe), then junk instead of pictures. */
function craftedHeic(sizes: [number, number][], extra: Buffer[] = []): Buffer {
  return Buffer.concat([
    box('ftyp', Buffer.from('heic', 'latin1'), u32(0), Buffer.from('mif1heic', 'latin1')),
    fullBox(
      'meta',
      fullBox('hdlr', Buffer.alloc(20)),
      box(
        'iprp',
        box(
          'ipco',
          box('hvcC', Buffer.alloc(23)),
          ...sizes.map(([w, h]) => fullBox('ispe', u32(w, h))),
        ),
        ...extra,
      ),
    ),
    box('mdat', Buffer.alloc(4096, 7)),
  ])
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: Error & { status?: number }) => error,
  )

describe('HEIC sizes are read before decoding', () => {
  it('reads every declared size from the ispe boxes', () => {
    expect(
      heifDimensions(
        craftedHeic([
          [512, 512],
          [4032, 3024],
        ]),
      ),
    ).toEqual([
      { width: 512, height: 512 },
      { width: 4032, height: 3024 },
    ])
    expect(heifDimensions(Buffer.from('not a heif file at all'))).toEqual([])
    // A box that claims more bytes than there are stops the walk instead of reading past the end.
    const lying = craftedHeic([[100, 100]])
    lying.writeUInt32BE(0xfffffff0, 32)
    expect(() => heifDimensions(lying)).not.toThrow()
  })

  it('refuses a tiny file declaring a huge grid with 413, without decoding it', async () => {
    // 8 KB declaring 100,000 × 100,000 pixels: the decoder would have tried to allocate 40 GB.
    const bomb = craftedHeic([
      [100_000, 100_000],
      [512, 512],
    ])
    expect(bomb.length).toBeLessThan(10_000)
    const error = await failure(cleanImage(bomb, { ...LIMITS, filename: 'IMG_0001.HEIC' }))
    expect(error).toMatchObject({ status: 413, message: expect.stringMatching(/too many pixels/) })
  })

  it('refuses a HEIC that declares no size with 400', async () => {
    const error = await failure(
      cleanImage(craftedHeic([]), { ...LIMITS, filename: 'IMG_0002.HEIC' }),
    )
    expect(error).toMatchObject({ status: 400, message: expect.stringMatching(/HEIC/) })
  })
})

describe('the image queue', () => {
  it('runs at most N at once, lets a few wait, and refuses the rest with 503 and Retry-After', async () => {
    const limits = { concurrency: 2, queue: 1 }
    const releases: (() => void)[] = []
    let running = 0
    let most = 0
    const job = () =>
      withImageSlot(limits, async () => {
        running++
        most = Math.max(most, running)
        await new Promise<void>((resolve) => releases.push(resolve))
        running--
      })
    const started = [job(), job(), job()]
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(imageQueueState()).toMatchObject({ active: 2, waiting: 1 })
    const refused = await failure(job())
    expect(refused).toBeInstanceOf(Unavailable)
    expect(refused).toMatchObject({ status: 503, retryAfterSeconds: expect.any(Number) })
    while (releases.length || running) {
      releases.shift()?.()
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await Promise.all(started)
    expect(most).toBe(2)
    expect(imageQueueState()).toMatchObject({ active: 0, waiting: 0 })
  })
})
