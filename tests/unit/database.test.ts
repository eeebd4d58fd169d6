import { describe, expect, it } from 'vitest'

import { chooseDatabase, DatabaseConfigError, databaseAdapter, DEFAULT_SQLITE_URI } from '../../src/lib/database'

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
    expect(chooseDatabase('mongodb://a,b,c/relato?replicaSet=rs0&w=majority')).toMatchObject({ transactions: true })
    expect(chooseDatabase('mongodb+srv://u:p@cluster.example.net/relato')).toMatchObject({ kind: 'mongodb', transactions: true })
  })

  it('refuses anything else, naming the accepted forms without echoing the address', () => {
    for (const uri of ['postgres://user:hunter2@db/relato', 'relato.db', 'file:', 'mysql://x', 'MONGODB://x']) {
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

  it('builds the matching Payload adapter', () => {
    expect(databaseAdapter(undefined, process.cwd()).name).toBe('sqlite')
    expect(databaseAdapter('mongodb://127.0.0.1:1/x', process.cwd()).name).toBe('mongoose')
    expect(() => databaseAdapter('redis://x', process.cwd())).toThrow(DatabaseConfigError)
  })
})
