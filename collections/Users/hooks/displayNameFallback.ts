import type { FieldHook } from 'payload'

import { isStaffUser } from '../../../src/lib/roles'

type UserLike = { id?: string | number; email?: string | null; role?: string | null }

/**
 * What the admin titles an account by when it has no display name: a staff account its email
 * (a work address, and only admins and the person themselves can read accounts at all); anyone
 * else their role and the start of their id, never their email, which may be all that links a
 * storyteller to their story.
 */
export const fallbackTitle = (user: UserLike): string | null => {
  if (isStaffUser(user as { id: string; role?: string | null })) return user.email ?? null
  if (user.id === undefined) return null
  const role = user.role ?? 'user'
  return `${role[0].toUpperCase()}${role.slice(1)} ${String(user.id).slice(0, 8)}`
}

/** Shows the fallback where the display name is empty (admin titles, relationship labels). */
export const showFallbackTitle: FieldHook = ({ value, data }) =>
  value ? value : (fallbackTitle((data ?? {}) as UserLike) ?? value)

/** …and never stores it: a form saved with the shown fallback keeps the display name empty. */
export const keepFallbackUnsaved: FieldHook = ({ value, originalDoc, data }) => {
  const user = { ...(originalDoc ?? {}), ...(data ?? {}) } as UserLike
  return value && value === fallbackTitle(user) ? null : value
}
