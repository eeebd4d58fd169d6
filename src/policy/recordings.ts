import type {
  Access,
  CollectionAfterReadHook,
  Field,
  FieldAccess,
  PayloadRequest,
  Where,
} from 'payload'

import { relationId } from '../lib/relations'
import { hasRole, isStaffUser } from '../lib/roles'
import { now } from '../lib/clock'
import { subjectKey } from '../lib/subjects'
import type { LocalizedDoc } from '../lib/locales'
import { SUBJECT_KINDS } from './projection'
import { projectResource, RESOURCE_INPUTS } from './resources'
import { currentStop, isHeldByPause, publicReadsStopped } from './stop'
import { visibleWhere } from './visibility'

// Recordings are as safe as photos: a voice can be recognised. A recording is public only
// while an item using it is visible on the site AND that item's current consent includes
// `voice`; a resource's recording (issue 16) while the resource is public in its language.
// Everything that serves, lists or formats a recording asks this module.

/**
 * Each public recording with what shows it (`stories/<id>`, `artworks/<id>`: the keys of
 * src/public/keys.ts), so that a cached file is purged with the items that show it. Cached for
 * the request.
 */
export async function publicRecordingsShownBy(req: PayloadRequest): Promise<Map<string, string[]>> {
  const cached = req.context.relatoPublicRecordings as Map<string, string[]> | undefined
  if (cached) return cached
  const at = now()
  const stop = currentStop()
  const result = new Map<string, string[]>()
  // One after the other: they share `req` (on MongoDB, one session runs one operation at a time).
  for (const kind of SUBJECT_KINDS) {
    const hasCampaigns = req.payload.collections[kind].config.flattenedFields.some(
      (field) => field.name === 'campaigns',
    )
    const { docs } = await req.payload.find({
      collection: kind,
      // A system read: the visibility rule itself is this `where`.
      where: { and: [visibleWhere('site', at), { 'consent.voice': { equals: true } }] },
      select: hasCampaigns ? { recordings: true, campaigns: true } : { recordings: true },
      depth: 0,
      pagination: false,
      overrideAccess: true,
      req,
    })
    for (const doc of docs) {
      // An item a paused campaign holds is on no public surface, its voice included.
      const campaigns = (doc as { campaigns?: unknown[] | null }).campaigns ?? []
      if (isHeldByPause(kind, doc.id, campaigns, stop)) continue
      const list = ((doc as { recordings?: unknown[] | null }).recordings ?? [])
        .map(relationId)
        .filter((id) => id !== undefined)
      for (const id of list) {
        const key = String(id)
        result.set(key, [...(result.get(key) ?? []), subjectKey(kind, doc.id)])
      }
    }
  }
  for (const [recordingId, shownBy] of await resourceRecordingsShownBy(req, at))
    result.set(recordingId, [...(result.get(recordingId) ?? []), ...shownBy])
  req.context.relatoPublicRecordings = result
  return result
}

/**
 * The organisation's own recordings (issue 16), with the resources (`resources/<id>`) that show
 * them: public while their resource is public in that language (`projectResource` decides).
 */
async function resourceRecordingsShownBy(
  req: PayloadRequest,
  at: Date,
): Promise<Map<string, string[]>> {
  const { docs } = await req.payload.find({
    collection: 'resources',
    // Narrows the read; the projection below is the rule.
    where: {
      and: [
        { status: { equals: 'published' } },
        { nextReviewAt: { greater_than: at.toISOString() } },
      ],
    },
    select: Object.fromEntries(RESOURCE_INPUTS.map((name) => [name, true])),
    locale: 'all',
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const result = new Map<string, string[]>()
  for (const doc of docs) {
    const audio = projectResource(doc as unknown as LocalizedDoc, at)?.audio ?? []
    for (const { recordingId } of audio)
      result.set(recordingId, [...(result.get(recordingId) ?? []), `resources/${doc.id}`])
  }
  return result
}

/** Staff see all, uploaders their own; everyone else only recordings public right now. */
export const recordingReadAccess: Access = async ({ req }) => {
  const { user } = req
  if (isStaffUser(user)) return true
  const stopped = publicReadsStopped()
  const visible: Where = {
    id: { in: stopped ? [] : [...(await publicRecordingsShownBy(req)).keys()] },
  }
  if (user && !hasRole(user, 'partner'))
    return stopped
      ? { uploadedBy: { equals: user.id } }
      : { or: [{ uploadedBy: { equals: user.id } }, visible] }
  return stopped ? false : visible
}

/** Of a recording's own fields, only these reach people who are neither staff nor the uploader. */
export const PUBLIC_RECORDING_FIELDS = ['duration', 'peaks', 'opusFilename']

const uploaderOrStaff = (user: unknown, doc: Record<string, unknown> | undefined): boolean =>
  isStaffUser(user as never) ||
  Boolean(
    user && doc && String(relationId(doc.uploadedBy)) === String((user as { id: unknown }).id),
  )

/** A recording's other fields (who uploaded it) stay private unless named above. */
export function withPublicRecordingFields(fields: Field[]): Field[] {
  return fields.map((field) => {
    if (field.type === 'ui' || !('name' in field) || PUBLIC_RECORDING_FIELDS.includes(field.name))
      return field
    const own = field.access?.read
    const read: FieldAccess = (args) => {
      if (!uploaderOrStaff(args.req.user, args.doc)) return false
      return own ? own(args) : true
    }
    return { ...field, access: { ...field.access, read } } as Field
  })
}

/** When a recording was uploaded is when its story was told, give or take: uploader and staff. */
export const hideRecordingTimestamps: CollectionAfterReadHook = ({ doc, req, overrideAccess }) => {
  if (overrideAccess || uploaderOrStaff(req.user, doc)) return doc
  const { createdAt: _created, updatedAt: _updated, ...rest } = doc
  return rest
}
