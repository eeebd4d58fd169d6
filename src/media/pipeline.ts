import decodeHeic from 'heic-decode'
import sharp, { type Sharp } from 'sharp'

import { InputError } from '../lib/errors'
import type { MediaLimits } from '../lib/mediaLimits'
import { detectImage, type ImageFormat, readError } from './detect'
import { detectFaces } from './faces'
import { heifLargestPixels } from './heif'
import { refusePolyglot } from './polyglot'
import { withImageSlot } from './queue'
import { applyRedactions, faceInAreas, type Redaction, type Region } from './redact'

export type CleanOptions = MediaLimits & {
  filename?: string
  pixelateFaces?: boolean
  /**
   * Areas showing people who consented to their photo (src/workflow/people.ts): a detected face
   * whose centre lies in one is left clear. Every other detected face is pixelated.
   */
  consentedAreas?: readonly Region[]
  redactions?: readonly Redaction[]
}

export type CleanImage = {
  data: Buffer
  mimetype: 'image/jpeg' | 'image/png' | 'image/webp'
  extension: 'jpg' | 'png' | 'webp'
  width: number
  height: number
  /** Faces found (fractions of the image), when asked for: pixelated unless consented. */
  faces: Region[]
  /** How many of them were left clear because they lie in a consented person's area. */
  consentedFaces: number
}

type Output = Pick<CleanImage, 'mimetype' | 'extension'>
const JPEG: Output = { mimetype: 'image/jpeg', extension: 'jpg' }
const PNG: Output = { mimetype: 'image/png', extension: 'png' }
const WEBP: Output = { mimetype: 'image/webp', extension: 'webp' }

/** Photos in phone formats become JPEG (or PNG when transparent); GIFs keep their first frame as PNG. */
function outputFor(format: ImageFormat, hasAlpha: boolean): Output {
  if (format === 'png' || format === 'gif') return PNG
  if (format === 'webp') return WEBP
  if (format === 'jpeg') return JPEG
  return hasAlpha ? PNG : JPEG
}

function encode(image: Sharp, output: Output): Sharp {
  if (output === PNG) return image.png({ compressionLevel: 6 })
  if (output === WEBP) return image.webp({ quality: 85 })
  return image.jpeg({ quality: 88, mozjpeg: true })
}

async function open(input: Buffer, format: ImageFormat, maxPixels: number): Promise<Sharp> {
  if (format !== 'heic') return sharp(input, { limitInputPixels: maxPixels, failOn: 'warning', pages: 1 })
  // heic-decode allocates whatever the file declares: the declared sizes are checked first.
  const declared = heifLargestPixels(input)
  if (declared === null) throw new InputError('The HEIC image is damaged: it declares no image size.')
  if (declared > maxPixels) throw readError(new Error('pixel limit'))
  let decoded: { width: number; height: number; data: Uint8ClampedArray }
  try {
    decoded = await decodeHeic({ buffer: input })
  } catch {
    throw new InputError('The HEIC image is damaged or uses a variant that cannot be read.')
  }
  if (decoded.width * decoded.height > maxPixels) throw readError(new Error('pixel limit'))
  return sharp(Buffer.from(decoded.data.buffer), { raw: { width: decoded.width, height: decoded.height, channels: 4 } })
}

/**
 * The one road into storage for an image: recognise it by content, refuse what is not a
 * clean image, then decode and re-encode it so that only pixels survive — orientation
 * applied, sRGB, no EXIF, GPS, XMP, IPTC or comments — with faces pixelated and manual
 * redactions burned in when asked.
 */
export async function cleanImage(input: Buffer, options: CleanOptions): Promise<CleanImage> {
  if (input.length > options.maxBytes) {
    throw new InputError(`The file is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB.`, 413)
  }
  // At most a few images decoded at once per process (src/media/queue.ts).
  return withImageSlot(options, () => clean(input, options))
}

async function clean(input: Buffer, options: CleanOptions): Promise<CleanImage> {
  const format = await detectImage(input, options.filename, options.maxPixels)
  refusePolyglot(input, format)
  const opened = await decoding(open(input, format, options.maxPixels))
  // HEIC arrives decoded as RGBA, always opaque.
  const hasAlpha = format !== 'heic' && Boolean((await decoding(opened.metadata())).hasAlpha)
  const image = opened.rotate().toColourspace('srgb')
  const output = outputFor(format, hasAlpha)
  const redactions = [...(options.redactions ?? [])]
  const wantsFaces = Boolean(options.pixelateFaces)

  if (!wantsFaces && redactions.length === 0) {
    const { data, info } = await decoding(encode(image, output).toBuffer({ resolveWithObject: true }))
    return { data, ...output, width: info.width, height: info.height, faces: [], consentedFaces: 0 }
  }

  const channels = output === JPEG ? 3 : 4
  const raw = await decoding((channels === 3 ? image.removeAlpha() : image.ensureAlpha()).raw().toBuffer({ resolveWithObject: true }))
  const pixels = { data: raw.data, width: raw.info.width, height: raw.info.height, channels }
  let faces: Region[] = []
  let consentedFaces = 0
  if (wantsFaces) {
    const rgb = channels === 3 ? raw.data : await sharp(raw.data, { raw: raw.info }).removeAlpha().raw().toBuffer()
    faces = await detectFaces(rgb, pixels.width, pixels.height)
    const areas = options.consentedAreas ?? []
    for (const face of faces) {
      if (faceInAreas(face, areas)) consentedFaces++
      else redactions.push({ ...face, style: 'pixelate' })
    }
  }
  applyRedactions(pixels, redactions)
  const data = await encode(sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels } }), output).toBuffer()
  return { data, ...output, width: pixels.width, height: pixels.height, faces, consentedFaces }
}

/** Decoding failures are the file's fault (400/413/415); anything else is ours and stays a 500. */
async function decoding<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    if (error instanceof InputError) throw error
    throw readError(error)
  }
}
