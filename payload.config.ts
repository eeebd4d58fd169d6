import { slateEditor } from '@payloadcms/richtext-slate'
import { en } from '@payloadcms/translations/languages/en'
import { es } from '@payloadcms/translations/languages/es'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig, type Config, type Plugin } from 'payload'
import sharp from 'sharp'

import { Artworks } from './collections/Artworks'
import { AuditLog } from './collections/AuditLog'
import { Campaigns } from './collections/Campaigns'
import { KitAssets } from './collections/KitAssets'
import { ConsentRecords } from './collections/ConsentRecords'
import { ConsentTombstones } from './collections/ConsentTombstones'
import { ConsentTexts } from './collections/ConsentTexts'
import { Media } from './collections/Media'
import { Partners } from './collections/Partners'
import { Recordings } from './collections/Recordings'
import { PublicChanges } from './collections/PublicChanges'
import { Resources } from './collections/Resources'
import { Stories } from './collections/Stories'
import { Users } from './collections/Users'
import { Safety } from './globals/Safety'
import { databaseAdapter } from './src/lib/database'
import { publicReadModelPlugin } from './src/public/hooks'
import { buildKitTask, JOBS_ACCESS, kitAutoRun, kitsPlugin, sweepKitsTask } from './src/kits'
import { emailAdapter } from './src/lib/email'
import { ERROR_LOG_LEVELS, unavailableAfterError } from './src/lib/errors'
import { audioLimits, mediaLimits } from './src/lib/mediaLimits'
import { resolveSecret } from './src/lib/secret'
import { resolveDataKeys } from './src/lib/dataKey'
import { eraseExpiredContactsTask } from './src/safety/retention'
import { lockDownPayloadSurface } from './src/access/payloadSurface'
import { guardQueries } from './src/policy/queries'
import type { RelatoSettings } from './src/lib/settings'
import { storagePlugin, storageSettings, withLocalDir } from './src/lib/storage'

const root = path.dirname(fileURLToPath(import.meta.url))

type Env = Record<string, string | undefined>

/**
 * The whole system; tests build it with their own environment (database file, bucket). Async
 * because the database adapter is imported only once chosen (src/lib/database.ts).
 */
export async function relatoConfig(
  env: Env = process.env,
  { testPlugins = [] }: { testPlugins?: Plugin[] } = {},
) {
  const settings: RelatoSettings = {
    storage: storageSettings(env, root),
    media: mediaLimits(env),
    audio: audioLimits(env),
    dataKeys: resolveDataKeys(env, path.resolve(root, 'data')),
  }
  const built = buildConfig({
    secret: resolveSecret(env, path.resolve(root, 'data')),
    serverURL: env.SERVER_URL || undefined,
    db: await databaseAdapter(env.DATABASE_URI, root),
    editor: slateEditor({}),
    email: emailAdapter(env),
    collections: [
      Stories,
      Artworks,
      Campaigns,
      ConsentRecords,
      ConsentTexts,
      withLocalDir(Media, settings.storage),
      withLocalDir(Recordings, settings.storage),
      Users,
      Partners,
      AuditLog,
      ConsentTombstones,
      KitAssets,
      PublicChanges,
      Resources,
    ],
    globals: [Safety],
    localization: {
      locales: [
        { code: 'en', label: 'English' },
        { code: 'es', label: 'Español' },
      ],
      defaultLocale: 'en',
      fallback: true,
    },
    i18n: { supportedLanguages: { en, es }, fallbackLanguage: 'en' },
    admin: {
      user: Users.slug,
      // Payload's default avatar is Gravatar: every admin page would send each user's email hash
      // to another host. The built-in icon sends nothing anywhere.
      avatar: 'default',
      components: {
        afterNavLinks: ['/src/admin/ReviewQueueLink#ReviewQueueLink'],
        views: {
          reviewQueue: { Component: '/src/admin/ReviewQueue#ReviewQueue', path: '/review-queue' },
        },
      },
      importMap: {
        baseDir: root,
        importMapFile: path.resolve(root, 'src/app/(payload)/admin/importMap.js'),
      },
    },
    plugins: [
      storagePlugin(settings.storage),
      publicReadModelPlugin(),
      kitsPlugin(),
      ...testPlugins,
    ],
    // Kit builds are queued by hooks and run by one runner per server process (src/kits/job.ts);
    // the retention task is scheduled daily (src/safety/retention.ts).
    jobs: {
      tasks: [buildKitTask, sweepKitsTask, eraseExpiredContactsTask],
      access: JOBS_ACCESS,
      deleteJobOnComplete: true,
      enableConcurrencyControl: true,
      autoRun: kitAutoRun,
    },
    upload: { limits: { fileSize: settings.media.maxBytes } },
    custom: { relato: settings },
    // Payload types these keys as its own error names; it matches any error's `name` at run time.
    loggingLevels: ERROR_LOG_LEVELS as Config['loggingLevels'],
    // A busy database or an unreachable bucket: 503 with Retry-After (src/lib/errors.ts).
    hooks: { afterError: [unavailableAfterError] },
    sharp,
    telemetry: false,
    // Payload's own (pretty) logger unless a level is asked for, as the tests do.
    ...(env.LOG_LEVEL ? { logger: { options: { level: env.LOG_LEVEL } } } : {}),
    typescript: {
      outputFile: path.resolve(root, 'src/payload-types.ts'),
      // Payload spawns `payload generate:types` at every boot outside production. A test run boots
      // about 60 instances: 60 extra processes (a minute of CPU) writing the same file at once.
      autoGenerate: env.NODE_ENV !== 'test',
    },
  })
  // Payload adds collections of its own (locks, preferences, jobs) while building: the query
  // rule and the locks' access are put on the finished config, so they cover those too.
  return built.then((config) => guardQueries(lockDownPayloadSurface(config)))
}

export default relatoConfig()
