import { crc32 } from 'node:zlib'

// A store-only ZIP writer that streams: each entry's header is written from the size and CRC
// known beforehand (kit images are already compressed, so storing them costs nothing), then its
// bytes as they arrive from storage, then the central directory. Memory stays flat whatever
// the number of entries. Limits: 65,535 entries, 4 GiB (no ZIP64), plenty for a kit.

export type ZipEntry =
  | { name: string; data: Buffer }
  | {
      name: string
      size: number
      crc32: number
      open: () => Promise<AsyncIterable<Buffer | Uint8Array> | null>
    }

const UTF8_NAMES = 0x0800
const VERSION = 20
const MAX_U32 = 0xffffffff

/** DOS date and time of `at` (local fields, as ZIP tools read them). */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.max(at.getFullYear(), 1980)
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  }
}

function localHeader(
  name: Buffer,
  size: number,
  crc: number,
  stamp: { time: number; date: number },
): Buffer {
  const header = Buffer.alloc(30)
  header.writeUInt32LE(0x04034b50, 0)
  header.writeUInt16LE(VERSION, 4)
  header.writeUInt16LE(UTF8_NAMES, 6)
  header.writeUInt16LE(0, 8) // stored
  header.writeUInt16LE(stamp.time, 10)
  header.writeUInt16LE(stamp.date, 12)
  header.writeUInt32LE(crc >>> 0, 14)
  header.writeUInt32LE(size, 18)
  header.writeUInt32LE(size, 22)
  header.writeUInt16LE(name.length, 26)
  header.writeUInt16LE(0, 28)
  return Buffer.concat([header, name])
}

type Written = { name: Buffer; size: number; crc: number; offset: number }

function centralHeader(entry: Written, stamp: { time: number; date: number }): Buffer {
  const header = Buffer.alloc(46)
  header.writeUInt32LE(0x02014b50, 0)
  header.writeUInt16LE(VERSION, 4)
  header.writeUInt16LE(VERSION, 6)
  header.writeUInt16LE(UTF8_NAMES, 8)
  header.writeUInt16LE(0, 10)
  header.writeUInt16LE(stamp.time, 12)
  header.writeUInt16LE(stamp.date, 14)
  header.writeUInt32LE(entry.crc >>> 0, 16)
  header.writeUInt32LE(entry.size, 20)
  header.writeUInt32LE(entry.size, 24)
  header.writeUInt16LE(entry.name.length, 28)
  // extra, comment, disk, internal and external attributes: all zero
  header.writeUInt32LE(entry.offset, 42)
  return Buffer.concat([header, entry.name])
}

function endOfDirectory(count: number, size: number, offset: number): Buffer {
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(count, 8)
  end.writeUInt16LE(count, 10)
  end.writeUInt32LE(size, 12)
  end.writeUInt32LE(offset, 16)
  return end
}

/**
 * Yields a ZIP archive of `entries`, in order, as it goes. An entry whose `open` returns null
 * (its file is gone) is left out; one whose bytes differ from the size or CRC announced makes
 * the stream fail rather than produce a corrupt archive.
 */
export async function* zipStream(
  entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>,
  at = new Date(),
): AsyncGenerator<Buffer> {
  const stamp = dosDateTime(at)
  const written: Written[] = []
  let offset = 0
  for await (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    if ('data' in entry) {
      const crc = crc32(entry.data)
      const header = localHeader(name, entry.data.length, crc, stamp)
      written.push({ name, size: entry.data.length, crc, offset })
      offset += header.length + entry.data.length
      yield header
      yield entry.data
    } else {
      const source = await entry.open()
      if (!source) continue
      const header = localHeader(name, entry.size, entry.crc32, stamp)
      written.push({ name, size: entry.size, crc: entry.crc32, offset })
      yield header
      let length = 0
      let crc = 0
      for await (const chunk of source) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)
        length += bytes.length
        crc = crc32(bytes, crc)
        yield bytes
      }
      if (length !== entry.size || crc >>> 0 !== entry.crc32 >>> 0)
        throw new Error(`ZIP entry ${entry.name} changed while it was read`)
      offset += header.length + entry.size
    }
    if (written.length > 0xffff || offset > MAX_U32)
      throw new Error('The archive is too large for a ZIP without ZIP64.')
  }
  const directory = written.map((entry) => centralHeader(entry, stamp))
  const size = directory.reduce((sum, part) => sum + part.length, 0)
  yield* directory
  yield endOfDirectory(written.length, size, offset)
}
