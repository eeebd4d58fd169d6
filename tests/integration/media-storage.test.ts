import fs from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { apiClient } from '../helpers/api'
import { describeEachDatabase } from '../helpers/databases'
import { type HttpTestServer, startHttp } from '../helpers/http'
import { jpegWithGps, readMetadata } from '../helpers/images'
import { type TestInstance, startPayload } from '../helpers/payload'
import { type S3TestServer, startS3 } from '../helpers/s3'

const PASSWORD = 'uploads are private by default'

async function upload(server: HttpTestServer, token: string | undefined, bytes: Buffer, filename: string) {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), filename)
  form.append('_payload', JSON.stringify({ alt: 'A mural on a wall' }))
  const response = await fetch(`${server.url}/api/media`, {
    method: 'POST',
    headers: token ? { authorization: `JWT ${token}` } : {},
    body: form,
  })
  return { status: response.status, body: (await response.json()) as Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any -- loose test JSON
}

type Storage = {
  name: string
  start: () => Promise<S3TestServer | undefined>
  /** Stored object names (local file names or S3 keys). */
  list: (instance: TestInstance, s3: S3TestServer | undefined) => Promise<string[]>
  read: (instance: TestInstance, s3: S3TestServer | undefined, name: string) => Promise<Buffer>
}

const localDisk: Storage = {
  name: 'local disk',
  start: async () => undefined,
  list: async (instance) => (await fs.readdir(instance.mediaDir).catch(() => [] as string[])).sort(),
  read: (instance, _s3, name) => fs.readFile(`${instance.mediaDir}/${name}`),
}

const s3rver: Storage = {
  name: 's3rver',
  start: () => startS3(),
  list: async (_instance, s3) => s3!.listKeys(),
  read: (_instance, s3, name) => s3!.getObject(name),
}

describeEachDatabase('media uploads', (database) => {
  for (const storage of [localDisk, s3rver]) {
    describe(`on ${storage.name}`, () => {
      let s3: S3TestServer | undefined
      let instance: TestInstance
      let server: HttpTestServer
      let editorToken: string

      beforeAll(async () => {
        s3 = await storage.start()
        instance = await startPayload({ database, s3 })
        server = await startHttp(instance)
        await instance.payload.create({
          collection: 'users',
          data: { email: 'editor@example.org', password: PASSWORD, role: 'editor' },
        })
        editorToken = await apiClient(server).login('editor@example.org', PASSWORD)
      })
      afterAll(async () => {
        await server?.close()
        await instance?.close()
        await s3?.close()
      })

      it('stores the upload there, re-encoded with no EXIF or GPS left', async () => {
        const original = await jpegWithGps()
        expect((await readMetadata(original))?.latitude).toBeCloseTo(34.05, 1)

        const res = await upload(server, editorToken, original, 'family-photo.jpg')
        expect(res.status).toBe(201)
        const stored = await storage.list(instance, s3)
        expect(stored).toEqual([res.body.doc.filename])
        if (s3) expect(await localDisk.list(instance, s3)).toEqual([])

        const bytes = await storage.read(instance, s3, res.body.doc.filename)
        expect(bytes.equals(original)).toBe(false)
        expect(await readMetadata(bytes)).toBeNull()
        expect(bytes.toString('latin1')).not.toContain('Canary')

        const served = await fetch(`${server.url}${res.body.doc.url}`, { headers: { authorization: `JWT ${editorToken}` } })
        expect(served.status).toBe(200)
        expect(await readMetadata(Buffer.from(await served.arrayBuffer()))).toBeNull()
      })

      it('serves nothing to anonymous visitors', async () => {
        const { docs } = await instance.payload.find({ collection: 'media' })
        const anonymous = await fetch(`${server.url}${docs[0].url}`)
        expect([403, 404]).toContain(anonymous.status)
        const list = await fetch(`${server.url}/api/media`)
        expect(list.status).toBe(403)
      })

      it('refuses an anonymous upload and a file that is not an image, leaving nothing behind', async () => {
        const before = await storage.list(instance, s3)
        const anonymous = await upload(server, undefined, await jpegWithGps(), 'anon.jpg')
        expect(anonymous.status).toBe(403)
        const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)])
        const corrupt = await upload(server, editorToken, garbage, 'broken.jpg')
        expect(corrupt.status).toBe(400)
        expect(JSON.stringify(corrupt.body)).not.toMatch(/at .*\.js:\d+/)
        expect(await storage.list(instance, s3)).toEqual(before)
        expect((await instance.payload.count({ collection: 'media' })).totalDocs).toBe(1)
      })

      it('deletes the stored file with its document', async () => {
        const { docs } = await instance.payload.find({ collection: 'media' })
        const res = await apiClient(server).delete(`/api/media/${docs[0].id}`, { token: editorToken })
        expect(res.status).toBe(200)
        expect(await storage.list(instance, s3)).toEqual([])
      })
    })
  }
})
