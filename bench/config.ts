import { relatoConfig } from '../payload.config'

/**
 * The config a bench boots: a SQLite file and a media folder of its own in `dir`, warnings only
 * in the log. `env` adds to it or overrides it.
 */
export const benchConfig = (dir: string, env: Record<string, string | undefined> = {}) =>
  relatoConfig({
    NODE_ENV: 'test',
    PAYLOAD_SECRET: 'bench',
    DATABASE_URI: `file:${dir}/bench.db`,
    MEDIA_DIR: `${dir}/media`,
    LOG_LEVEL: 'warn',
    ...env,
  })
