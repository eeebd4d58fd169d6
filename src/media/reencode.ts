import sharp from 'sharp'

/** Formats stored as they came in (after re-encoding); issue #4 widens this set. */
const OUTPUT_FORMAT = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
} as const

export type StorableMime = keyof typeof OUTPUT_FORMAT
export const STORABLE_MIME_TYPES = Object.keys(OUTPUT_FORMAT) as StorableMime[]

export const DEFAULT_MAX_INPUT_PIXELS = 50_000_000

export class UnreadableImageError extends Error {
  constructor() {
    super('The file is not a readable JPEG, PNG or WebP image.')
    this.name = 'UnreadableImageError'
  }
}

/**
 * Decodes and re-encodes an image so that nothing of the original file but its pixels survives:
 * orientation is applied, colours converted to sRGB, and sharp writes no EXIF, GPS, XMP or IPTC.
 */
export async function reencodeImage(
  input: Buffer,
  maxInputPixels = DEFAULT_MAX_INPUT_PIXELS,
): Promise<{ data: Buffer; mimetype: StorableMime }> {
  const image = sharp(input, { limitInputPixels: maxInputPixels, failOn: 'error' })
  let format: string | undefined
  try {
    format = (await image.metadata()).format
  } catch {
    throw new UnreadableImageError()
  }
  const mimetype = STORABLE_MIME_TYPES.find((mime) => OUTPUT_FORMAT[mime] === format)
  if (!mimetype) throw new UnreadableImageError()
  try {
    const data = await image.rotate().toColourspace('srgb').toFormat(OUTPUT_FORMAT[mimetype]).toBuffer()
    return { data, mimetype }
  } catch {
    throw new UnreadableImageError()
  }
}
