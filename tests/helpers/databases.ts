import { randomBytes } from 'node:crypto'
import { describe } from 'vitest'

export type DatabaseKind = 'sqlite' | 'mongodb'

export const mongoTestUri = (): string | undefined => process.env.MONGODB_TEST_URI?.trim() || undefined

/** A database of its own for one test instance: a fresh SQLite file, or a fresh MongoDB database. */
export function databaseUriFor(kind: DatabaseKind, dir: string): string {
  if (kind === 'sqlite') return `file:${dir}/relato.db`
  const base = mongoTestUri()
  if (!base) throw new Error('MONGODB_TEST_URI is not set')
  const url = new URL(base)
  url.pathname = `/relato_test_${randomBytes(6).toString('hex')}`
  return url.toString()
}

/**
 * Runs the same suite on every database Relato supports. The MongoDB copy shows up as
 * skipped (not silently absent) when MONGODB_TEST_URI is unset.
 */
export function describeEachDatabase(title: string, suite: (kind: DatabaseKind) => void): void {
  describe(`${title} [sqlite]`, () => suite('sqlite'))
  describe.skipIf(!mongoTestUri())(`${title} [mongodb]`, () => suite('mongodb'))
}
