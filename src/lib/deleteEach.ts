import type { CollectionSlug, Payload, PayloadRequest, Where } from 'payload'

/**
 * Deletes the matching documents one after another, by id; throws on the first failure.
 *
 * Not `payload.delete({ where })`: Payload's bulk delete starts every document's hooks at once
 * (collections/operations/delete.js maps the documents to promises before awaiting them), and
 * with `req` they all run on one transaction: on MongoDB one session used by several operations
 * at once, which the driver does not support; on SQLite two hooks writing the same story at once
 * collided ("Value must be unique: _locale").
 */
export async function deleteEach(
  payload: Payload,
  collection: CollectionSlug,
  where: Where,
  req?: PayloadRequest,
): Promise<number> {
  const { docs } = await payload.find({
    collection,
    where,
    select: {},
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  for (const { id } of docs)
    await payload.delete({ collection, id, depth: 0, overrideAccess: true, req })
  return docs.length
}
