import type { CollectionSlug, PayloadRequest } from 'payload'

import type { Locale } from '../lib/locales'
import { subjectKey } from '../lib/subjects'
import type { Story } from '../payload-types'
import { SYSTEM_CHANGE } from './hooks'

type SystemUpdate = {
  collection: CollectionSlug
  id: string | number
  /** A locale where the item's required title exists (see contentLocale), or Payload refuses. */
  locale: Locale
  data: Record<string, unknown>
}

/**
 * Changes one item as the system, outside the workflow rules (a consent summary, a withdrawal,
 * an image taken out of a published item), inside the caller's transaction. The exemption names
 * this one item and is gone once the update is done: other mutations in the same request
 * (GraphQL batches share one context) get no exemption from it.
 */
export async function updateAsSystem(
  req: PayloadRequest,
  { collection, id, locale, data }: SystemUpdate,
): Promise<void> {
  try {
    await req.payload.update({
      // One call for every collection the system edits: the data is checked by the collection's
      // own fields and hooks, not by this signature.
      collection: collection as 'stories',
      id,
      locale,
      data: data as Partial<Story>,
      depth: 0,
      overrideAccess: true,
      req,
      context: { [SYSTEM_CHANGE]: { subject: subjectKey(collection, id) } },
    })
  } finally {
    delete req.context[SYSTEM_CHANGE]
  }
}
