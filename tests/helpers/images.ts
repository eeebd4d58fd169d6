import exifr from 'exifr'
import sharp from 'sharp'

/** Strings planted in every metadata block; none may survive an upload. */
export const CANARIES = {
  exif: 'CanaryPhone',
  xmp: 'XMP-CANARY-creator',
  iptc: 'IPTC-CANARY-byline',
}

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="34,3.1N" exif:GPSLongitude="118,14.6W"><dc:creator><rdf:Seq><rdf:li>${CANARIES.xmp}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`

/** An IPTC by-line in a Photoshop APP13 segment, inserted after the JPEG's SOI marker. */
function withIptc(jpeg: Buffer, byline: string): Buffer {
  const value = Buffer.from(byline, 'latin1')
  const record = Buffer.concat([
    Buffer.from([0x1c, 0x02, 0x50, value.length >> 8, value.length & 0xff]),
    value,
  ])
  const resource = Buffer.concat([
    Buffer.from('8BIM', 'latin1'),
    Buffer.from([0x04, 0x04, 0x00, 0x00]), // IPTC resource id, empty padded name
    Buffer.from([0, 0, record.length >> 8, record.length & 0xff]),
    record,
    record.length % 2 ? Buffer.from([0]) : Buffer.alloc(0),
  ])
  const body = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource])
  const segment = Buffer.concat([
    Buffer.from([0xff, 0xed, (body.length + 2) >> 8, (body.length + 2) & 0xff]),
    body,
  ])
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)])
}

/** A photo as a phone would send it: GPS and camera EXIF, XMP and IPTC, on a textured image. */
export async function jpegWithMetadata(width = 640, height = 480): Promise<Buffer> {
  const jpeg = await sharp(await pattern(width, height))
    .jpeg()
    .withExif({
      IFD0: { Make: CANARIES.exif, Model: 'Canary 1', Copyright: 'canary-owner-name' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '34/1 3/1 751/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '118/1 14/1 3732/100',
      },
    })
    .withXmp(XMP)
    .toBuffer()
  return withIptc(jpeg, CANARIES.iptc)
}

/** Kept for older tests: the same phone photo. */
export const jpegWithGps = jpegWithMetadata

/** A deterministic, busy RGB image (so that pixelation visibly changes it), as PNG. */
export async function pattern(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3
      data[offset] = (x * 7 + y * 3) % 256
      data[offset + 1] = (x * 13) % 256
      data[offset + 2] = (y * 11 + ((x >> 3) % 2) * 90) % 256
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer()
}

/** WebP keeps metadata in RIFF chunks, which exifr does not read. */
function webpMetadataChunks(bytes: Buffer): string[] {
  const found: string[] = []
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const fourcc = bytes.toString('latin1', offset, offset + 4)
    if (fourcc === 'EXIF' || fourcc === 'XMP ') found.push(fourcc)
    offset += 8 + bytes.readUInt32LE(offset + 4) + (bytes.readUInt32LE(offset + 4) % 2)
  }
  return found
}

/** Every metadata block exifr can find (EXIF, GPS, XMP, IPTC), or null when clean. */
export async function readMetadata(bytes: Buffer): Promise<Record<string, unknown> | null> {
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    const chunks = webpMetadataChunks(bytes)
    return chunks.length ? { chunks } : null
  }
  const parsed = await exifr.parse(bytes, {
    tiff: true,
    exif: true,
    gps: true,
    xmp: true,
    iptc: true,
    ifd1: true,
    ihdr: false,
    icc: false,
    jfif: false,
    mergeOutput: true,
  })
  return parsed && Object.keys(parsed).length ? parsed : null
}

/** Raw RGB pixels of an image. */
export async function pixels(bytes: Buffer) {
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const at = (x: number, y: number) => {
    const offset = (y * info.width + x) * 3
    return [data[offset], data[offset + 1], data[offset + 2]] as const
  }
  return { width: info.width, height: info.height, at }
}
