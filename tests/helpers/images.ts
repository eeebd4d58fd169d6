import exifr from 'exifr'
import sharp from 'sharp'

/** Coordinates that must never survive an upload. */
export const CANARY_GPS = { latitude: 34.0522, longitude: -118.2437 }

/** A JPEG that carries GPS, camera and copyright EXIF, as a phone photo would. */
export async function jpegWithGps(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 60 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'CanaryPhone', Model: 'Canary 1', Copyright: 'canary-owner-name' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '34/1 3/1 751/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '118/1 14/1 3732/100',
      },
    })
    .toBuffer()
}

/** Every metadata block exifr can find (EXIF, GPS, XMP, IPTC, ICC aside), or null when clean. */
export async function readMetadata(bytes: Buffer): Promise<Record<string, unknown> | null> {
  const parsed = await exifr.parse(bytes, { tiff: true, exif: true, gps: true, xmp: true, iptc: true, ifd1: true, ihdr: false, icc: false, jfif: false, mergeOutput: true })
  return parsed && Object.keys(parsed).length ? parsed : null
}
