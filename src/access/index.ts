import type { Access, FieldAccess } from 'payload'

import { hasRole, isStaffUser, type RoleBearer } from '../lib/roles'

export const isAdmin: Access = ({ req: { user } }) => hasRole(user, 'admin')

export const isAdminField: FieldAccess = ({ req: { user } }) => hasRole(user, 'admin')

/** Editors and admins run the editorial side: as collection access and as field access alike. */
export const isStaff = ({ req: { user } }: { req: { user: RoleBearer } }): boolean =>
  isStaffUser(user)

export const isLoggedIn: Access = ({ req: { user } }) => Boolean(user)

/** Admins see everyone; any other signed-in user only themselves. */
export const isAdminOrSelf: Access = ({ req: { user } }) => {
  if (!user) return false
  if (hasRole(user, 'admin')) return true
  return { id: { equals: user.id } }
}

/** Partners use API keys only; every other role may open the admin panel. */
export const canUseAdminPanel = ({ req: { user } }: Parameters<Access>[0]): boolean =>
  isStaffUser(user) || hasRole(user, 'storyteller', 'artist')

/** For fields only the system writes (through hooks, with access overridden). */
export const nobody = (): boolean => false

/**
 * For records only the system writes (through hooks, with access overridden) and nobody changes
 * or deletes, such as the audit log: `read` says who may read them.
 */
export const systemRecordAccess = (read: Access) => ({
  read,
  create: nobody,
  update: nobody,
  delete: nobody,
})
