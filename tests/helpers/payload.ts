import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { getPayload, type Payload, type Plugin, type SanitizedConfig } from 'payload'

import { relatoConfig } from '../../payload.config'
import { type PublicReadModel, startReadModel, stopReadModel } from '../../src/public'
import { type DatabaseKind, databaseUriFor, dropMongoDatabase } from './databases'
import type { S3TestServer } from './s3'
import { reuseSchemaTemplate } from './schemaTemplate'

export type Env = Record<string, string | undefined>

export type TestInstance = {
  payload: Payload
  config: SanitizedConfig
  env: Env
  dir: string
  mediaDir: string
  /** The public read model this instance's hooks keep up to date. */
  readModel: PublicReadModel
  close: () => Promise<void>
}

/** Base address of public URLs until a test HTTP server takes over (see startHttp). */
const TEST_BASE_URL = 'http://relato.test'

let live = false

type PayloadGlobals = { _payload?: Map<string, unknown>; _payload_graphql?: unknown }

/** Lets the next instance in this process boot with its own config instead of the cached one. */
function forgetCachedPayload(): void {
  const globals = globalThis as PayloadGlobals
  globals._payload?.delete('default')
  globals._payload_graphql = { graphql: null, promise: null }
}

type Options = {
  database?: DatabaseKind
  s3?: S3TestServer
  env?: Env
  /** Test-only plugins (fault injection). */ plugins?: Plugin[]
}

/** Boots Payload on a database of its own (a temp SQLite file, or a fresh MongoDB database). */
export async function startPayload({
  database = 'sqlite',
  s3,
  env: extra = {},
  plugins = [],
}: Options = {}): Promise<TestInstance> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-test-'))
  const mediaDir = path.join(dir, 'media')
  const env: Env = {
    NODE_ENV: 'test',
    PAYLOAD_SECRET: randomBytes(16).toString('hex'),
    // A key of its own, so that no test depends on (or writes) the development key in data/.
    RELATO_DATA_KEY: randomBytes(32).toString('base64'),
    DATABASE_URI: databaseUriFor(database, dir),
    MEDIA_DIR: mediaDir,
    // Refusals are logged at info level; tests make thousands of them on purpose.
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    ...(s3 ? s3.env : {}),
    ...extra,
  }
  if (live)
    throw new Error(
      'One Payload test instance per process at a time: close the previous one first.',
    )
  let payload: Payload | undefined
  let config: SanitizedConfig
  let readModel: PublicReadModel
  try {
    config = await relatoConfig(env, { testPlugins: plugins })
    reuseSchemaTemplate(config)
    // The default cache key, because Payload's Next route handlers (GraphQL among them) look it up.
    payload = await getPayload({ config })
    readModel = await startReadModel(payload, TEST_BASE_URL)
  } catch (error) {
    // A start that fails half-way (an index build, the first read) must not leave its database behind.
    await payload?.destroy().catch(() => undefined)
    forgetCachedPayload()
    if (database === 'mongodb') await dropMongoDatabase(env.DATABASE_URI!).catch(() => undefined)
    await fs.rm(dir, { recursive: true, force: true })
    throw error
  }
  live = true
  const started = payload
  return {
    payload: started,
    config,
    readModel,
    env,
    dir,
    mediaDir,
    close: async () => {
      if (database === 'mongodb')
        await (started.db as unknown as MongooseAdapter).connection.dropDatabase()
      stopReadModel(readModel)
      await started.destroy()
      forgetCachedPayload()
      live = false
      await fs.rm(dir, { recursive: true, force: true })
    },
  }
}
