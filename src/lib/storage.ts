import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import { s3Storage } from '@payloadcms/storage-s3'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { CollectionAfterChangeHook, CollectionConfig, CollectionSlug, Plugin } from 'payload'

import { asUnavailable } from './errors'

type Env = Record<string, string | undefined>

/** Collections whose files live in S3 when S3_BUCKET is set. */
export const UPLOAD_COLLECTIONS = ['media', 'recordings'] as const

export type StorageSettings =
  { kind: 'local'; dir: string } | { kind: 's3'; bucket: string; client: S3ClientConfig }

/** Where uploads live: S3 when S3_BUCKET is set, else a local folder (MEDIA_DIR or media/). */
export function storageSettings(env: Env, root: string): StorageSettings {
  const bucket = env.S3_BUCKET?.trim()
  if (!bucket)
    return {
      kind: 'local',
      dir: path.resolve(/* turbopackIgnore: true */ root, env.MEDIA_DIR || 'media'),
    }
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
      : undefined // the AWS SDK's default chain (profiles, instance roles) decides
  return {
    kind: 's3',
    bucket,
    client: {
      region: env.S3_REGION || 'us-east-1',
      endpoint: env.S3_ENDPOINT || undefined,
      forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
      credentials,
    },
  }
}

/**
 * The S3 plugin is always installed, enabled only for S3, and always inserts its fields, so
 * that local and S3 deployments share one schema (and one set of migrations). No public-read
 * ACL: files are served through Payload's access control.
 */
export function storagePlugin(settings: StorageSettings): Plugin {
  const s3 = s3Storage({
    enabled: settings.kind === 's3',
    alwaysInsertFields: true,
    bucket: settings.kind === 's3' ? settings.bucket : '',
    collections: Object.fromEntries(UPLOAD_COLLECTIONS.map((slug) => [slug, true])),
    config: settings.kind === 's3' ? settings.client : {},
    // The plugin keeps one client per key in its module, by bucket name unless told: two
    // configurations in one process (tests, a key rotation script) must not share a client.
    clientCacheKey: settings.kind === 's3' ? `s3:${JSON.stringify(settings.client)}` : undefined,
  })
  return async (incoming) => {
    const own = new Map(
      (incoming.collections ?? []).map((collection) => [
        collection.slug,
        collection.hooks?.afterChange ?? [],
      ]),
    )
    const config = await s3(incoming)
    return {
      ...config,
      collections: (config.collections ?? []).map((collection) =>
        (UPLOAD_COLLECTIONS as readonly string[]).includes(collection.slug)
          ? undoCreateOnStoreFailure(collection, own.get(collection.slug) ?? [], settings)
          : collection,
      ),
    }
  }
}

/**
 * The S3 plugin uploads the files after the record is written (its afterChange hook). Where
 * the database has no transaction to roll back (SQLite here, MongoDB without a replica set), a
 * bucket that does not answer would leave a record without files: the new record is deleted
 * again, any file that did reach the bucket too, and the client gets a 503 (src/lib/errors.ts).
 */
function undoCreateOnStoreFailure(
  collection: CollectionConfig,
  own: readonly CollectionAfterChangeHook[],
  settings: StorageSettings,
): CollectionConfig {
  const guard =
    (hook: CollectionAfterChangeHook): CollectionAfterChangeHook =>
    async (args) => {
      try {
        return await hook(args)
      } catch (error) {
        if (args.operation === 'create') {
          // Straight to the database: the record is new, nothing refers to it yet, and the
          // plugin's own delete hook would only try the unreachable bucket again.
          await args.req.payload.db.deleteOne({
            collection: collection.slug as CollectionSlug,
            where: { id: { equals: args.doc.id } },
            req: args.req,
          })
          await deleteStoredFiles(settings, mediaFilenames(args.doc)).catch(() => undefined)
        }
        throw asUnavailable(error) ?? error
      }
    }
  const hooks = collection.hooks?.afterChange ?? []
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      afterChange: hooks.map((hook) => (own.includes(hook) ? hook : guard(hook))),
    },
  }
}

/** Points an upload collection's local storage at the configured folder. */
export function withLocalDir(
  collection: CollectionConfig,
  settings: StorageSettings,
): CollectionConfig {
  if (settings.kind !== 'local') return collection
  const upload = typeof collection.upload === 'object' ? collection.upload : {}
  return { ...collection, upload: { ...upload, staticDir: settings.dir } }
}

const s3Clients = new Map<string, S3Client>()

/** One client per S3 configuration, shared by everything that reads or writes the bucket. */
export function s3Client(settings: Extract<StorageSettings, { kind: 's3' }>): S3Client {
  const key = JSON.stringify(settings.client)
  if (!s3Clients.has(key)) s3Clients.set(key, new S3Client(settings.client))
  return s3Clients.get(key)!
}

/** Reads a stored file back (to re-process it), or null when it is not there. */
export async function readStoredFile(
  settings: StorageSettings,
  filename: string,
): Promise<Buffer | null> {
  const safe = path.basename(filename)
  if (settings.kind === 'local') return fs.readFile(path.join(settings.dir, safe)).catch(() => null)
  try {
    const object = await s3Client(settings).send(
      new GetObjectCommand({ Bucket: settings.bucket, Key: safe }),
    )
    return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : null
  } catch {
    return null
  }
}

/** Stores a file the upload collection does not store itself (a recording's second encoding). */
export async function writeStoredFile(
  settings: StorageSettings,
  filename: string,
  data: Buffer,
  contentType: string,
): Promise<void> {
  const safe = path.basename(filename)
  if (settings.kind === 'local') {
    await fs.mkdir(settings.dir, { recursive: true })
    await fs.writeFile(path.join(settings.dir, safe), data)
    return
  }
  await s3Client(settings).send(
    new PutObjectCommand({
      Bucket: settings.bucket,
      Key: safe,
      Body: data,
      ContentType: contentType,
    }),
  )
}

/** Every stored file of an upload record: the original, each size, a recording's Opus copy. */
export const mediaFilenames = (doc: {
  filename?: string | null
  sizes?: Record<string, { filename?: string | null } | null | undefined> | null
  opusFilename?: string | null
}): string[] =>
  [
    doc.filename,
    ...Object.values(doc.sizes ?? {}).map((size) => size?.filename),
    doc.opusFilename,
  ].filter((name): name is string => Boolean(name))

/**
 * Deletes stored files by name, for files that no longer have a record to delete them with
 * (an upload whose transaction was rolled back). Missing files are not an error.
 */
export async function deleteStoredFiles(
  settings: StorageSettings,
  filenames: readonly string[],
): Promise<void> {
  for (const filename of filenames) {
    const safe = path.basename(filename)
    if (settings.kind === 'local') await fs.rm(path.join(settings.dir, safe), { force: true })
    else
      await s3Client(settings).send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: safe }))
  }
}
