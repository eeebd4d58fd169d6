import type {
  Access,
  CollectionBeforeChangeHook,
  CollectionSlug,
  PayloadRequest,
  SanitizedConfig,
  Where,
} from 'payload'

import { relationId } from '../lib/relations'
import { isStaffUser } from '../lib/roles'

// Payload's own surface, trimmed to what Relato uses and reads.
//
// Payload's document locks (`payload-locked-documents`) let any signed-in user read every lock
// (which documents are open, by whom) and create or take over locks on anything, keeping
// editors out of a campaign. Payload builds that collection itself, after plugins run, so its
// access is set here on the finished config. Payload's admin reads locks for whoever opens a
// document, so reading must not fail: everyone else simply sees only their own locks.

const LOCKS = 'payload-locked-documents'

type LockTarget = {
  document?: { relationTo?: string; value?: unknown } | null
  globalSlug?: string | null
}

/** Whether the caller may update what a lock is about (Payload's own update rule for it). */
async function mayUpdate(req: PayloadRequest, target: LockTarget | undefined): Promise<boolean> {
  if (target?.globalSlug && !target.document) {
    const global = req.payload.config.globals.find((entry) => entry.slug === target.globalSlug)
    return Boolean(global && (await global.access.update?.({ req })) === true)
  }
  const slug = target?.document?.relationTo as CollectionSlug | undefined
  const id = relationId(target?.document?.value)
  const collection = slug ? req.payload.collections[slug]?.config : undefined
  if (!collection || id === undefined || !collection.access.update) return false
  const rule = await collection.access.update({ req, id: String(id) })
  if (typeof rule === 'boolean') return rule
  const { totalDocs } = await req.payload.count({
    collection: slug!,
    where: { and: [{ id: { equals: id } }, rule as Where] },
    overrideAccess: true,
    req,
  })
  return totalDocs > 0
}

const own = (id: string | number): Where => ({ 'user.value': { equals: id } })

export const lockRead: Access = ({ req: { user } }) => {
  if (!user) return false
  return isStaffUser(user) ? true : own(user.id)
}

/** Staff lock (or take over) only documents they may change. */
export const lockWrite: Access = async ({ req, id, data }) => {
  if (!isStaffUser(req.user)) return false
  if (id === undefined) return mayUpdate(req, data as LockTarget)
  const existing = await req.payload.findByID({
    collection: LOCKS,
    id,
    depth: 0,
    overrideAccess: true,
    req,
    disableErrors: true,
  })
  return mayUpdate(req, (existing ?? undefined) as LockTarget | undefined)
}

/** Anyone may let go of their own locks (the admin does on leaving a document); staff of any. */
export const lockDelete: Access = ({ req: { user } }) => {
  if (!user) return false
  return isStaffUser(user) ? true : own(user.id)
}

/** A lock names the person who holds it, never someone else. */
const lockedByCaller: CollectionBeforeChangeHook = ({ data, req }) =>
  req.user ? { ...data, user: { relationTo: req.user.collection, value: req.user.id } } : data

function restrictLocks(config: SanitizedConfig): void {
  const locks = config.collections.find((collection) => collection.slug === LOCKS)
  if (!locks) return
  locks.access = {
    ...locks.access,
    read: lockRead,
    create: lockWrite,
    update: lockWrite,
    delete: lockDelete,
  }
  locks.hooks.beforeChange = [lockedByCaller, ...(locks.hooks.beforeChange ?? [])]
}

/**
 * Payload serves endpoints Relato does not use, some of which fail with a 500: `/versions` on
 * collections and globals without versions, `duplicate` on its own collections, email
 * verification, scheduled jobs. They go.
 */
function dropUnusedEndpoints(config: SanitizedConfig): void {
  const unused = (versioned: boolean) => (endpoint: { path: string }) =>
    (!versioned && endpoint.path.startsWith('/versions')) || endpoint.path === '/:id/duplicate'
  for (const collection of config.collections) {
    collection.disableDuplicate = true
    if (!collection.endpoints) continue
    collection.endpoints = collection.endpoints.filter(
      (endpoint) =>
        !unused(Boolean(collection.versions))(endpoint) &&
        // Email verification is off: Payload's handler fails with a 500 on any token.
        !(endpoint.path === '/verify/:id' && !collection.auth?.verify) &&
        // Schedules are queued by each process's autoRun (src/kits/job.ts), never over HTTP; with
        // no schedule at all Payload's handler would answer 500.
        endpoint.path !== '/handle-schedules',
    )
  }
  for (const global of config.globals) {
    if (global.endpoints)
      global.endpoints = global.endpoints.filter(
        (endpoint) => !unused(Boolean(global.versions))(endpoint),
      )
  }
}

/** What Relato changes in the collections and endpoints Payload adds by itself. */
/**
 * Payload's own globals (the scheduled tasks' last runs, `payload-jobs-stats`) are its business:
 * no GraphQL, and REST refuses everyone. The Local API, which the job runner uses, is unaffected.
 */
function closeInternalGlobals(config: SanitizedConfig): void {
  const nobody: Access = () => false
  for (const global of config.globals) {
    if (!global.slug.startsWith('payload-')) continue
    global.graphQL = false
    global.access = { ...global.access, read: nobody, update: nobody, readVersions: nobody }
  }
}

export function lockDownPayloadSurface(config: SanitizedConfig): SanitizedConfig {
  restrictLocks(config)
  dropUnusedEndpoints(config)
  closeInternalGlobals(config)
  return config
}
