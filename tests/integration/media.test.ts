import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { CANARIES, jpegWithMetadata, pattern, pixels, readMetadata } from '../helpers/images'
import { filesOf, localDisk, s3rver, upload, useStorageTestApp } from '../helpers/media'
import { publishedStory, withdrawConsent } from '../helpers/stories'

const SIZES = {
  thumb: [400, null],
  card: [800, null],
  hero: [1600, null],
  og: [1200, 630],
} as const

describeEachDatabase('media pipeline', (database) => {
  for (const storage of [localDisk, s3rver]) {
    describe(`on ${storage.name}`, () => {
      const { app, stored, read } = useStorageTestApp(database, storage)
      const editorGet = (url: string) =>
        fetch(`${app.server.url}${url}`, {
          headers: { authorization: `JWT ${app.people.editor.token}` },
        })

      it('strips EXIF, GPS, XMP and IPTC from the original and every size, stored and served', async () => {
        const original = await jpegWithMetadata(2000, 1400)
        expect(await readMetadata(original)).toMatchObject({
          latitude: expect.any(Number),
          Byline: CANARIES.iptc,
        })

        const res = await upload(app.server, app.people.editor.token, original, 'family-photo.jpg')
        expect(res.status).toBe(201)
        const doc = res.body.doc
        const files = filesOf(doc)
        expect(files).toHaveLength(9)
        expect(await stored()).toEqual(files)
        if (app.s3) expect(await localDisk.list(app.instance)).toEqual([])

        for (const name of files) {
          const bytes = await read(name)
          expect(await readMetadata(bytes), name).toBeNull()
          const text = bytes.toString('latin1')
          for (const canary of Object.values(CANARIES)) expect(text, name).not.toContain(canary)
        }
        for (const url of [
          doc.url,
          ...Object.values(doc.sizes as Record<string, { url: string }>).map((size) => size.url),
        ]) {
          const served = await editorGet(url)
          expect(served.status, url).toBe(200)
          expect(await readMetadata(Buffer.from(await served.arrayBuffer())), url).toBeNull()
        }
      })

      it('makes every size at its width (og cropped to 1200×630), each also as WebP', async () => {
        const { docs } = await app.instance.payload.find({
          collection: 'media',
          limit: 1,
          sort: '-createdAt',
        })
        const sizes = docs[0].sizes as Record<
          string,
          { width: number; height: number; mimeType: string; filename: string }
        >
        for (const [name, [width, height]] of Object.entries(SIZES)) {
          for (const variant of [name, `${name}Webp`]) {
            const meta = await sharp(await read(sizes[variant].filename)).metadata()
            expect(meta.width, variant).toBe(width)
            if (height) expect(meta.height, variant).toBe(height)
            expect(meta.format, variant).toBe(variant.endsWith('Webp') ? 'webp' : 'jpeg')
          }
        }
      })

      it('refuses a corpus of bad files with the right status, leaving no record and no file', async () => {
        const before = await stored()
        const count = (await app.instance.payload.count({ collection: 'media' })).totalDocs
        const jpeg = await sharp(await pattern(300, 200))
          .jpeg()
          .toBuffer()
        const png = await sharp(await pattern(300, 200))
          .png()
          .toBuffer()
        const bomb = await sharp({
          create: { width: 9000, height: 9000, channels: 3, background: '#000' },
        })
          .png({ compressionLevel: 9 })
          .toBuffer()
        const corpus: [string, Buffer, string, number][] = [
          ['truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'half.jpg', 400],
          ['zero bytes', Buffer.alloc(0), 'empty.jpg', 400],
          ['PNG bomb (81 MP)', bomb, 'bomb.png', 413],
          [
            'SVG with a script',
            Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            'x.svg',
            415,
          ],
          [
            'SVG named .png',
            Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
            'x.png',
            415,
          ],
          ['JPEG named .png', jpeg, 'photo.png', 415],
          [
            'PNG with HTML appended (polyglot)',
            Buffer.concat([png, Buffer.from('<html><script>alert(1)</script></html>')]),
            'poly.png',
            400,
          ],
          [
            'JPEG with a ZIP appended (polyglot)',
            Buffer.concat([jpeg, Buffer.from('PK\x03\x04payload', 'latin1')]),
            'poly.jpg',
            400,
          ],
          ['a text file', Buffer.from('just some words, not an image at all'), 'notes.jpg', 415],
          [
            'a TIFF',
            await sharp(await pattern(50, 50))
              .tiff()
              .toBuffer(),
            'scan.tif',
            415,
          ],
          [
            'too large (26 MB)',
            Buffer.concat([jpeg, Buffer.alloc(26 * 1024 * 1024)]),
            'huge.jpg',
            413,
          ],
        ]
        for (const [what, bytes, name, status] of corpus) {
          const res = await upload(app.server, app.people.editor.token, bytes, name)
          expect(res.status, what).toBe(status)
          const message = JSON.stringify(res.body)
          expect(message, what).not.toMatch(/\bat .+:\d+:\d+|node_modules/)
          expect(res.body.errors?.[0]?.message, what).toBeTruthy()
        }
        expect(await stored()).toEqual(before)
        expect((await app.instance.payload.count({ collection: 'media' })).totalDocs).toBe(count)
      })

      it('accepts WebP, AVIF and GIF (first frame), storing clean re-encodings', async () => {
        const base = sharp(await pattern(500, 300))
        const inputs: [Buffer, string, string][] = [
          [await base.clone().webp().toBuffer(), 'a.webp', 'webp'],
          [await base.clone().avif().toBuffer(), 'a.avif', 'jpeg'],
          [await base.clone().gif().toBuffer(), 'a.gif', 'png'],
        ]
        for (const [bytes, name, format] of inputs) {
          const res = await upload(app.server, app.people.editor.token, bytes, name)
          expect(res.status, name).toBe(201)
          expect((await sharp(await read(res.body.doc.filename)).metadata()).format, name).toBe(
            format,
          )
        }
      })

      it('burns manual redactions into the original and every size, keeping the unredacted file nowhere', async () => {
        const image = await pattern(1000, 800)
        const res = await upload(app.server, app.people.editor.token, image, 'plate.png', {
          redactions: [{ x: 0.1, y: 0.1, width: 0.2, height: 0.25, style: 'fill' }],
        })
        expect(res.status).toBe(201)
        const first = res.body.doc
        const original = await pixels(await read(first.filename))
        const source = await pixels(image)
        // Inside the rectangle: one solid colour. Outside: the image, untouched (PNG is lossless).
        expect(original.at(100, 80)).toEqual(original.at(299, 279))
        expect(original.at(150, 150)).toEqual([24, 24, 24])
        expect(original.at(400, 400)).toEqual(source.at(400, 400))
        expect(original.at(99, 79)).toEqual(source.at(99, 79))
        const thumb = await pixels(await read(first.sizes.thumb.filename))
        expect(thumb.at(60, 60)).toEqual([24, 24, 24])

        // An editor adds a pixelation later: every old file is replaced.
        const patched = await app.api.patch(
          `/api/media/${first.id}`,
          {
            redactions: [
              ...first.redactions.map(({ id: _id, ...rest }: { id: string }) => rest),
              { x: 0.5, y: 0.5, width: 0.4, height: 0.4, style: 'pixelate' },
            ],
          },
          { token: app.people.editor.token },
        )
        expect(patched.status).toBe(200)
        const second = patched.body.doc
        const names = await stored()
        for (const old of filesOf(first)) expect(names).not.toContain(old)
        for (const name of filesOf(second)) expect(names).toContain(name)
        const redacted = await pixels(await read(second.filename))
        // 400 px wide region, at most 8 blocks across: each block is at least 50 px of one colour.
        const rowColours = new Set<string>()
        for (let x = 500; x < 900; x++) rowColours.add(redacted.at(x, 600).join())
        expect(rowColours.size).toBeLessThanOrEqual(8)
        expect(redacted.at(500, 500)).toEqual(redacted.at(549, 549))
        expect(redacted.at(150, 150)).toEqual([24, 24, 24])
        expect(redacted.at(450, 300)).toEqual(source.at(450, 300))
      })

      it('pixelates faces found by the bundled detector', async () => {
        const portrait = await import('node:fs/promises').then((fs) =>
          fs.readFile('tests/fixtures/face-astronaut.png'),
        )
        const res = await upload(app.server, app.people.editor.token, portrait, 'portrait.png', {
          pixelateFaces: true,
          containsPeople: true,
        })
        expect(res.status).toBe(201)
        expect(res.body.doc.facesFound).toBeGreaterThanOrEqual(1)
        const after = await pixels(await read(res.body.doc.filename))
        const before = await pixels(portrait)
        // The face (x 175–280, y 60–195) is coarse blocks now: along a row through it, at most
        // 8 colours, in runs of at least 12 px (a detected box is over 100 px wide).
        const row = Array.from({ length: 95 }, (_, index) => after.at(180 + index, 130).join())
        expect(new Set(row).size).toBeLessThanOrEqual(8)
        const runs = row.reduce<number[]>((lengths, colour, index) => {
          if (index > 0 && colour === row[index - 1]) lengths[lengths.length - 1]++
          else lengths.push(1)
          return lengths
        }, [])
        for (const run of runs.slice(1, -1)) expect(run).toBeGreaterThanOrEqual(12)
        let changed = 0
        for (let x = 180; x < 275; x++)
          if (after.at(x, 130).join() !== before.at(x, 130).join()) changed++
        expect(changed).toBeGreaterThan(80)
        // Far from the face, nothing moved.
        expect(after.at(20, 500)).toEqual(before.at(20, 500))
      })

      it('serves an image publicly only while a public story uses it with photo consent', async () => {
        const image = await upload(
          app.server,
          app.people.editor.token,
          await pattern(900, 600),
          'street.png',
        )
        const doc = image.body.doc
        const urls = [doc.url, doc.sizes.thumb.url, doc.sizes.cardWebp.url]
        const anonymous = async () =>
          Promise.all(
            urls.map(async (url) => {
              const res = await fetch(`${app.server.url}${url}`)
              return { status: res.status, cache: res.headers.get('cache-control') }
            }),
          )
        const uniform = async (status: number, cache: string | null) => {
          for (const result of await anonymous()) expect(result).toEqual({ status, cache })
        }
        await uniform(404, null)
        const missing = await fetch(`${app.server.url}/api/media/file/never-uploaded.png`)
        expect(missing.status).toBe(404)

        const withoutPhoto = await publishedStory(app, {
          author: 'teller',
          editor: 'editor',
          scopes: ['gallery'],
          images: [doc.id],
        })
        await uniform(404, null)
        const editorView = await editorGet(doc.url)
        expect(editorView.status).toBe(200)
        expect(editorView.headers.get('cache-control')).toBe('no-store')

        const withPhoto = await publishedStory(app, {
          author: 'teller',
          editor: 'editor',
          scopes: ['gallery', 'photo'],
          images: [doc.id],
        })
        for (const result of await anonymous()) {
          expect(result.status).toBe(200)
          expect(result.cache).toBe('public, max-age=300')
        }
        const list = await app.api.get(`/api/media?where[id][equals]=${doc.id}`)
        expect(list.body.docs.map((item: { id: string }) => item.id)).toEqual([doc.id])

        await withdrawConsent(app, 'stories', withPhoto, 'teller')
        await uniform(404, null)
        expect((await app.api.get(`/api/media?where[id][equals]=${doc.id}`)).body.docs).toEqual([])
        expect(withoutPhoto).toBeTruthy()
      })

      it('deletes every file of a media document with it', async () => {
        const res = await upload(
          app.server,
          app.people.editor.token,
          await jpegWithMetadata(1700, 1000),
          'gone.jpg',
        )
        const files = filesOf(res.body.doc)
        expect(files.length).toBeGreaterThan(5)
        const del = await app.api.delete(`/api/media/${res.body.doc.id}`, {
          token: app.people.editor.token,
        })
        expect(del.status).toBe(200)
        const left = await stored()
        for (const name of files) expect(left).not.toContain(name)
      })
    })
  }
})

describeEachDatabase('media privacy', (database) => {
  const app = useTestApp(database, {
    editor: 'editor',
    teller: 'storyteller',
    other: 'storyteller',
  })

  it('never fetches an image from an address (it would skip the cleaning pipeline)', async () => {
    const res = await app.api.post(
      '/api/media',
      { alt: 'x', filename: 'a.jpg', url: 'https://example.org/a.jpg' },
      { token: app.people.teller.token },
    )
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toMatch(/not fetched from addresses/)
    expect((await app.instance.payload.count({ collection: 'media' })).totalDocs).toBe(0)
  })

  it('stores files under random names and shows the public no uploader, redactions or face counts', async () => {
    const mine = await upload(
      app.server,
      app.people.teller.token,
      await pattern(600, 400),
      'maria-lopez-at-home.png',
      {
        redactions: [{ x: 0.1, y: 0.1, width: 0.2, height: 0.2 }],
      },
    )
    expect(mine.status).toBe(201)
    expect(mine.body.doc.filename).toMatch(/^[0-9a-f-]{36}\.png$/)
    expect(JSON.stringify(mine.body)).not.toContain('maria-lopez')
    const id = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'photo'],
      images: [mine.body.doc.id],
    })
    const anonymous = await app.api.get(`/api/media/${mine.body.doc.id}`)
    expect(anonymous.status).toBe(200)
    for (const key of ['uploadedBy', 'facesFound', 'containsPeople', 'pixelateFaces'])
      expect(anonymous.body, key).not.toHaveProperty(key)
    // Payload answers a hidden array field with an empty list.
    expect(anonymous.body.redactions ?? []).toEqual([])
    expect(
      (await app.api.get(`/api/media?where[uploadedBy][equals]=${app.people.teller.id}`)).status,
    ).toBe(400)
    const story = await app.api.get(`/api/stories/${id}?depth=1`)
    expect(JSON.stringify(story.body)).not.toContain(app.people.teller.id)
    expect(story.body).not.toHaveProperty('createdAt')
  })

  it("lets storytellers attach only their own uploads, never someone else's private image", async () => {
    const theirs = await upload(
      app.server,
      app.people.other.token,
      await pattern(300, 200),
      'private.png',
    )
    const res = await app.api.post(
      '/api/stories',
      { title: 'Borrowed', language: 'en', images: [theirs.body.doc.id] },
      { token: app.people.teller.token },
    )
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toMatch(/images you uploaded yourself/)
  })
})
