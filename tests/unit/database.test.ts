import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

import {
  chooseDatabase,
  DatabaseConfigError,
  databaseAdapter,
  DEFAULT_SQLITE_URI,
  mongoAdapterOptions,
} from '../../src/lib/database'
import { childEnv, PROJECT_ROOT } from '../helpers/processes'

describe('database choice from DATABASE_URI', () => {
  it('defaults to the embedded SQLite file when unset or blank', () => {
    expect(chooseDatabase(undefined)).toEqual({ kind: 'sqlite', url: DEFAULT_SQLITE_URI })
    expect(chooseDatabase('  ')).toEqual({ kind: 'sqlite', url: DEFAULT_SQLITE_URI })
    expect(DEFAULT_SQLITE_URI).toBe('file:./data/relato.db')
  })

  it('uses SQLite for file: addresses', () => {
    expect(chooseDatabase('file:/tmp/x.db')).toEqual({ kind: 'sqlite', url: 'file:/tmp/x.db' })
  })

  it('uses MongoDB, with transactions only for replica sets', () => {
    expect(chooseDatabase('mongodb://db:27017/relato')).toEqual({
      kind: 'mongodb',
      url: 'mongodb://db:27017/relato',
      transactions: false,
    })
    expect(chooseDatabase('mongodb://a,b,c/relato?replicaSet=rs0&w=majority')).toMatchObject({
      transactions: true,
    })
    expect(chooseDatabase('mongodb+srv://u:p@cluster.example.net/relato')).toMatchObject({
      kind: 'mongodb',
      transactions: true,
    })
  })

  it('refuses anything else, naming the accepted forms without echoing the address', () => {
    for (const uri of [
      'postgres://user:hunter2@db/relato',
      'relato.db',
      'file:',
      'mysql://x',
      'MONGODB://x',
    ]) {
      let error: unknown
      try {
        chooseDatabase(uri)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(DatabaseConfigError)
      const message = (error as Error).message
      expect(message).toMatch(/DATABASE_URI/)
      expect(message).toMatch(/file:/)
      expect(message).toMatch(/mongodb:\/\//)
      expect(message).not.toContain('hunter2')
    }
  })

  it('builds the matching Payload adapter', async () => {
    expect((await databaseAdapter(undefined, process.cwd())).name).toBe('sqlite')
    expect((await databaseAdapter('mongodb://127.0.0.1:1/x', process.cwd())).name).toBe('mongoose')
    await expect(databaseAdapter('redis://x', process.cwd())).rejects.toThrow(DatabaseConfigError)
  })

  it('has MongoDB build its indexes at start and wait for them', () => {
    const options = mongoAdapterOptions(
      { kind: 'mongodb', url: 'mongodb://a,b/relato?replicaSet=rs0', transactions: true },
      '/app',
    )
    expect(options).toMatchObject({
      ensureIndexes: true,
      transactionOptions: {},
      url: 'mongodb://a,b/relato?replicaSet=rs0',
    })
    expect(
      mongoAdapterOptions(
        { kind: 'mongodb', url: 'mongodb://a/relato', transactions: false },
        '/app',
      ),
    ).toMatchObject({ ensureIndexes: true, transactionOptions: false })
  })
})

describe('only the chosen database adapter is loaded', () => {
  /** The module URLs a fresh Node process resolves while building the adapter for `uri`. */
  async function loadedFor(uri: string): Promise<string[]> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-imports-'))
    const log = path.join(dir, 'imports.txt')
    await fs.writeFile(log, '')
    const script = `const { databaseAdapter } = await import('./src/lib/database.ts'); await databaseAdapter(${JSON.stringify(uri)}, process.cwd())`
    try {
      await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          '--import',
          './tests/helpers/importLog.register.mjs',
          '--input-type=module',
          '-e',
          script,
        ],
        { cwd: PROJECT_ROOT, env: childEnv({ RELATO_IMPORT_LOG: log }), timeout: 60_000 },
      )
      return (await fs.readFile(log, 'utf8')).split('\n').filter(Boolean)
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  }

  it('does not load SQLite (nor its native libsql binary) on MongoDB, and the reverse', async () => {
    const onMongo = await loadedFor('mongodb://127.0.0.1:1/relato')
    expect(onMongo.some((url) => url.includes('/@payloadcms/db-mongodb/'))).toBe(true)
    expect(onMongo.filter((url) => /db-sqlite|libsql|drizzle-orm/.test(url))).toEqual([])

    const onSqlite = await loadedFor('file:/tmp/relato-never-opened.db')
    expect(onSqlite.some((url) => url.includes('/@payloadcms/db-sqlite/'))).toBe(true)
    expect(onSqlite.filter((url) => /db-mongodb|mongoose/.test(url))).toEqual([])
  }, 120_000)
})
