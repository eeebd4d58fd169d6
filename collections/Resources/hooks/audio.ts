import type { CollectionBeforeDeleteHook } from 'payload'

import { contentLocale } from '../../../src/lib/locales'
import { relationId } from '../../../src/lib/relations'
import { updateAsSystem } from '../../../src/workflow/system'

/**
 * A recording deleted leaves no audio row behind in any resource (MongoDB has no foreign keys, and
 * SQLite would leave a row with no recording): the row goes, in the deleting request's
 * transaction, as a system change of that resource (a published one included: it only loses a
 * sound). Registered on `recordings` (beforeDelete), as the Media hook does for images.
 */
export const removeResourceAudio: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const { locale, fallbackLocale } = req
  try {
    const { docs } = await req.payload.find({
      collection: 'resources',
      where: { 'audio.recording': { equals: id } },
      depth: 0,
      locale: 'all',
      pagination: false,
      overrideAccess: true,
      req,
    })
    // One after the other: they share the request's transaction.
    for (const doc of docs) {
      const rows = (doc.audio ?? []).filter(
        (row) => String(relationId(row.recording)) !== String(id),
      )
      await updateAsSystem(req, {
        collection: 'resources',
        id: doc.id,
        locale: contentLocale(doc.title),
        data: { audio: rows.map((row) => ({ ...row, recording: relationId(row.recording) })) },
      })
    }
  } finally {
    req.locale = locale
    req.fallbackLocale = fallbackLocale
  }
}
