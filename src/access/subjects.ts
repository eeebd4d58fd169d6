import type { Access, AccessArgs, FieldAccess, Where } from 'payload'

import { subjectReadAccess } from '../policy/access'
import { isAdmin } from './index'

import { isOwner } from './owner'
import { hasRole, type Role } from './roles'

/** Private fields of a story: staff, and the person it belongs to. */
export const staffOrOwnerField: FieldAccess = ({ req: { user }, doc }) =>
  hasRole(user, 'admin', 'editor') || isOwner(user, doc)

/** Owners may edit their own item while it is theirs to change: before review, or when sent back. */
const OWNER_EDITABLE = ['submitted', 'changes_requested', 'withdrawn']

export const staffOrOwnerWhileEditable: Access = ({ req: { user } }) => {
  if (!user) return false
  if (hasRole(user, 'admin', 'editor')) return true
  if (hasRole(user, 'partner')) return false
  const own: Where = { and: [{ owner: { equals: user.id } }, { status: { in: OWNER_EDITABLE } }] }
  return own
}

/**
 * Access for stories and artworks: `creators` may create; reading goes through the consent
 * policy; owners edit their own while editable; only admins delete.
 */
export const subjectAccess = (...creators: Role[]) => ({
  create: ({ req: { user } }: AccessArgs) => hasRole(user, 'admin', 'editor', ...creators),
  read: subjectReadAccess,
  update: staffOrOwnerWhileEditable,
  delete: isAdmin,
})
