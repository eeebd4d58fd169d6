// HEIF files declare each image's size in an `ispe` property (ISO/IEC 23008-12), inside
// meta → iprp → ipco. Reading it from the bytes lets a decompression bomb — a tiny file that
// declares a huge grid — be refused before any decoder allocates its pixels.

export type Dimensions = { width: number; height: number }

type Box = { type: string; start: number; end: number }

const CONTAINERS: Record<string, { fullBox: boolean }> = { meta: { fullBox: true }, iprp: { fullBox: false }, ipco: { fullBox: false } }

/** The boxes between start and end; stops at the first one that does not fit. */
function* boxes(input: Buffer, start: number, end: number): Generator<Box> {
  let offset = start
  let count = 0
  while (offset + 8 <= end && count++ < 10_000) {
    let size = input.readUInt32BE(offset)
    const type = input.toString('latin1', offset + 4, offset + 8)
    let header = 8
    if (size === 1) {
      if (offset + 16 > end) return
      const large = input.readBigUInt64BE(offset + 8)
      if (large > BigInt(end - offset)) return
      size = Number(large)
      header = 16
    } else if (size === 0) size = end - offset
    if (size < header || offset + size > end) return
    yield { type, start: offset + header, end: offset + size }
    offset += size
  }
}

/** Every image size an HEIF file declares (its grid, tiles and thumbnails), read without decoding. */
export function heifDimensions(input: Buffer): Dimensions[] {
  const found: Dimensions[] = []
  const walk = (start: number, end: number, depth: number) => {
    for (const box of boxes(input, start, end)) {
      if (box.type === 'ispe' && box.end - box.start >= 12) {
        // version and flags (4 bytes), then width and height.
        found.push({ width: input.readUInt32BE(box.start + 4), height: input.readUInt32BE(box.start + 8) })
      } else if (CONTAINERS[box.type] && depth < 4) {
        walk(box.start + (CONTAINERS[box.type].fullBox ? 4 : 0), box.end, depth + 1)
      }
    }
  }
  walk(0, input.length, 0)
  return found
}

/**
 * The largest image a HEIF file declares, in pixels, or null when it declares none (a file
 * without `ispe` is not valid HEIF).
 */
export function heifLargestPixels(input: Buffer): number | null {
  const sizes = heifDimensions(input)
  return sizes.length ? Math.max(...sizes.map(({ width, height }) => width * height)) : null
}
