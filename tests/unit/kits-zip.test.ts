import { Readable } from 'node:stream'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'

import { type ZipEntry, zipStream } from '../../src/kits/zip'
import { readZip } from '../helpers/zip'

async function collect(entries: ZipEntry[]): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of zipStream(entries)) chunks.push(chunk)
  return Buffer.concat(chunks)
}

const streamed = (name: string, data: Buffer, announced = data): ZipEntry => ({
  name,
  size: announced.length,
  crc32: crc32(announced),
  open: async () => Readable.from([data.subarray(0, 5), data.subarray(5)]),
})

describe('store-only ZIP writer', () => {
  it('writes archives an independent reader accepts, names in UTF-8', async () => {
    const image = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251))
    const zip = await readZip(
      await collect([
        { name: 'LÉAME.txt', data: Buffer.from('Cómo usar este kit\n') },
        streamed('images/01-story-quote-x.png', image),
        { name: 'empty.txt', data: Buffer.alloc(0) },
      ]),
    )
    expect([...zip.keys()]).toEqual(['LÉAME.txt', 'images/01-story-quote-x.png', 'empty.txt'])
    expect(zip.get('images/01-story-quote-x.png')!.equals(image)).toBe(true)
    expect(zip.get('LÉAME.txt')!.toString()).toBe('Cómo usar este kit\n')
  })

  it('leaves out entries whose file is gone', async () => {
    const zip = await readZip(
      await collect([
        { name: 'a.txt', data: Buffer.from('a') },
        { name: 'gone.png', size: 3, crc32: 0, open: async () => null },
      ]),
    )
    expect([...zip.keys()]).toEqual(['a.txt'])
  })

  it('fails rather than write a corrupt archive when a file changed under it', async () => {
    await expect(
      collect([streamed('x.png', Buffer.from('the bytes now'), Buffer.from('the bytes before'))]),
    ).rejects.toThrow(/changed while it was read/)
  })
})
