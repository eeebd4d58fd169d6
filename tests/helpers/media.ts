import fs from 'node:fs/promises'

import { useTestApp } from './app'
import type { DatabaseKind } from './databases'
import type { HttpTestServer } from './http'
import type { TestInstance } from './payload'
import type { S3TestServer } from './s3'

export type Uploaded = { status: number; body: Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any -- loose test JSON

/** Uploads through the REST API as a browser form would. */
export async function upload(
  server: HttpTestServer,
  token: string | undefined,
  bytes: Buffer,
  filename: string,
  data: Record<string, unknown> = {},
  type = 'application/octet-stream',
): Promise<Uploaded> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename)
  form.append('_payload', JSON.stringify({ alt: 'A test image', ...data }))
  const response = await fetch(`${server.url}/api/media`, {
    method: 'POST',
    headers: token ? { authorization: `JWT ${token}` } : {},
    body: form,
  })
  return { status: response.status, body: (await response.json()) as Uploaded['body'] }
}

/** Every stored file name of a media document: the original and each size. */
export const filesOf = (doc: {
  filename?: string | null
  sizes?: Record<string, { filename?: string | null }> | null
}) =>
  [doc.filename, ...Object.values(doc.sizes ?? {}).map((size) => size.filename)]
    .filter((name): name is string => Boolean(name))
    .sort()

/** Where uploads land: the test instance's folder, or an s3rver bucket. */
export type Storage = {
  name: string
  start: () => Promise<S3TestServer | undefined>
  list: (instance: TestInstance, s3?: S3TestServer) => Promise<string[]>
  read: (instance: TestInstance, s3: S3TestServer | undefined, name: string) => Promise<Buffer>
}

export const localDisk: Storage = {
  name: 'local disk',
  start: async () => undefined,
  list: async (instance) =>
    (await fs.readdir(instance.mediaDir).catch(() => [] as string[])).sort(),
  read: (instance, _s3, name) => fs.readFile(`${instance.mediaDir}/${name}`),
}

export const s3rver: Storage = {
  name: 's3rver',
  start: async () => (await import('./s3')).startS3(),
  list: async (_instance, s3) => s3!.listKeys(),
  read: (_instance, s3, name) => s3!.getObject(name),
}

/**
 * A test app (an editor and a storyteller) whose uploads land on `storage`, with what that
 * storage holds and one stored file's bytes, read from the storage itself.
 */
export function useStorageTestApp(database: DatabaseKind, storage: Storage) {
  const app = useTestApp(
    database,
    { editor: 'editor', teller: 'storyteller' },
    { s3: storage === s3rver },
  )
  return {
    app,
    stored: () => storage.list(app.instance, app.s3),
    read: (name: string) => storage.read(app.instance, app.s3, name),
  }
}
