// Types only: the adapters themselves are imported when chosen (databaseAdapter), so a MongoDB
// deployment never loads SQLite's native binary and an SQLite one never loads mongoose.
import type { Args as MongooseAdapterOptions } from '@payloadcms/db-mongodb'
import type { SQLiteSchemaHook } from '@payloadcms/db-sqlite'
import path from 'node:path'
import type { DatabaseAdapterObj } from 'payload'

export const DEFAULT_SQLITE_URI = 'file:./data/relato.db'

const ACCEPTED_FORMS =
  'unset (embedded SQLite at data/relato.db), file:<path> (SQLite), mongodb://… or mongodb+srv://… (MongoDB)'

export class DatabaseConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DatabaseConfigError'
  }
}

export type DatabaseChoice =
  { kind: 'sqlite'; url: string } | { kind: 'mongodb'; url: string; transactions: boolean }

/** Reads DATABASE_URI; the only place that knows which database Relato runs on. */
export function chooseDatabase(uri: string | undefined): DatabaseChoice {
  const value = uri?.trim()
  if (!value) return { kind: 'sqlite', url: DEFAULT_SQLITE_URI }
  if (value.startsWith('file:')) {
    if (value.length <= 'file:'.length) {
      throw new DatabaseConfigError(
        `DATABASE_URI "file:" names no file. Accepted forms: ${ACCEPTED_FORMS}.`,
      )
    }
    return { kind: 'sqlite', url: value }
  }
  if (value.startsWith('mongodb://') || value.startsWith('mongodb+srv://')) {
    return { kind: 'mongodb', url: value, transactions: namesReplicaSet(value) }
  }
  // Never echo the value: it may hold credentials.
  throw new DatabaseConfigError(
    `DATABASE_URI is not a supported database address. Accepted forms: ${ACCEPTED_FORMS}.`,
  )
}

// MongoDB only supports transactions on replica sets; SRV addresses (Atlas) always are.
function namesReplicaSet(uri: string): boolean {
  if (uri.startsWith('mongodb+srv://')) return true
  const query = uri.split('?')[1]
  return query !== undefined && new URLSearchParams(query).has('replicaSet')
}

/**
 * Payload indexes each `<collection>_locales` table on (_locale, _parent_id) only, which SQLite
 * cannot use to find a document's rows by `_parent_id`: every read of a localized document then
 * scans the whole table (measured: 12 s for one anonymous list of 10,000 stories; 24 ms with this).
 */
async function indexLocalesByParent(): Promise<SQLiteSchemaHook> {
  const { index } = await import('@payloadcms/db-sqlite/drizzle/sqlite-core')
  return ({ schema, extendTable }) => {
    for (const [name, table] of Object.entries(schema.tables)) {
      if (!name.endsWith('_locales')) continue
      extendTable({
        table,
        extraConfig: (columns) => ({
          [`${name}_parent_idx`]: index(`${name}_parent_idx`).on(columns._parentID),
        }),
      })
    }
    return schema
  }
}

/** The MongoDB adapter's options (exported for its unit test). */
export function mongoAdapterOptions(
  choice: Extract<DatabaseChoice, { kind: 'mongodb' }>,
  projectRoot: string,
): MongooseAdapterOptions {
  return {
    url: choice.url,
    transactionOptions: choice.transactions ? {} : false,
    // Build every index (unique slugs, emails, consent-text versions…) at connection and wait for
    // the builds: without it mongoose builds them in the background and a failed build (say,
    // duplicates already stored) goes unnoticed, leaving uniqueness unenforced.
    ensureIndexes: true,
    migrationDir: path.resolve(projectRoot, 'migrations/mongodb'),
  }
}

export async function databaseAdapter(
  uri: string | undefined,
  projectRoot: string,
): Promise<DatabaseAdapterObj> {
  const choice = chooseDatabase(uri)
  if (choice.kind === 'mongodb') {
    const { mongooseAdapter } = await import('@payloadcms/db-mongodb')
    return mongooseAdapter(mongoAdapterOptions(choice, projectRoot))
  }
  const { sqliteAdapter } = await import('@payloadcms/db-sqlite')
  return sqliteAdapter({
    client: { url: choice.url },
    idType: 'uuid',
    migrationDir: path.resolve(projectRoot, 'migrations/sqlite'),
    // Production never pushes the schema: migrations are applied by `npm start` (payload migrate).
    push: process.env.NODE_ENV !== 'production',
    // Transactions stay off (Payload's default for SQLite). Turned on, each one takes the write
    // lock at BEGIN and libsql continues on a new connection without busy_timeout: a withdrawal
    // during a photo upload then failed with SQLITE_BUSY (measured). Multi-step writes that must
    // not be half-saved undo themselves instead (src/selfservice/submit.ts).
    transactionOptions: false,
    // Two Payload instances share the file (server.ts): a writer waits for the other's lock.
    busyTimeout: 5_000,
    afterSchemaInit: [await indexLocalesByParent()],
  })
}
