import { s3Storage } from '@payloadcms/storage-s3'
import type { CollectionConfig, Plugin } from 'payload'

type Env = Record<string, string | undefined>

/** Collections whose files live in S3 when S3_BUCKET is set. */
export const UPLOAD_COLLECTIONS = ['media'] as const

/**
 * The S3 plugin is always installed, enabled only with S3_BUCKET, and always inserts its
 * fields, so that local and S3 deployments share one schema (and one set of migrations).
 */
export function storagePlugin(env: Env): Plugin {
  const bucket = env.S3_BUCKET?.trim()
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
      : undefined // the AWS SDK's default chain (profiles, instance roles) decides
  return s3Storage({
    enabled: Boolean(bucket),
    alwaysInsertFields: true,
    bucket: bucket ?? '',
    collections: Object.fromEntries(UPLOAD_COLLECTIONS.map((slug) => [slug, true])),
    config: {
      region: env.S3_REGION || 'us-east-1',
      endpoint: env.S3_ENDPOINT || undefined,
      forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
      credentials,
    },
  })
}

/** Points an upload collection's local storage at `dir` (tests give each instance its own). */
export function withLocalDir(collection: CollectionConfig, dir: string): CollectionConfig {
  const upload = typeof collection.upload === 'object' ? collection.upload : {}
  return { ...collection, upload: { ...upload, staticDir: dir } }
}
