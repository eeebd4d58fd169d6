import type { FlattenedField, Payload, Where } from 'payload'

import { LOCALES, type LocalizedDoc } from '../lib/locales'
import type { SubjectKind } from '../policy'
import { pageOf, type PageRows } from './pageRows'
import { openSqliteFile, type SqliteFileAdapter } from './sqliteFile'

// The read model's start-up load of every published story and artwork, read through the database
// adapter instead of `payload.find`: no hooks, no access checks, no afterRead pass over every field
// (the read model reads as the system, where those change nothing; tests compare both paths).
// On the SQL adapters the rows are read with narrow selects of only the columns the policy reads
// (main table, `_locales`, `_rels`, hasMany tables), a few queries per page of items; elsewhere
// (MongoDB) with the adapter's own `find`. Either way only the fields named are read: private
// fields never reach this process's memory.

/**
 * Pages of documents shaped as `payload.find({ locale: 'all', depth: 0 })` gives them: `read`
 * from the start (undefined) or from the `next` of the page before; `close` when done.
 */
export type PageReader = {
  read: (after: unknown) => Promise<{ docs: LocalizedDoc[]; next: unknown }>
  close: () => void
  /** What reads the rows: our own SQLite connection, Drizzle, or the adapter's `find`. */
  source: 'sqlite-file' | 'drizzle' | 'adapter'
}

// Drizzle's tables and query builder, as far as this file uses them (Payload does not type them).
export type Column = { name: string }
export type Table = Record<string, Column>
type Query = PromiseLike<Record<string, unknown>[]> & {
  where: (condition: unknown) => Query
  orderBy: (...columns: unknown[]) => Query
  limit: (count: number) => Query
}
type Drizzle = {
  select: (fields: Record<string, Column>) => { from: (table: Table) => Query }
}
type SqlTag = (strings: TemplateStringsArray, ...values: unknown[]) => unknown
type SqlAdapter = {
  drizzle: Drizzle
  tables: Record<string, Table>
  tableNameMap: Map<string, string>
}

/** How one field is read: where its value lives and how it becomes the document's value. */
export type Plan =
  | { from: 'main'; key: string; path: string[]; type: string }
  | { from: 'locales'; key: string; name: string }
  | { from: 'rels'; name: string; column: string }
  | { from: 'texts'; name: string }
  | { from: 'select'; name: string; table: string }

const SCALARS = new Set([
  'text',
  'textarea',
  'select',
  'date',
  'number',
  'checkbox',
  'email',
  'code',
  'radio',
  'json',
])

/** A camelCase field name as Payload's SQL adapter names its table suffix. */
const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()

/**
 * The plans for `names`, or null when one of them is stored in a way this reader does not know
 * (then the adapter's `find` reads them: slower, never wrong).
 */
function plansFor(
  adapter: SqlAdapter,
  table: string,
  fields: FlattenedField[],
  names: string[],
): Plan[] | null {
  const plans: Plan[] = []
  const main = adapter.tables[table]
  const scalar = (field: FlattenedField, key: string, path: string[]): boolean => {
    if (field.localized) return false
    if (SCALARS.has(field.type) && !('hasMany' in field && field.hasMany)) {
      if (!main[key]) return false
      plans.push({ from: 'main', key, path, type: field.type })
      return true
    }
    if (
      (field.type === 'relationship' || field.type === 'upload') &&
      typeof field.relationTo === 'string' &&
      !field.hasMany &&
      main[key]
    ) {
      plans.push({ from: 'main', key, path, type: 'relationship' })
      return true
    }
    return false
  }
  for (const name of names) {
    const field = fields.find((candidate) => candidate.name === name)
    if (!field) continue
    if (field.type === 'group' && !field.localized) {
      for (const sub of field.flattenedFields)
        if (!scalar(sub, `${name}_${sub.name}`, [name, sub.name])) return null
      continue
    }
    if (field.localized) {
      const locales = adapter.tables[`${table}_locales`]
      if (!['text', 'textarea', 'richText'].includes(field.type) || !locales?.[name]) return null
      if ('hasMany' in field && field.hasMany) return null
      plans.push({ from: 'locales', key: name, name })
      continue
    }
    if ((field.type === 'relationship' || field.type === 'upload') && field.hasMany) {
      const rels = adapter.tables[`${table}_rels`]
      const column = typeof field.relationTo === 'string' ? `${field.relationTo}ID` : ''
      if (!rels?.[column]) return null
      plans.push({ from: 'rels', name, column })
      continue
    }
    if (field.type === 'text' && field.hasMany) {
      if (!adapter.tables[`${table}_texts`]) return null
      plans.push({ from: 'texts', name })
      continue
    }
    if (field.type === 'select' && field.hasMany) {
      const selectTable = `${table}_${snake(name)}`
      if (!adapter.tables[selectTable]?.value) return null
      plans.push({ from: 'select', name, table: selectTable })
      continue
    }
    if (!scalar(field, name, [name])) return null
  }
  return plans
}

