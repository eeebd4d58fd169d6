import type { Access, Field, FieldAccess } from 'payload'

import { isOwner } from '../access/owner'
import { hasRole, type RoleBearer } from '../access/roles'
import { now } from '../lib/clock'
import { consentFromSummary, type ConsentSummary } from './consent'
import { isFieldPublic, type SubjectKind } from './projection'
import type { Surface } from './scopes'
import { visibleWhere } from './visibility'

// Payload adapters for the policy: every read by someone who is neither staff nor the item's
// owner is answered by the rules in this folder.

const isStaffUser = (user: RoleBearer) => hasRole(user, 'admin', 'editor')

/** Anonymous visitors read what the site shows; partner accounts what embeds show. */
export const surfaceFor = (user: RoleBearer): Surface => (hasRole(user, 'partner') ? 'embed' : 'site')

/** Stories and artworks: staff see all, owners their own, everyone else what is visible now. */
export const subjectReadAccess: Access = ({ req: { user } }) => {
  if (isStaffUser(user)) return true
  const visible = visibleWhere(surfaceFor(user), now())
  if (user && !hasRole(user, 'partner')) return { or: [{ owner: { equals: user.id } }, visible] }
  return visible
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
      throw new Error(`${kind}: unnamed layout fields would escape the public field policy; use named fields`)
    }
    const own = field.access?.read
    const read: FieldAccess = (args) => {
      const { user } = args.req
      if (isStaffUser(user) || isOwner(user, args.doc)) return own ? own(args) : true
      const consent = consentFromSummary(args.doc?.consent as ConsentSummary | undefined, now())
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

/** Campaign pages are public. The media issue adds draft campaigns, hidden here. */
export const campaignReadAccess: Access = () => true

/** The audit log names people and actions: admins only. */
export const auditLogReadAccess: Access = ({ req: { user } }) => hasRole(user, 'admin')
