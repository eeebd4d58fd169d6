import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'

import { parseMongoUri, withDatabase } from '../helpers/databases'

// The MongoDB test helper gives each suite a database of its own on MONGODB_TEST_URI's server.
describe('MongoDB test addresses', () => {
  it('keeps every host of a replica set and its options', () => {
    const uri = withDatabase(
      'mongodb://a:27017,b:27017,c:27018/?replicaSet=rs0&w=majority',
      'relato_test_1',
    )
    expect(uri).toBe('mongodb://a:27017,b:27017,c:27018/relato_test_1?replicaSet=rs0&w=majority')
  })

  it('handles an address without a slash or a query', () => {
    expect(withDatabase('mongodb://127.0.0.1:27017', 'x')).toBe('mongodb://127.0.0.1:27017/x')
    expect(withDatabase('mongodb://h?replicaSet=rs0', 'x')).toBe('mongodb://h/x?replicaSet=rs0')
  })

  it('keeps SRV addresses as SRV addresses', () => {
    expect(withDatabase('mongodb+srv://cluster0.example.net/?retryWrites=true', 'x')).toBe(
      'mongodb+srv://cluster0.example.net/x?retryWrites=true',
    )
  })

  it('keeps the auth database the user authenticated against before', () => {
    // The path's database was the auth database: it becomes authSource.
    expect(withDatabase('mongodb://u:p%40ss@a:1,b:2/relato?replicaSet=rs0', 'x')).toBe(
      'mongodb://u:p%40ss@a:1,b:2/x?replicaSet=rs0&authSource=relato',
    )
    // No path: the driver used `admin`.
    expect(withDatabase('mongodb+srv://u:p@cluster0.example.net/', 'x')).toBe(
      'mongodb+srv://u:p@cluster0.example.net/x?authSource=admin',
    )
    // An explicit authSource is left alone.
    expect(withDatabase('mongodb://u:p@h/relato?authSource=other', 'x')).toBe(
      'mongodb://u:p@h/x?authSource=other',
    )
    // Without credentials there is nothing to authenticate.
    expect(withDatabase('mongodb://h/relato', 'x')).toBe('mongodb://h/x')
  })

  it('gives the driver the same hosts and auth database, and the new default database', () => {
    // MongoClient parses its address when constructed, without connecting (SRV would need DNS).
    for (const [given, authSource] of [
      ['mongodb://u:p@a:27017,b:27017/relato?replicaSet=rs0', 'relato'],
      ['mongodb://u:p@a:27017,b:27017/?replicaSet=rs0', 'admin'],
      ['mongodb://u:p@a:27017/relato?authSource=admin', 'admin'],
    ] as const) {
      const before = new MongoClient(given).options
      const after = new MongoClient(withDatabase(given, 'relato_test_2')).options
      expect(before.credentials?.source).toBe(authSource)
      expect(after.credentials?.source).toBe(authSource)
      expect(after.dbName).toBe('relato_test_2')
      expect(after.hosts.map(String)).toEqual(before.hosts.map(String))
      expect(after.replicaSet).toBe(before.replicaSet)
    }
  })

  it('finds the authority after a password holding encoded separators', () => {
    const parts = parseMongoUri('mongodb://user:a%2Fb%3Fc%40d@h1:1,h2:2/db?tls=true')
    expect(parts).toMatchObject({
      scheme: 'mongodb',
      userinfo: 'user:a%2Fb%3Fc%40d',
      hosts: 'h1:1,h2:2',
      database: 'db',
    })
    expect(parts.query.get('tls')).toBe('true')
  })

  it('refuses what is not a MongoDB address, without echoing it', () => {
    expect(() => parseMongoUri('postgres://u:secret@h/db')).toThrow(/not a mongodb/)
    expect(() => parseMongoUri('postgres://u:secret@h/db')).not.toThrow(/secret/)
  })
})
