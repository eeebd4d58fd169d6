import type { CollectionBeforeChangeHook } from 'payload'

import type { User } from '../../../src/payload-types'

/** The account created on an empty installation (first-register) runs it, so it is the admin. */
export const firstUserIsAdmin: CollectionBeforeChangeHook<User> = async ({
  data,
  operation,
  req,
}) => {
  if (operation !== 'create') return data
  // Not `count` without a filter: the MongoDB adapter answers that with estimatedDocumentCount,
  // which a transaction refuses (every create runs in one on a replica set). A one-document
  // find without pagination is a plain `find().limit(1)` on both databases, with no count beside it.
  const { docs } = await req.payload.find({
    collection: 'users',
    limit: 1,
    pagination: false,
    depth: 0,
    req,
    overrideAccess: true,
  })
  return docs.length === 0 ? { ...data, role: 'admin' } : data
}
