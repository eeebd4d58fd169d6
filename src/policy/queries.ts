import {
  type CollectionBeforeOperationHook,
  QueryError,
  type SanitizedConfig,
  type Where,
} from 'payload'

import { isStaffUser, type RoleBearer } from '../lib/roles'
import { InputError } from '../lib/errors'
import { indexFieldName, INDEXED_FIELDS, ringFor, SEALED_FIELDS } from '../safety/fields'
import { indexHashes } from '../safety/seal'

// Which fields a caller may filter (`where`) and sort on. A filter or a sort is an oracle: it
// answers questions about values the caller may not read (a binary search on `createdAt`
// recovers a hidden timestamp; `where[pseudonym][like]` tests a pseudonym hidden by `named`;
// `where[featured][contains]` on a campaign finds a withdrawn story). So, for every collection,
// one rule: who may query every readable field ('all', Payload's own field-access checks still
// apply) and, for everyone else, the few fields that every document they can read shows in full.
// Anything else (private fields, system timestamps, fields Payload adds, fields that do not
// exist) is refused with one and the same error, so the refusal reveals nothing either.

type QueryRule = 'all' | { full: (user: RoleBearer) => boolean; others: readonly string[] }

/**
 * Every collection must be named here (the config refuses to start otherwise): default deny.
 * 'all' is for collections whose readers see every field of every document they can read.
 */
export const QUERY_POLICY: Record<string, QueryRule> = {
  // Every field of a story or artwork depends on the item's consent (withPublicFieldPolicy) or
  // on who owns it: the public and owners look items up by id only.
  stories: { full: isStaffUser, others: [] },
  artworks: { full: isStaffUser, others: [] },
  media: { full: isStaffUser, others: ['alt'] },
  // Recordings are looked up by id only: nothing else of them is shown in full to everyone.
  recordings: { full: isStaffUser, others: ['id'] },
  // Not `featured` (items that are not visible are dropped on read) nor `kit` (staff only).
  campaigns: {
    full: isStaffUser,
    others: ['slug', 'title', 'status', 'startsAt', 'endsAt', 'languages'],
  },
  'consent-records': 'all',
  'consent-texts': 'all',
  users: 'all',
  partners: 'all',
  'audit-log': 'all',
  'consent-tombstones': 'all',
  'kit-assets': 'all',
  // Staff only over Payload's API; the public reads resources through /api/public/resources.
  resources: 'all',
  // No one reads it over any API.
  'public-changes': 'all',
  // Payload's own collections: their access already limits each reader to documents shown in full.
  'payload-locked-documents': 'all',
  'payload-preferences': 'all',
  'payload-jobs': 'all',
  'payload-migrations': 'all',
  'payload-kv': 'all',
}

/** The same answer for a field that is hidden and one that does not exist. */
const refuse = (path: string): never => {
  throw new QueryError([{ path }])
}

/** Every field path a `where` names, through nested `and`/`or` (GraphQL's `a__b` as `a.b`). */
export function wherePaths(where: unknown): string[] {
  if (!where || typeof where !== 'object') return []
  const paths: string[] = []
  for (const [key, value] of Object.entries(where as Where)) {
    if (['and', 'or'].includes(key.toLowerCase())) {
      for (const part of Array.isArray(value) ? value : [value]) paths.push(...wherePaths(part))
    } else paths.push(key.replace(/__/g, '.'))
  }
  return paths
}

// Operators that compare with one value. A list or an object given to one of them (`where[slug][equals][0]=x`
// in a query string) reaches the database driver as is and fails there with a 500.
const SCALAR_OPERATORS = new Set([
  'equals',
  'not_equals',
  'like',
  'not_like',
  'contains',
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
  'exists',
])

/** Throws unless every one-value operator in `where` (through `and`/`or`) is given one value. */
export function checkWhereValues(where: unknown): void {
  if (!where || typeof where !== 'object') return
  for (const [key, value] of Object.entries(where as Where)) {
    if (['and', 'or'].includes(key.toLowerCase())) {
      for (const part of Array.isArray(value) ? value : [value]) checkWhereValues(part)
      continue
    }
    if (!value || typeof value !== 'object') continue
    for (const [operator, operand] of Object.entries(value as Record<string, unknown>)) {
      if (
        SCALAR_OPERATORS.has(operator) &&
        operand !== null &&
        typeof operand === 'object' &&
        !(operand instanceof Date)
      )
        refuse(key)
    }
  }
}

