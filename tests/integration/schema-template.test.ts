import { createClient } from '@libsql/client'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

import { startPayload, type TestInstance } from '../helpers/payload'

// tests/helpers/schemaTemplate.ts: test instances start from a kept copy of the pushed schema
// instead of pushing it again. The copy must be exactly what a push makes.

/** Every table, index and trigger of an instance's database, as SQLite stores their definitions. */
async function schemaOf(instance: TestInstance): Promise<string[]> {
  const client = createClient({ url: `file:${path.join(instance.dir, 'relato.db')}` })
  try {
    const { rows } = await client.execute(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    return rows.map((row) => `${row.type} ${row.name}: ${row.sql}`)
  } finally {
    client.close()
  }
}

describe('schema templates for test databases', () => {
  let instance: TestInstance | undefined
  afterEach(async () => {
    await instance?.close()
    instance = undefined
    delete process.env.RELATO_TEST_SHORTCUTS
  })

  it('start a test database with exactly the schema a push makes, and empty', async () => {
    // The first boot keeps a template when none exists; the second surely starts from it.
    instance = await startPayload()
    await instance.close()
    instance = await startPayload()
    const fromTemplate = await schemaOf(instance)
    expect(fromTemplate.length).toBeGreaterThan(20)
    for (const collection of ['users', 'stories', 'consent-records'] as const)
      expect((await instance.payload.count({ collection })).totalDocs).toBe(0)
    await instance.close()

    process.env.RELATO_TEST_SHORTCUTS = '0'
    instance = await startPayload()
    expect(await schemaOf(instance)).toEqual(fromTemplate)
  })
})
