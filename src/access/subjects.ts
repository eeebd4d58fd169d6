import type {
  Access,
  AccessArgs,
  FieldAccess,
  FilterOptionsProps,
  PayloadRequest,
  Where,
} from 'payload'

import { isAdmin } from './index'

import { isOwner, relationId } from '../lib/relations'
import { hasRole, isStaffUser, type Role, type RoleBearer } from '../lib/roles'

/** Private fields of a story: staff, and the person it belongs to. */
export const staffOrOwnerField: FieldAccess = ({ req: { user }, doc }) =>
  isStaffUser(user) || isOwner(user, doc)

/**
 * Who may give a private field a value when an item is created: staff, and the creators of
 * that kind (the item becomes theirs). Explicit so that no Payload operation that creates a
 * document (a duplicate, say) can carry the field by default.
 */
export const staffOrCreatorField =
  (...creators: Role[]): FieldAccess =>
  ({ req: { user } }) =>
    isStaffUser(user) || hasRole(user, ...creators)

/** Owners may edit their own item while it is theirs to change: before review, or when sent back. */
const OWNER_EDITABLE = ['submitted', 'changes_requested', 'withdrawn']

export const staffOrOwnerWhileEditable: Access = ({ req: { user } }) => {
  if (!user) return false
  if (isStaffUser(user)) return true
  if (hasRole(user, 'partner')) return false
  const own: Where = { and: [{ owner: { equals: user.id } }, { status: { in: OWNER_EDITABLE } }] }
  return own
}

/**
 * Access for stories and artworks: `creators` may create; owners edit their own while editable;
 * only admins delete. Reading is the consent policy's (`subjectReadAccess` in src/policy), which
 * the collection adds: src/access does not import the policy.
 */
export const subjectWriteAccess = (...creators: Role[]) => ({
  create: ({ req: { user } }: AccessArgs) => isStaffUser(user) || hasRole(user, ...creators),
  update: staffOrOwnerWhileEditable,
  delete: isAdmin,
})

/**
 * Storytellers and artists may attach only images they uploaded themselves: someone else's
 * private photo must not become public through their story.
 */
export const ownUploadsOnly =
  (collection: 'media' | 'recordings') =>
  async (
    value: unknown,
    {
      req,
      previousValue,
      overrideAccess,
    }: { req: PayloadRequest; previousValue?: unknown; overrideAccess?: boolean },
  ): Promise<true | string> => {
    const what = collection === 'media' ? 'images' : 'recordings'
    const idsOf = (list: unknown) =>
      (Array.isArray(list) ? list : list ? [list] : [])
        .map(relationId)
        .filter((id) => id !== undefined)
        .map(String)
    const previous = new Set(idsOf(previousValue))
    // Uploads already on the item (attached by an editor, say) stay; only new ones are checked.
    const ids = idsOf(value).filter((id) => !previous.has(id))
    if (!ids.length || isStaffUser(req.user)) return true
    // The system (a storyteller's submission without an account) attaches what it just made.
    if (!req.user) return overrideAccess ? true : `Sign in to attach ${what}.`
    const { totalDocs } = await req.payload.count({
      collection,
      where: { and: [{ id: { in: ids } }, { uploadedBy: { equals: req.user.id } }] },
      overrideAccess: true,
      req,
    })
    return totalDocs === new Set(ids).size
      ? true
      : `You can only attach ${what} you uploaded yourself.`
  }

export const ownMediaOnly = ownUploadsOnly('media')

/** In the admin's image picker, storytellers and artists see only their own uploads. */
export const ownMediaFilter = ({ user }: FilterOptionsProps): true | Where =>
  !user?.id || isStaffUser(user as RoleBearer) ? true : { uploadedBy: { equals: user.id } }
