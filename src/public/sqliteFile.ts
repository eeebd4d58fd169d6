import fs from 'node:fs'
import path from 'node:path'

import type { PlannedTables, RowSource, Table } from './load'
import { pageOf } from './pageRows'

// The read model's start-up load from a local SQLite file, on a read connection of its own.
// Through the adapter's libsql client every row becomes an object with a property defined per
// column, then Drizzle maps it again: at 100,000 stories that was ≈ 13 s of CPU, most of it
// garbage collection; plain rows from the same engine take ≈ 2 s (bench/read-model-start.ts).
// Pages follow the table's rowid (its stored order) instead of the id index: the same rows,
// without a lookup per row. Only the columns the plans name are read, as on the Drizzle path.

/** The SQLite adapter's options, as far as this file reads them. */
export type SqliteFileAdapter = {
  name?: string
  clientConfig?: { url?: string }
  busyTimeout?: number
}

/** The subset of libsql's (better-sqlite3's) API used here. */
type Statement = { all: (...args: unknown[]) => Record<string, unknown>[] }
type Connection = {
  prepare: (sql: string) => Statement
  exec: (sql: string) => void
  close: () => void
}

/** The path of a `file:` URL naming a local file that exists, else null (memory, remote, options). */
export function localSqlitePath(url: string | undefined): string | null {
  if (!url?.startsWith('file:') || url.includes('?')) return null
  const file = url.startsWith('file://') ? new URL(url).pathname : url.slice('file:'.length)
  if (!file || file === ':memory:') return null
  const resolved = path.resolve(file)
  return fs.existsSync(resolved) ? resolved : null
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/** `"column" AS "key"` for each entry. */
const selectList = (table: Table, columns: [key: string, column: string][]) =>
  columns.map(([key, column]) => `${quote(table[column].name)} AS ${quote(key)}`).join(', ')

/**
 * A row source reading `planned` from the adapter's SQLite file, or null when the database is
 * not a local SQLite file (then Drizzle reads it).
 */
export async function openSqliteFile(
  adapter: SqliteFileAdapter,
  planned: PlannedTables,
): Promise<RowSource | null> {
  if (adapter.name !== 'sqlite') return null
  const file = localSqlitePath(adapter.clientConfig?.url)
  if (!file) return null
  // The engine the adapter's client runs on (a dependency of @libsql/client).
  const { default: Database } = (await import('libsql')) as unknown as {
    default: new (file: string) => Connection
  }
  const db = new Database(file)
  // A writer in another process holds the file for a moment: wait as the adapter does.
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Number(adapter.busyTimeout ?? 5000))}`)
  db.exec('PRAGMA query_only = true')
  const { table, main, plans, tables } = planned
  const mainTable = quote(table)
  // One page: published rows after a rowid. `+status`: the rowid order, not the status index.
  const pageWhere = `+${quote(main.status.name)} = ? AND rowid > ? ORDER BY rowid LIMIT ?`
  const pageIds = `SELECT ${quote(main.id.name)} FROM ${mainTable} WHERE ${pageWhere}`
  const mainStatement = db.prepare(
    `SELECT ${selectList(main, [
      ['id', 'id'],
      ...plans.flatMap((plan) =>
        plan.from === 'main' ? [[plan.key, plan.key] as [string, string]] : [],
      ),
    ])}, rowid AS "__rowid" FROM ${mainTable} WHERE ${pageWhere}`,
  )
  /** A child table's rows of the page's items; `paths` limits them to these fields. */
  const child = (name: string, columns: [string, string][], parent: string, paths?: string[]) => {
    const childTable = tables[name]
    // `+path`: the parent index finds the page's rows; the path index would scan every item's.
    const pathClause = paths?.length
      ? ` AND +${quote(childTable.path.name)} IN (${paths.map(() => '?').join(', ')})`
      : ''
    const statement = db.prepare(
      `SELECT ${selectList(childTable, [['parent', parent], ...columns])} FROM ${quote(name)} ` +
        `WHERE ${quote(childTable[parent].name)} IN (${pageIds})${pathClause}`,
    )
    return (args: unknown[]) => statement.all(...args, ...(paths ?? []))
  }
  const localePlans = plans.filter((plan) => plan.from === 'locales')
  const relPlans = plans.filter((plan) => plan.from === 'rels')
  const textPlans = plans.filter((plan) => plan.from === 'texts')
  const locales =
    localePlans.length &&
    child(
      `${table}_locales`,
      [
        ['locale', '_locale'],
        ...localePlans.map((plan) => [plan.key, plan.key] as [string, string]),
      ],
      '_parentID',
    )
  const relColumns = [...new Set(relPlans.map((plan) => (plan.from === 'rels' ? plan.column : '')))]
  const rels =
    relPlans.length &&
    child(
      `${table}_rels`,
      [
        ['order', 'order'],
        ['path', 'path'],
        ...relColumns.map((column) => [column, column] as [string, string]),
      ],
      'parent',
      relPlans.map((plan) => (plan.from === 'rels' ? plan.name : '')),
    )
  const texts =
    textPlans.length &&
    child(
      `${table}_texts`,
      [
        ['order', 'order'],
        ['path', 'path'],
        ['text', 'text'],
      ],
      'parent',
      textPlans.map((plan) => (plan.from === 'texts' ? plan.name : '')),
    )
  const selects = plans.flatMap((plan) =>
    plan.from === 'select'
      ? [
          [
            plan.name,
            child(
              plan.table,
              [
                ['order', 'order'],
                ['value', 'value'],
              ],
              'parent',
            ),
          ] as const,
        ]
      : [],
  )
  return {
    fetch: async (after, limit) => {
      const args = ['published', after ?? 0, limit]
      const rows = mainStatement.all(...args)
      const page = pageOf(rows, rows.at(-1)?.__rowid)
      if (!rows.length) return page
      if (locales) page.locales = locales(args)
      if (rels) page.rels = rels(args)
      if (texts) page.texts = texts(args)
      for (const [name, rowsOf] of selects) page.selects.set(name, rowsOf(args))
      return page
    },
    close: () => db.close(),
  }
}
