import { randomBytes } from 'node:crypto'
import { describe } from 'vitest'

export type DatabaseKind = 'sqlite' | 'mongodb'

export const mongoTestUri = (): string | undefined =>
  process.env.MONGODB_TEST_URI?.trim() || undefined

/** The parts of a MongoDB connection string this helper touches; hosts and options stay as given. */
type MongoUri = {
  scheme: string
  userinfo: string | null
  hosts: string
  database: string
  query: URLSearchParams
}

/**
 * Splits a `mongodb://` or `mongodb+srv://` address. Not `new URL()`: it refuses the comma-separated
 * host lists of replica sets (`mongodb://a:27017,b:27017/?replicaSet=rs0`). In a valid address the
 * user name and password percent-encode `@`, `/` and `?`, so the first `/` or `?` after the last `@`
 * of the authority ends the host list.
 */
export function parseMongoUri(uri: string): MongoUri {
  const match = /^(mongodb(?:\+srv)?):\/\/([^/?]*@)?([^/?]+)(?:\/([^?]*))?(?:\?(.*))?$/.exec(
    uri.trim(),
  )
  if (!match) throw new Error('MONGODB_TEST_URI is not a mongodb:// or mongodb+srv:// address')
  const [, scheme, userinfo, hosts, database = '', query = ''] = match
  return {
    scheme,
    userinfo: userinfo ? userinfo.slice(0, -1) : null,
    hosts,
    database: decodeURIComponent(database),
    query: new URLSearchParams(query),
  }
}

export function formatMongoUri({ scheme, userinfo, hosts, database, query }: MongoUri): string {
  const search = query.toString()
  return `${scheme}://${userinfo ? `${userinfo}@` : ''}${hosts}/${encodeURIComponent(database)}${search ? `?${search}` : ''}`
}

/**
 * The same server with another default database. With credentials, the driver authenticates
 * against the path's database unless `authSource` says otherwise (and against `admin` when there
 * is no path): so the database the user authenticated against before is kept as `authSource`.
 * (An SRV address whose DNS TXT record names another auth database must say so in the address.)
 */
export function withDatabase(uri: string, database: string): string {
  const parts = parseMongoUri(uri)
  const query = new URLSearchParams(parts.query)
  if (parts.userinfo && !query.has('authSource')) query.set('authSource', parts.database || 'admin')
  return formatMongoUri({ ...parts, database, query })
}

/** A database of its own for one test instance: a fresh SQLite file, or a fresh MongoDB database. */
export function databaseUriFor(kind: DatabaseKind, dir: string): string {
  if (kind === 'sqlite') return `file:${dir}/relato.db`
  const base = mongoTestUri()
  if (!base) throw new Error('MONGODB_TEST_URI is not set')
  return withDatabase(base, `relato_test_${randomBytes(6).toString('hex')}`)
}

/**
 * Drops a test's MongoDB database on a connection of its own: for when the suite failed before
 * (or while) Payload connected, so that no Payload instance is left to do it.
 */
export async function dropMongoDatabase(uri: string): Promise<void> {
  // mongoose comes with @payloadcms/db-mongodb; loaded only when a MongoDB suite runs.
  const { default: mongoose } = await import('mongoose')
  const connection = await mongoose
    .createConnection(uri, { serverSelectionTimeoutMS: 5_000 })
    .asPromise()
  try {
    await connection.dropDatabase()
  } finally {
    await connection.close()
  }
}

/**
 * Runs the same suite on every database Relato supports. The MongoDB copy shows up as
 * skipped (not silently absent) when MONGODB_TEST_URI is unset.
 */
export function describeEachDatabase(title: string, suite: (kind: DatabaseKind) => void): void {
  describe(`${title} [sqlite]`, () => suite('sqlite'))
  describe.skipIf(!mongoTestUri())(`${title} [mongodb]`, () => suite('mongodb'))
}