/** Rows of a child table grouped by parent id, in their stored order. */
function byParent<T>(rows: Record<string, unknown>[], value: (row: Record<string, unknown>) => T) {
  const grouped = new Map<string, { order: number; value: T }[]>()
  for (const row of rows) {
    const parent = String(row.parent)
    let list = grouped.get(parent)
    if (!list) grouped.set(parent, (list = []))
    list.push({ order: Number(row.order ?? 0), value: value(row) })
  }
  return (parent: string | number): T[] =>
    (grouped.get(String(parent)) ?? [])
      .sort((a, b) => a.order - b.order)
      .map((entry) => entry.value)
}

/** A main-table value as Payload gives it (SQLite keeps booleans as 0/1 and JSON as text). */
function mainValue(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return null
  if (type === 'checkbox') return Boolean(value)
  if (type === 'json' && typeof value === 'string') return JSON.parse(value)
  return value
}

/** A localized value: richText is stored as JSON text. */
const localizedValue = (value: unknown) =>
  typeof value === 'string' && (value.startsWith('[') || value.startsWith('{'))
    ? JSON.parse(value)
    : value

/** How a SQL source fetches a page's rows: through Drizzle, or a connection of our own (sqliteFile.ts). */
export type RowSource = {
  fetch: (after: unknown, limit: number) => Promise<PageRows>
  close?: () => void
}

/** Everything a row source needs to know of the plans, with the tables they read. */
export type PlannedTables = {
  table: string
  main: Table
  plans: Plan[]
  tables: Record<string, Table>
}

/** Builds the documents of one page from its rows, as `payload.find` shapes them. */
function assemble(plans: Plan[], page: PageRows): LocalizedDoc[] {
  const localePlans = plans.filter((plan) => plan.from === 'locales')
  const rels = byParent(page.rels, (row) => row)
  const texts = byParent(page.texts, (row) => row)
  const selects = new Map(
    [...page.selects].map(([name, rows]) => [name, byParent(rows, (row) => row.value)]),
  )
  const localized = new Map<string, Record<string, Record<string, unknown>>>()
  const localeOrder = (locale: unknown) => LOCALES.indexOf(locale as (typeof LOCALES)[number])
  for (const row of [...page.locales].sort(
    (a, b) => localeOrder(a.locale) - localeOrder(b.locale),
  )) {
    const parent = String(row.parent)
    let fields = localized.get(parent)
    if (!fields) localized.set(parent, (fields = {}))
    for (const plan of localePlans) {
      // A language's row holds every localized field, null or not (as Payload reads it).
      const value = row[plan.key]
      ;(fields[plan.key] ??= {})[String(row.locale)] =
        value === undefined || value === null ? null : localizedValue(value)
    }
  }
  return page.main.map((row) => {
    const doc: LocalizedDoc = { id: row.id as string | number }
    for (const plan of plans) {
      if (plan.from === 'main') {
        const value = mainValue(row[plan.key], plan.type)
        if (plan.path.length === 1) doc[plan.path[0]] = value
        else ((doc[plan.path[0]] ??= {}) as Record<string, unknown>)[plan.path[1]] = value
      } else if (plan.from === 'locales') {
        const value = localized.get(String(row.id))?.[plan.key]
        if (value) doc[plan.key] = value
      } else if (plan.from === 'rels') {
        doc[plan.name] = rels(row.id as string)
          .filter((rel) => rel.path === plan.name)
          .map((rel) => rel[plan.column])
      } else if (plan.from === 'texts') {
        doc[plan.name] = texts(row.id as string)
          .filter((text) => text.path === plan.name)
          .map((text) => text.text)
      } else doc[plan.name] = selects.get(plan.name)?.(row.id as string) ?? []
    }
    return doc
  })
}

