import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'

import { s3Client, type StorageSettings } from '../lib/storage'

// Kit images live beside the uploads: in `<MEDIA_DIR>/kits/` or under `kits/` in the bucket.
// No Payload route serves that folder; only the public kit endpoints read it, after the policy.

const FOLDER = 'kits'

const localPath = (dir: string, name: string) => path.join(dir, FOLDER, path.basename(name))
const objectKey = (name: string) => `${FOLDER}/${path.basename(name)}`

export async function writeKitFile(
  settings: StorageSettings,
  name: string,
  data: Buffer,
  contentType: string,
): Promise<void> {
  if (settings.kind === 'local') {
    await fs.mkdir(path.join(settings.dir, FOLDER), { recursive: true })
    await fs.writeFile(localPath(settings.dir, name), data)
    return
  }
  await s3Client(settings).send(
    new PutObjectCommand({
      Bucket: settings.bucket,
      Key: objectKey(name),
      Body: data,
      ContentType: contentType,
    }),
  )
}

/** Deletes a kit file; one that is already gone counts as deleted. */
export async function deleteKitFile(settings: StorageSettings, name: string): Promise<void> {
  if (settings.kind === 'local') {
    await fs.rm(localPath(settings.dir, name), { force: true })
    return
  }
  await s3Client(settings).send(
    new DeleteObjectCommand({ Bucket: settings.bucket, Key: objectKey(name) }),
  )
}

/** A stream of a kit file's bytes, or null when it is not there. */
export async function openKitFile(
  settings: StorageSettings,
  name: string,
): Promise<Readable | null> {
  if (settings.kind === 'local') {
    const file = localPath(settings.dir, name)
    const stats = await fs.stat(file).catch(() => null)
    return stats?.isFile() ? createReadStream(file) : null
  }
  try {
    const object = await s3Client(settings).send(
      new GetObjectCommand({ Bucket: settings.bucket, Key: objectKey(name) }),
    )
    return (object.Body as Readable | undefined) ?? null
  } catch {
    return null
  }
}

/** Every kit file name in storage (tests check that withdrawn items leave none behind). */
export async function listKitFiles(settings: StorageSettings): Promise<string[]> {
  if (settings.kind === 'local')
    return (await fs.readdir(path.join(settings.dir, FOLDER)).catch(() => [] as string[])).sort()
  const names: string[] = []
  let token: string | undefined
  do {
    const page = await s3Client(settings).send(
      new ListObjectsV2Command({
        Bucket: settings.bucket,
        Prefix: `${FOLDER}/`,
        ContinuationToken: token,
      }),
    )
    names.push(...(page.Contents ?? []).map((item) => (item.Key ?? '').slice(FOLDER.length + 1)))
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  return names.sort()
}

/**
 * The bytes of small kit files, most recently used first, within a byte budget. A kit file's
 * name is random and never reused (a changed card is a new file), so a cached copy is never
 * stale; whether it may be served is the kit view's decision, made before the cache is asked.
 */
export class KitFileCache {
  private entries = new Map<string, Buffer>()
  private size = 0

  constructor(
    private budget = Number(process.env.KIT_FILE_CACHE_BYTES || 32 * 1024 * 1024),
    private largest = 1024 * 1024,
  ) {}

  /** The file's bytes (read from storage on a miss), or null when storage does not have it. */
  async read(
    settings: StorageSettings,
    name: string,
    bytes: number,
  ): Promise<Buffer | Readable | null> {
    const hit = this.entries.get(name)
    if (hit) {
      this.entries.delete(name)
      this.entries.set(name, hit)
      return hit
    }
    const stream = await openKitFile(settings, name)
    if (!stream || bytes > this.largest || bytes > this.budget) return stream
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    const data = Buffer.concat(chunks)
    this.entries.set(name, data)
    this.size += data.length
    for (const [oldest, value] of this.entries) {
      if (this.size <= this.budget) break
      this.entries.delete(oldest)
      this.size -= value.length
    }
    return data
  }
}
