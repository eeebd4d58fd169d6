import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { SanitizedConfig } from 'payload'

/**
 * Pushing Payload's schema onto a new SQLite file is most of a test boot: drizzle-kit reads the
 * whole (empty) database back and diffs it against the config, table by table — several seconds
 * on a quiet core, and the same work for each of the ~45 instances a run starts. An empty database
 * with the schema pushed is the same file every time, so the first boot of a schema keeps a copy
 * of its freshly pushed file and later boots (in any worker, in later runs too) start from that copy
 * and skip the push.
 *
 * The copy is named by a hash of the schema drizzle-kit itself would push (its snapshot of the
 * tables, columns, indexes and foreign keys, our index hook included): a schema change, or a
 * test plugin that adds a field, gets a template of its own, so no test ever starts on a schema
 * other than the one its config pushes. `RELATO_TEST_SHORTCUTS=0` turns it off (and the remembered
 * password hashes, tests/helpers/passwordHashes.ts).
 */
const TEMPLATE_DIR = path.join(os.tmpdir(), 'relato-test-schema-templates')

/** The parts of Payload's SQLite adapter this helper reads or sets (not exported by its types). */
type SqliteAdapter = {
  name: string
  push?: boolean
  schema: Record<string, unknown>
  client?: { execute: (sql: string) => Promise<unknown> }
  clientConfig: { url: string }
  requireDrizzleKit: () => {
    generateDrizzleJson: (schema: Record<string, unknown>) => Promise<Record<string, unknown>>
  }
  connect: (options?: unknown) => Promise<void>
}

const enabled = () => process.env.RELATO_TEST_SHORTCUTS !== '0'

async function schemaKey(adapter: SqliteAdapter): Promise<string> {
  // id/prevId are random per call; the rest describes the schema alone.
  const {
    id: _id,
    prevId: _prevId,
    ...snapshot
  } = await adapter.requireDrizzleKit().generateDrizzleJson(adapter.schema)
  return createHash('sha256').update(JSON.stringify(snapshot)).digest('hex').slice(0, 32)
}

const fileOf = (url: string): string | undefined =>
  url.startsWith('file:') ? url.slice('file:'.length) : undefined

const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  )

/** Makes `config`'s SQLite adapter start from a kept copy of its pushed schema when there is one. */
export function reuseSchemaTemplate(config: SanitizedConfig): void {
  if (!enabled()) return
  const init = config.db.init
  config.db.init = (args) => {
    const adapter = init(args) as unknown as SqliteAdapter
    if (adapter.name !== 'sqlite' || adapter.push === false) return adapter as never
    const connect = adapter.connect.bind(adapter)
    adapter.connect = async (options) => {
      const file = fileOf(adapter.clientConfig.url)
      // Only before the client exists: a reconnect (hot reload) keeps its file.
      if (!file || adapter.client) return connect(options)
      // A file that exists already (a restart onto the same database) is pushed as it is.
      if (await exists(file)) return connect(options)
      const template = path.join(TEMPLATE_DIR, `${await schemaKey(adapter)}.db`)
      if (await exists(template)) {
        await fs.copyFile(template, file)
        adapter.push = false
        return connect(options)
      }
      await connect(options)
      await keepTemplate(adapter, template)
    }
    return adapter as never
  }
}

/** Snapshots the just-pushed, still empty database; written under a temporary name, then renamed. */
async function keepTemplate(adapter: SqliteAdapter, template: string): Promise<void> {
  if (!adapter.client || (await exists(template))) return
  await fs.mkdir(TEMPLATE_DIR, { recursive: true })
  const partial = `${template}.${randomBytes(6).toString('hex')}.partial`
  try {
    await adapter.client.execute(`VACUUM INTO '${partial.replaceAll("'", "''")}'`)
    await fs.rename(partial, template)
  } catch {
    // A template is only a shortcut: the next boot pushes again.
    await fs.rm(partial, { force: true })
  }
}
