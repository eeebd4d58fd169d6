import { InputError } from '../lib/errors'
import type { ImageFormat } from './detect'

const SMUGGLED = /<(html|script|svg|body|iframe|\?xml|\?php)|PK\x03\x04|%PDF-|MZ\x90\x00/i

const refuse = () =>
  new InputError('The file carries data after the end of the image (a polyglot file); it is not accepted.')

/**
 * Refuses a file that is an image and something else at once (an image with a script, an
 * archive or a document appended). Re-encoding would drop the extra data anyway; refusing
 * says clearly that the file was not what it seemed.
 */
export function refusePolyglot(input: Buffer, format: ImageFormat): void {
  if (format === 'png') {
    const end = input.lastIndexOf('IEND', undefined, 'latin1')
    if (end >= 0 && input.length > end + 8) throw refuse()
  } else if (format === 'gif') {
    if (input[input.length - 1] !== 0x3b && SMUGGLED.test(tail(input, 64 * 1024))) throw refuse()
  } else if (format === 'webp') {
    if (input.toString('latin1', 0, 4) === 'RIFF' && input.readUInt32LE(4) + 8 < input.length) throw refuse()
  } else if (format === 'jpeg') {
    const end = input.lastIndexOf(Buffer.from([0xff, 0xd9]))
    // Phones append their own trailers (motion photos); markup, archives and programs are refused.
    if (end >= 0 && SMUGGLED.test(input.subarray(end + 2).toString('latin1'))) throw refuse()
  }
  // Markup hidden in the header (a comment or metadata block) makes a browser-sniffable polyglot.
  if (/<(script|html|svg|iframe)/i.test(input.subarray(0, 4096).toString('latin1'))) throw refuse()
}

const tail = (input: Buffer, bytes: number) => input.subarray(Math.max(0, input.length - bytes)).toString('latin1')
