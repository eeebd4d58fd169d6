import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { SQLiteAdapter } from '@payloadcms/db-sqlite'
import { sql } from '@payloadcms/db-sqlite'
import { getPayload, type Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { migrations as committed } from '../../migrations/sqlite'
import { relatoConfig } from '../../payload.config'

// A database made by the previous release: the committed migrations before the one that
// introduced encryption, with names and contacts stored plain as that release stored them.
// Then the newest migration runs on it, as `npm start` would run it after an upgrade.
const PLAIN = {
  legalName: `Plain Legal ${randomBytes(3).toString('hex')}`,
  contactEmail: `plain.${randomBytes(3).toString('hex')}@example.org`,
  contactPhone: '+1 323 555 0199',
  guardianName: `Plain Guardian ${randomBytes(3).toString('hex')}`,
  witness: `Plain Witness ${randomBytes(3).toString('hex')}`,
  interpreter: `Plain Interpreter ${randomBytes(3).toString('hex')}`,
  evidence: `Plain evidence ${randomBytes(3).toString('hex')}`,
}

type PayloadGlobals = { _payload?: Map<string, unknown> }

// Payload types a migration's argument loosely (`unknown`); the committed ones take the SQLite adapter's.
const migrations = committed as unknown as NonNullable<
  Parameters<Payload['db']['migrate']>[0]
>['migrations'] &
  unknown[]

const sealing = migrations.findIndex(
  (migration) => migration.name === '20261202_020251_public_pages_kits_sealed_signoff',
)

describe('the migration that seals names and contacts, on a database of the previous release [sqlite]', () => {
  let dir: string
  let payload: Payload
  const storyId = randomUUID()
  const recordId = randomUUID()

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-seal-migration-'))
    const env = {
      NODE_ENV: 'test',
      PAYLOAD_SECRET: randomBytes(16).toString('hex'),
      RELATO_DATA_KEY: randomBytes(32).toString('base64'),
      DATABASE_URI: `file:${dir}/relato.db`,
      MEDIA_DIR: `${dir}/media`,
      LOG_LEVEL: 'warn',
    }
    // The adapter pushes the current schema unless it is built for production: build it so, as
    // `npm start` does, and leave the schema to the migrations.
    const processEnv = process.env as Record<string, string | undefined>
    const previousNodeEnv = processEnv.NODE_ENV
    processEnv.NODE_ENV = 'production'
    let config
    try {
      config = await relatoConfig(env)
    } finally {
      processEnv.NODE_ENV = previousNodeEnv
    }
    payload = await getPayload({ config, key: `seal-migration-${storyId}` } as never)
    await payload.db.migrate({ migrations: migrations.slice(0, sealing) })
    const db = (payload.db as unknown as SQLiteAdapter).drizzle
    await db.run(
      sql`INSERT INTO stories (id, legal_name, contact_email, contact_phone) VALUES (${storyId}, ${PLAIN.legalName}, ${PLAIN.contactEmail}, ${PLAIN.contactPhone})`,
    )
    await db.run(
      sql`INSERT INTO consent_records (id, method, guardian_name, witness, interpreter, evidence) VALUES (${recordId}, 'guardian', ${PLAIN.guardianName}, ${PLAIN.witness}, ${PLAIN.interpreter}, ${PLAIN.evidence})`,
    )
  }, 120_000)

  afterAll(async () => {
    await payload?.destroy()
    ;(globalThis as PayloadGlobals)._payload?.delete(`seal-migration-${storyId}`)
    await fs.rm(dir, { recursive: true, force: true })
  })

  it('seals every plain value in place, and the API reads them back plain', async () => {
    // The sealing migration, then every later one: it must run on the schema of its own day.
    await payload.db.migrate({ migrations: migrations.slice(sealing) })
    const db = (payload.db as unknown as SQLiteAdapter).drizzle
    const story = (
      await db.all(
        sql`SELECT legal_name, contact_email, contact_phone, seal_id, contact_email_index FROM stories WHERE id = ${storyId}`,
      )
    )[0] as Record<string, string>
    const record = (
      await db.all(
        sql`SELECT guardian_name, witness, interpreter, evidence, seal_id FROM consent_records WHERE id = ${recordId}`,
      )
    )[0] as Record<string, string>
    for (const [column, value] of Object.entries({ ...story, ...record })) {
      if (column === 'seal_id' || column === 'contact_email_index')
        expect(value, column).toBeTruthy()
      else expect(value.startsWith('rk1:'), column).toBe(true)
    }
    const raw = JSON.stringify([story, record])
    for (const plain of Object.values(PLAIN)) expect(raw).not.toContain(plain)

    const read = await payload.findByID({ collection: 'stories', id: storyId, depth: 0 })
    expect([read.legalName, read.contactEmail, read.contactPhone]).toEqual([
      PLAIN.legalName,
      PLAIN.contactEmail,
      PLAIN.contactPhone,
    ])
    const readRecord = await payload.findByID({
      collection: 'consent-records',
      id: recordId,
      depth: 0,
    })
    expect([
      readRecord.guardianName,
      readRecord.witness,
      readRecord.interpreter,
      readRecord.evidence,
    ]).toEqual([PLAIN.guardianName, PLAIN.witness, PLAIN.interpreter, PLAIN.evidence])
  })
})
