import type { RoleBearer } from './roles'

type Id = string | number

/** The id of a relationship value, whether Payload populated it or not. */
export const relationId = (value: unknown): Id | undefined => {
  if (value && typeof value === 'object' && 'id' in value) return (value as { id: Id }).id
  if (typeof value === 'string' || typeof value === 'number') return value
  return undefined
}

export const isOwner = (user: RoleBearer, doc: { owner?: unknown } | null | undefined): boolean =>
  Boolean(
    user &&
    doc &&
    relationId(doc.owner) !== undefined &&
    String(relationId(doc.owner)) === String(user.id),
  )
