import type { SQLiteAdapter } from '@payloadcms/db-sqlite'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type TestInstance, startPayload } from '../helpers/payload'
import { PROJECT_ROOT } from '../helpers/processes'

// Production never pushes the schema, so a field added without `npm run migrate:create` would
// only fail there. This compares the committed snapshot with the schema the config builds.
describe('committed SQLite migrations', () => {
  let instance: TestInstance
  beforeAll(async () => {
    instance = await startPayload()
  })
  afterAll(async () => {
    await instance?.close()
  })

  it('cover every table and column of the current config', async () => {
    const db = instance.payload.db as unknown as SQLiteAdapter
    const dir = path.join(PROJECT_ROOT, 'migrations/sqlite')
    const latest = fs
      .readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .at(-1)
    expect(latest, 'no migration snapshot committed').toBeDefined()
    const committed = JSON.parse(fs.readFileSync(path.join(dir, latest!), 'utf8'))
    const { generateDrizzleJson, generateMigration } = db.requireDrizzleKit()
    const current = await generateDrizzleJson(db.schema)
    const pending = await generateMigration(committed, current)
    expect(pending, 'schema changed: run `npm run migrate:create <name>` and commit it').toEqual([])
  })

  it('are all listed in migrations/sqlite/index.ts', () => {
    const dir = path.join(PROJECT_ROOT, 'migrations/sqlite')
    const index = fs.readFileSync(path.join(dir, 'index.ts'), 'utf8')
    for (const file of fs.readdirSync(dir).filter((name) => /^\d{8}_\d{6}.*\.ts$/.test(name))) {
      expect(index).toContain(`name: '${file.replace(/\.ts$/, '')}'`)
    }
  })
})
