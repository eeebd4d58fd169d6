import { crc32 } from 'node:zlib'
import yauzl from 'yauzl'

/**
 * Reads a ZIP with an independent reader (yauzl), checking each entry's size and CRC-32, and
 * returns the entries by name, in archive order.
 */
export async function readZip(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(bytes, {
    lazyEntries: true,
    validateEntrySizes: true,
    strictFileNames: true,
  })
  const entries = new Map<string, Buffer>()
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject)
    zip.on('end', () => resolve())
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(error)
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('error', reject)
        stream.on('end', () => {
          const data = Buffer.concat(chunks)
          if (crc32(data) >>> 0 !== entry.crc32)
            return reject(new Error(`CRC mismatch in ${entry.fileName}`))
          entries.set(entry.fileName, data)
          zip.readEntry()
        })
      })
    })
    zip.readEntry()
  })
  return entries
}
