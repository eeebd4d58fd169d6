import type { Access, CollectionAfterReadHook, Field, FieldAccess, FieldHook, Where } from 'payload'

import { isOwner, relationId } from '../lib/relations'
import { hasRole, isStaffUser, type RoleBearer } from '../lib/roles'
import { now } from '../lib/clock'
import { subjectKey } from '../lib/subjects'
import { consentFromSummary, type ConsentSummary } from './consent'
import { PUBLIC_CAMPAIGN_STATUSES, publicMediaIds } from './media'
import { isFieldPublic, type SubjectKind } from './projection'
import type { Surface } from './scopes'
import { publicReadsStopped } from './stop'
import { isVisible, visibleWhere } from './visibility'

// Payload adapters for the policy: every read by someone who is neither staff nor the item's
// owner is answered by the rules in this folder.

/** Anonymous visitors read what the site shows; partner accounts what embeds show. */
export const surfaceFor = (user: RoleBearer): Surface =>
  hasRole(user, 'partner') ? 'embed' : 'site'

/**
 * Stories and artworks: staff see all, owners their own, everyone else what is visible now (and,
 * through `keepHeldOut`, not held by a paused campaign).
 */
export const subjectReadAccess =
  // The kind is kept in the signature: the rule is per collection, though both read alike now.
  (_kind: SubjectKind): Access =>
    ({ req: { user } }) => {
      if (isStaffUser(user)) return true
      // The emergency stop: nothing is public; owners still reach their own.
      const stopped = publicReadsStopped()
      // A paused campaign's items are kept out by `keepHeldOut` (stop.ts), not here: this rule is
      // shown to anyone who asks for their permissions, and the held ids must not be.
      const visible = visibleWhere(surfaceFor(user), now())
      if (user && !hasRole(user, 'partner'))
        return stopped
          ? { owner: { equals: user.id } }
          : { or: [{ owner: { equals: user.id } }, visible] }
      return stopped ? false : visible
    }

/**
 * Gives every top-level field of a story or artwork a read rule: staff and the owner keep the
 * field's own rule; everyone else sees the field only where `PUBLIC_FIELDS` allows it for the
 * item's current consent. A field the table does not name is never public.
 */
export function withPublicFieldPolicy(kind: SubjectKind, fields: Field[]): Field[] {
  return fields.map((field) => {
    if (field.type === 'ui') return field
    if (!('name' in field)) {
      throw new Error(
        `${kind}: unnamed layout fields would escape the public field policy; use named fields`,
      )
    }
    const own = field.access?.read
    const read: FieldAccess = (args) => {
      const { user } = args.req
      if (isStaffUser(user) || isOwner(user, args.doc)) return own ? own(args) : true
      // Payload's permission answers (REST /access/:id, GraphQL docAccess…) ask without
      // `siblingData`; a real read passes the document's. Answering them from the consent would
      // tell anyone whether `named` or `photo` was granted, so for an item that is not theirs
      // every caller gets the same answer for every item: no field. What they may read shows in
      // the reads themselves.
      if (args.siblingData === undefined) return false
      const consent = consentFromSummary(args.doc?.consent as ConsentSummary | undefined, now())
      if (!args.doc || !isVisible(args.doc, consent, surfaceFor(user), now())) return false
      return isFieldPublic(kind, field.name, consent)
    }
    return { ...field, access: { ...field.access, read } } as Field
  })
}

/** The consent ledger is never public: staff, and the owner of the subject, read it. */
export const consentRecordReadAccess: Access = ({ req: { user } }) => {
  if (isStaffUser(user)) return true
  if (user && !hasRole(user, 'partner')) return { subjectOwner: { equals: user.id } }
  return false
}

/** Consent texts in use are public (the submission form shows them); drafts and old versions are not. */
export const consentTextReadAccess: Access = ({ req: { user } }) =>
  isStaffUser(user) ? true : { active: { equals: true } }

/** The audit log names people and actions: admins only. */
export const auditLogReadAccess: Access = ({ req: { user } }) => hasRole(user, 'admin')

/**
 * Media: staff see all, uploaders their own; everyone else only images that a public item
 * uses with consent for images (src/policy/media.ts).
 */
export const mediaReadAccess: Access = async ({ req }) => {
  const { user } = req
  if (isStaffUser(user)) return true
  const stopped = publicReadsStopped()
  const visible: Where = { id: { in: stopped ? [] : [...(await publicMediaIds(req))] } }
  if (user && !hasRole(user, 'partner'))
    return stopped
      ? { uploadedBy: { equals: user.id } }
      : { or: [{ uploadedBy: { equals: user.id } }, visible] }
  return stopped ? false : visible
}

