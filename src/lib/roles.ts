export const ROLES = ['admin', 'editor', 'storyteller', 'artist', 'partner'] as const
export type Role = (typeof ROLES)[number]

/** The part of a user that access decisions read; works for any auth collection's user. */
export type RoleBearer = { id: string | number; role?: string | null } | null | undefined

export const hasRole = (user: RoleBearer, ...roles: Role[]): boolean =>
  Boolean(user && roles.includes(user.role as Role))

/** Editors and admins run the editorial side. */
export const isStaffUser = (user: RoleBearer): boolean => hasRole(user, 'admin', 'editor')