/** `limit` and `page` as whole numbers the database can take (`limit=1.5` or `page=1e20` failed with a 500). */
function checkPaging(args: { limit?: unknown; page?: unknown }): void {
  for (const name of ['limit', 'page'] as const) {
    const value = args[name]
    if (
      value !== undefined &&
      value !== null &&
      (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    ) {
      throw new InputError(`${name} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}.`)
    }
  }
}

/** Every field path a sort names (`-a`, `a,b`, arrays). */
export function sortPaths(sort: unknown): string[] {
  const list = Array.isArray(sort) ? sort : typeof sort === 'string' ? sort.split(',') : []
  return list
    .map((entry) => String(entry).trim().replace(/^[-+]/, '').replace(/__/g, '.'))
    .filter((path) => path !== '')
}

type Checked = {
  slug: string
  fieldNames: Set<string>
  locales: string[]
  sealed: ReadonlySet<string>
}

// Names and contacts are stored encrypted (src/safety/): a filter or sort on them would compare
// ciphertext, so it is refused for everyone. Staff find a story or artwork by an exact contact
// email or phone instead: `where[contactEmail][equals]=…` is answered through the field's keyed
// hash index, never by the stored value.
const sealedFieldsOf = (slug: string): ReadonlySet<string> =>
  new Set((SEALED_FIELDS as Record<string, readonly string[]>)[slug] ?? [])

/** `where` with staff's exact contact searches turned into look-ups of the keyed hash index. */
export function rewriteContactSearch(
  where: unknown,
  hashes: (field: string, value: string) => string[],
): unknown {
  if (!where || typeof where !== 'object') return where
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(where as Where)) {
    if (['and', 'or'].includes(key.toLowerCase())) {
      out[key] = Array.isArray(value)
        ? value.map((part) => rewriteContactSearch(part, hashes))
        : rewriteContactSearch(value, hashes)
      continue
    }
    const normalize = INDEXED_FIELDS[key]
    const operators =
      value && typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : []
    const [operator, operand] = operators[0] ?? []
    const values =
      operator === 'equals'
        ? [operand]
        : operator === 'in'
          ? Array.isArray(operand)
            ? operand
            : typeof operand === 'string'
              ? operand.split(',')
              : []
          : []
    if (
      normalize &&
      operators.length === 1 &&
      values.length > 0 &&
      values.every((entry) => typeof entry === 'string' && entry.trim() !== '')
    ) {
      out[indexFieldName(key)] = {
        in: values.flatMap((entry) => hashes(key, normalize(entry as string))),
      }
    } else out[key] = value
  }
  return out
}

/** Throws unless `user` may filter or sort on `path` of this collection. */
export function checkQueryPath(
  rule: QueryRule,
  { fieldNames, locales, sealed }: Checked,
  user: RoleBearer,
  path: string,
): void {
  if (path === 'id' || path === '_id') return
  const segments = path.split('.')
  if (!fieldNames.has(segments[0]) || sealed.has(segments[0])) refuse(path)
  if (rule === 'all' || rule.full(user)) return
  // Only whole top-level fields (a locale suffix allowed), never a path into a relationship.
  const rest = segments.slice(1)
  const plain = rest.length === 0 || (rest.length === 1 && locales.includes(rest[0]))
  if (!plain || !rule.others.includes(segments[0])) refuse(path)
}

/**
 * Puts the query rule in front of every operation of every collection, Payload's own included,
 * for REST, GraphQL and Local API calls made for someone (`overrideAccess: false`).
 */
export function guardQueries(config: SanitizedConfig): SanitizedConfig {
  const locales = config.localization ? config.localization.localeCodes : []
  for (const collection of config.collections) {
    const rule = QUERY_POLICY[collection.slug]
    if (!rule)
      throw new Error(
        `src/policy/queries.ts: no query rule for collection "${collection.slug}" (default deny)`,
      )
    const checked: Checked = {
      slug: collection.slug,
      fieldNames: new Set(collection.flattenedFields.map((field) => field.name)),
      locales,
      sealed: sealedFieldsOf(collection.slug),
    }
    const hook: CollectionBeforeOperationHook = ({ args, req }) => {
      const { where, sort, overrideAccess } = args as {
        where?: unknown
        sort?: unknown
        overrideAccess?: boolean
      }
      // The system's own reads (Local API without a user) are not questions from a caller.
      if (overrideAccess === true) return args
      checkWhereValues(where)
      checkPaging(args as { limit?: unknown; page?: unknown })
      const searched =
        checked.sealed.size && isStaffUser(req.user as RoleBearer)
          ? rewriteContactSearch(where, (field, value) => indexHashes(ringFor(req), field, value))
          : where
      for (const path of [...wherePaths(searched), ...sortPaths(sort)])
        checkQueryPath(rule, checked, req.user as RoleBearer, path)
      return searched === where ? args : { ...args, where: searched as Where }
    }
    collection.hooks.beforeOperation = [hook, ...(collection.hooks.beforeOperation ?? [])]
  }
  return config
}