/** Campaigns: staff see drafts too; everyone else live and ended campaigns. */
export const campaignReadAccess: Access = ({ req: { user } }) =>
  isStaffUser(user) ? true : { status: { in: [...PUBLIC_CAMPAIGN_STATUSES] } }

type FeaturedValue = { relationTo: SubjectKind; value: unknown }

/**
 * A campaign's featured list, as non-staff readers may see it: items that are not visible to
 * them are dropped, so not even their ids leak.
 */
export const onlyVisibleFeatured: FieldHook = async ({ value, req, overrideAccess }) => {
  if (!Array.isArray(value) || overrideAccess || isStaffUser(req.user)) return value
  const featured = value as FeaturedValue[]
  const visible = new Set<string>()
  for (const kind of ['stories', 'artworks'] as const) {
    const wanted = featured
      .filter((item) => item.relationTo === kind)
      .map((item) => String(relationId(item.value)))
    if (!wanted.length) continue
    const { docs } = await req.payload.find({
      collection: kind,
      where: { id: { in: wanted } },
      depth: 0,
      pagination: false,
      select: {},
      user: req.user,
      overrideAccess: false,
      req,
    })
    for (const doc of docs) visible.add(subjectKey(kind, doc.id))
  }
  return featured.filter((item) =>
    visible.has(subjectKey(item.relationTo, String(relationId(item.value)))),
  )
}

/** Of media's own fields, only these reach people who are neither staff nor the uploader. */
export const PUBLIC_MEDIA_FIELDS = ['alt']

/**
 * Media fields such as `uploadedBy` or `redactions` would tie an image to a person or show what
 * was hidden: private unless `PUBLIC_MEDIA_FIELDS` names them.
 */
export function withPublicMediaFields(fields: Field[]): Field[] {
  return fields.map((field) => {
    if (field.type === 'ui' || !('name' in field) || PUBLIC_MEDIA_FIELDS.includes(field.name))
      return field
    const own = field.access?.read
    const read: FieldAccess = (args) => {
      const { user } = args.req
      const uploader =
        user && args.doc && String(relationId(args.doc.uploadedBy)) === String(user.id)
      if (!isStaffUser(user) && !uploader) return false
      return own ? own(args) : true
    }
    return { ...field, access: { ...field.access, read } } as Field
  })
}

const hideTimestamps =
  (
    privileged: (user: RoleBearer, doc: Record<string, unknown>) => boolean,
  ): CollectionAfterReadHook =>
  ({ doc, req, overrideAccess }) => {
    if (overrideAccess || isStaffUser(req.user) || privileged(req.user as RoleBearer, doc))
      return doc
    const { createdAt: _created, updatedAt: _updated, ...rest } = doc
    return rest
  }

/**
 * Payload adds timestamps to every document; when an item was submitted is not public. (Nor
 * can anyone else filter or sort on them: src/policy/queries.ts.)
 */
export const hideTimestampsFromPublic: CollectionAfterReadHook = hideTimestamps(isOwner)

/**
 * Payload puts an empty list back for an array field its reader may not read (its afterRead
 * removes the value, then fills in `[]` for the missing rows). `people: []` tells nothing, but no
 * key the policy does not name may reach anyone but staff and the owner.
 */
export const hideArraysFromPublic =
  (...names: string[]): CollectionAfterReadHook =>
  ({ doc, req, overrideAccess }) => {
    if (overrideAccess || isStaffUser(req.user) || isOwner(req.user, doc)) return doc
    const rest = { ...doc }
    for (const name of names) delete rest[name]
    return rest
  }

/** An image's upload time is when its story was submitted, give or take: the uploader and staff only. */
export const hideMediaTimestamps: CollectionAfterReadHook = hideTimestamps((user, doc) =>
  Boolean(user && String(relationId(doc.uploadedBy)) === String(user.id)),
)

/** A public item's campaigns, as non-staff readers may see them: drafts are dropped, ids too. */
export const onlyPublicCampaigns: FieldHook = async ({ value, req, overrideAccess, data }) => {
  if (
    !Array.isArray(value) ||
    !value.length ||
    overrideAccess ||
    isStaffUser(req.user) ||
    isOwner(req.user, data)
  )
    return value
  const wanted = value.map((item) => String(relationId(item)))
  const { docs } = await req.payload.find({
    collection: 'campaigns',
    where: { and: [{ id: { in: wanted } }, { status: { in: [...PUBLIC_CAMPAIGN_STATUSES] } }] },
    depth: 0,
    pagination: false,
    select: {},
    overrideAccess: true,
    req,
  })
  const visible = new Set(docs.map((doc) => String(doc.id)))
  return value.filter((item) => visible.has(String(relationId(item))))
}
