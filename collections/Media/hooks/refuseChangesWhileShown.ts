import type { CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import { InputError } from '../../../src/lib/errors'
import type { Media } from '../../../src/payload-types'

/** Whether a published story or artwork uses this image: what it looks like is public right now. */
async function shownByPublishedItem(req: PayloadRequest, id: string | number): Promise<boolean> {
  const common = { depth: 0, limit: 1, overrideAccess: true, req } as const
  const published = { status: { equals: 'published' } }
  const stories = await req.payload.count({
    collection: 'stories',
    where: { and: [published, { images: { contains: id } }] },
    ...common,
  })
  if (stories.totalDocs > 0) return true
  const artworks = await req.payload.count({
    collection: 'artworks',
    where: { and: [published, { image: { equals: id } }] },
    ...common,
  })
  return artworks.totalDocs > 0
}

/**
 * An image's description is part of the items that show it: a person changing it while a
 * published story or artwork shows it would change public content past the storyteller's sign-off
 * and the second editor (the same rule as for the item's own fields, src/workflow/hooks.ts).
 * The item is archived first; the change then goes through review again.
 */
export const refuseChangesWhileShown: CollectionBeforeChangeHook<Media> = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (operation !== 'update' || !req.user || !originalDoc) return data
  // Redaction (pixelating, covering) re-renders the file: it only ever hides, so it stays open.
  if (data.alt === undefined || data.alt === originalDoc.alt) return data
  if (await shownByPublishedItem(req, originalDoc.id)) {
    throw new InputError(
      'A published story or artwork shows this image: archive it first (that takes it down at once), change its description, then the storyteller and a second editor approve it again.',
      409,
    )
  }
  return data
}
