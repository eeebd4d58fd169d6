/** A rectangle in fractions of the image's width and height (0–1), so it fits any rendition. */
export type Region = { x: number; y: number; width: number; height: number }

export type Redaction = Region & { style?: 'pixelate' | 'fill' | null }

/** True when the centre of a detected face lies inside one of the areas (a face's identity is where it is). */
export const faceInAreas = (face: Region, areas: readonly Region[]): boolean => {
  const cx = face.x + face.width / 2
  const cy = face.y + face.height / 2
  return areas.some((area) => cx >= area.x && cx <= area.x + area.width && cy >= area.y && cy <= area.y + area.height)
}

export type RawImage = { data: Buffer; width: number; height: number; channels: number }

/** Most blocks across a pixelated region: coarse enough that no face can be recognised. */
export const MAX_BLOCKS_ACROSS = 8

const FILL = [24, 24, 24]

type PixelBox = { left: number; top: number; right: number; bottom: number }

function toPixels(region: Region, width: number, height: number): PixelBox | null {
  const clamp = (value: number) => Math.min(1, Math.max(0, value))
  const left = Math.floor(clamp(region.x) * width)
  const top = Math.floor(clamp(region.y) * height)
  // The epsilon keeps 0.2 + 0.4 (= 0.6000000000000001) from taking one more row.
  const right = Math.ceil(clamp(region.x + region.width) * width - 1e-6)
  const bottom = Math.ceil(clamp(region.y + region.height) * height - 1e-6)
  return right > left && bottom > top ? { left, top, right, bottom } : null
}

/**
 * Burns redactions into raw pixels, in place: each region becomes at most 8 blocks across of
 * its average colours, or a solid fill. Irreversible: nothing of the original region is kept.
 */
export function applyRedactions(image: RawImage, redactions: readonly Redaction[]): void {
  for (const redaction of redactions) {
    const box = toPixels(redaction, image.width, image.height)
    if (!box) continue
    if (redaction.style === 'fill') fillBox(image, box, FILL)
    else pixelateBox(image, box)
  }
}

function pixelateBox(image: RawImage, box: PixelBox): void {
  const regionWidth = box.right - box.left
  const block = Math.max(1, Math.ceil(regionWidth / MAX_BLOCKS_ACROSS))
  for (let top = box.top; top < box.bottom; top += block) {
    for (let left = box.left; left < box.right; left += block) {
      const cell = { left, top, right: Math.min(left + block, box.right), bottom: Math.min(top + block, box.bottom) }
      fillBox(image, cell, averageOf(image, cell))
    }
  }
}

function averageOf({ data, width, channels }: RawImage, box: PixelBox): number[] {
  const sums = new Array<number>(channels).fill(0)
  let count = 0
  for (let y = box.top; y < box.bottom; y++) {
    for (let x = box.left; x < box.right; x++) {
      const offset = (y * width + x) * channels
      for (let c = 0; c < channels; c++) sums[c] += data[offset + c]
      count++
    }
  }
  return sums.map((sum) => Math.round(sum / count))
}

function fillBox({ data, width, channels }: RawImage, box: PixelBox, colour: number[]): void {
  for (let y = box.top; y < box.bottom; y++) {
    for (let x = box.left; x < box.right; x++) {
      const offset = (y * width + x) * channels
      for (let c = 0; c < channels; c++) data[offset + c] = colour[c] ?? (c === 3 ? 255 : colour[0])
    }
  }
}