/** Pages through Drizzle on the adapter's own client (any SQL adapter): ids as the cursor. */
async function drizzleSource(adapter: SqlAdapter, planned: PlannedTables): Promise<RowSource> {
  // Imported only here: a MongoDB deployment never loads the SQL adapter.
  const { sql } = (await import('@payloadcms/db-sqlite')) as unknown as { sql: SqlTag }
  const { drizzle } = adapter
  const { table, main, plans, tables } = planned
  const mainPlans = plans.filter((plan) => plan.from === 'main')
  const localePlans = plans.filter((plan) => plan.from === 'locales')
  const relPlans = plans.filter((plan) => plan.from === 'rels')
  const textPlans = plans.filter((plan) => plan.from === 'texts')
  const selectPlans = plans.filter((plan) => plan.from === 'select')
  const columns = Object.fromEntries([
    ['id', main.id],
    ...mainPlans.map((plan) => [plan.key, main[plan.key]]),
  ])
  const fetch = async (after: unknown, limit: number): Promise<PageRows> => {
    const rows = await drizzle
      .select(columns)
      .from(main)
      // `+status`: SQLite walks the id index from `after` and checks the status of each row;
      // with the status index it would sort every published row again for every page.
      .where(
        after === undefined
          ? sql`+${main.status} = ${'published'}`
          : sql`+${main.status} = ${'published'} and ${main.id} > ${after}`,
      )
      .orderBy(main.id)
      .limit(limit)
    const page = pageOf(rows, rows.at(-1)?.id)
    if (!rows.length) return page
    const ids = rows.map((row) => row.id)
    const children = (
      child: Table,
      fields: Record<string, Column>,
      parent: Column,
      extra?: unknown,
    ) =>
      drizzle
        .select(fields)
        .from(child)
        .where(extra ? sql`${parent} in ${ids} and ${extra}` : sql`${parent} in ${ids}`)
    const localeTable = tables[`${table}_locales`]
    if (localePlans.length)
      page.locales = await children(
        localeTable,
        {
          parent: localeTable._parentID,
          locale: localeTable._locale,
          ...Object.fromEntries(localePlans.map((plan) => [plan.key, localeTable[plan.key]])),
        },
        localeTable._parentID,
      )
    const relTable = tables[`${table}_rels`]
    const relColumns = [
      ...new Set(relPlans.map((plan) => (plan.from === 'rels' ? plan.column : ''))),
    ]
    if (relPlans.length)
      page.rels = await children(
        relTable,
        {
          parent: relTable.parent,
          order: relTable.order,
          path: relTable.path,
          ...Object.fromEntries(relColumns.map((column) => [column, relTable[column]])),
        },
        relTable.parent,
        sql`${relTable.path} in ${relPlans.map((plan) => plan.name)}`,
      )
    const textTable = tables[`${table}_texts`]
    if (textPlans.length)
      page.texts = await children(
        textTable,
        {
          parent: textTable.parent,
          order: textTable.order,
          path: textTable.path,
          text: textTable.text,
        },
        textTable.parent,
        sql`${textTable.path} in ${textPlans.map((plan) => plan.name)}`,
      )
    for (const plan of selectPlans) {
      if (plan.from !== 'select') continue
      const selectTable = tables[plan.table]
      page.selects.set(
        plan.name,
        await children(
          selectTable,
          { parent: selectTable.parent, order: selectTable.order, value: selectTable.value },
          selectTable.parent,
        ),
      )
    }
    return page
  }
  return { fetch }
}

async function sqlReader(
  payload: Payload,
  adapter: SqlAdapter,
  kind: SubjectKind,
  names: string[],
  pageSize: number,
  ownConnection: boolean,
): Promise<PageReader | null> {
  const table = adapter.tableNameMap.get(kind) ?? kind
  const main = adapter.tables[table]
  if (!main?.id || !main.status) return null
  const plans = plansFor(adapter, table, payload.collections[kind].config.flattenedFields, names)
  if (!plans) return null
  const planned = { table, main, plans, tables: adapter.tables }
  // A local SQLite file is read on a connection of our own (several times faster); anything
  // else through Drizzle on the adapter's client.
  const own =
    ownConnection && (await openSqliteFile(payload.db as unknown as SqliteFileAdapter, planned))
  const source = own || (await drizzleSource(adapter, planned))
  return {
    source: own ? 'sqlite-file' : 'drizzle',
    read: async (after) => {
      const page = await source.fetch(after, pageSize)
      return { docs: assemble(plans, page), next: page.next }
    },
    close: () => source.close?.(),
  }
}

/**
 * Reads the published items of `kind`, `names` only, `pageSize` at a time in id order. The
 * SQL adapters' rows directly when every field is stored in a way known here, else the adapter's
 * `find` (MongoDB, and any field shape not known here).
 */
export async function publishedPages(
  payload: Payload,
  kind: SubjectKind,
  names: string[],
  pageSize: number,
  /** false: never a connection of our own (tests compare both ways). */
  ownConnection = true,
): Promise<PageReader> {
  const adapter = payload.db as unknown as Partial<SqlAdapter>
  if (adapter.drizzle && adapter.tables && adapter.tableNameMap) {
    const reader = await sqlReader(
      payload,
      adapter as SqlAdapter,
      kind,
      names,
      pageSize,
      ownConnection,
    )
    if (reader) return reader
  }
  const select = Object.fromEntries(names.map((name) => [name, true as const]))
  const read = async (after: unknown) => {
    const clauses: Where[] = [
      { status: { equals: 'published' } },
      ...(after === undefined ? [] : [{ id: { greater_than: after as string | number } }]),
    ]
    const { docs: found } = await payload.db.find({
      collection: kind,
      where: { and: clauses },
      select,
      sort: 'id',
      limit: pageSize,
      locale: 'all',
      pagination: false,
    })
    // Only the fields asked for (an adapter may add empty groups of others).
    const docs = (found as unknown as LocalizedDoc[]).map((doc) => {
      const kept: LocalizedDoc = { id: doc.id }
      for (const name of names) if (doc[name] !== undefined) kept[name] = doc[name]
      return kept
    })
    return { docs, next: docs.at(-1)?.id }
  }
  return { read, close: () => {}, source: 'adapter' }
}
