import path from 'node:path'
import sharp from 'sharp'

import { InputError } from '../lib/errors'

/** The image formats Relato accepts, recognised by their content. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'heic' | 'gif'

const ACCEPTED = 'JPEG, PNG, WebP, AVIF, HEIC/HEIF or GIF'

const EXTENSIONS: Record<string, ImageFormat> = {
  jpg: 'jpeg', jpeg: 'jpeg', jfif: 'jpeg', png: 'png', webp: 'webp', avif: 'avif',
  heic: 'heic', heif: 'heic', gif: 'gif',
}
const OTHER_IMAGE_EXTENSIONS = new Set(['svg', 'svgz', 'tif', 'tiff', 'bmp', 'ico', 'pdf', 'psd', 'jxl'])

// HEIF brands whose pictures are HEVC-coded: sharp's build reads AV1 only, so these are
// decoded separately.
const HEVC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs'])

export const unsupported = (what: string) =>
  new InputError(`${what} is not accepted: upload a ${ACCEPTED} image.`, 415)

/** True for a HEIF file with HEVC pictures (an iPhone photo, typically). */
export function isHevcHeif(input: Buffer): boolean {
  if (input.length < 16 || input.toString('latin1', 4, 8) !== 'ftyp') return false
  const boxSize = Math.min(input.readUInt32BE(0), input.length, 64)
  for (let offset = 8; offset + 4 <= boxSize; offset += 4) {
    if (offset === 12) continue // minor version
    if (HEVC_BRANDS.has(input.toString('latin1', offset, offset + 4))) return true
  }
  return false
}

/**
 * Recognises the image by its bytes (never by its name or declared type) and refuses what
 * Relato does not accept: 415 for another kind of file, 413 for too many pixels, 400 for a
 * broken one. A name that claims another image format than the content is refused too.
 */
export async function detectImage(input: Buffer, filename: string | undefined, maxPixels: number): Promise<ImageFormat> {
  if (input.length === 0) throw new InputError('The file is empty.')
  const head = input.subarray(0, 1024).toString('latin1').trimStart().toLowerCase()
  if (head.startsWith('<') || head.includes('<svg')) throw unsupported('SVG, HTML and other markup')

  let format: ImageFormat
  if (isHevcHeif(input)) {
    format = 'heic'
  } else {
    let detected: string | undefined
    let compression: string | undefined
    try {
      const metadata = await sharp(input, { limitInputPixels: maxPixels }).metadata()
      detected = metadata.format
      compression = metadata.compression
    } catch (error) {
      throw readError(error)
    }
    if (detected === 'heif') format = compression === 'av1' ? 'avif' : 'heic'
    else if (detected === 'jpeg' || detected === 'png' || detected === 'webp' || detected === 'gif') format = detected
    else throw unsupported(`A ${detected ?? 'file of unknown type'} file`)
  }

  const extension = path.extname(filename ?? '').slice(1).toLowerCase()
  const claimed = EXTENSIONS[extension]
  const claimsOther = OTHER_IMAGE_EXTENSIONS.has(extension)
  if (claimsOther || (claimed && !sameFamily(claimed, format))) {
    throw new InputError(`The file is named .${extension} but contains a ${format.toUpperCase()} image. Rename it and upload it again.`, 415)
  }
  return format
}

const sameFamily = (a: ImageFormat, b: ImageFormat) =>
  a === b || (['avif', 'heic'].includes(a) && ['avif', 'heic'].includes(b))

/** Maps a decoder failure to the answer a client should get. */
export function readError(error: unknown): InputError {
  const message = error instanceof Error ? error.message : String(error)
  if (/pixel limit/i.test(message)) {
    return new InputError('The image has too many pixels to process safely.', 413)
  }
  if (/unsupported image format/i.test(message)) return unsupported('This file')
  return new InputError('The image is damaged or incomplete and cannot be read.')
}
