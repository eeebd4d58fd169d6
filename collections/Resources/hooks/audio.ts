import type { CollectionBeforeDeleteHook, PayloadRequest } from 'payload'

import { contentLocale } from '../../../src/lib/locales'
import { relationId } from '../../../src/lib/relations'
import { isStaffUser } from '../../../src/lib/roles'
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

/**
 * A resource speaks with the organisation's own voice: only a recording staff uploaded may be
 * used. A storyteller's recording is public only with their `voice` consent
 * (src/policy/recordings.ts); attached here it would be public without it.
 */
export async function staffRecording(
  value: unknown,
  { req }: { req: PayloadRequest },
): Promise<true | string> {
  const id = relationId(value)
  if (id === undefined || id === null) return true
  const recording = await req.payload.findByID({
    collection: 'recordings',
    id,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  const uploader = relationId(recording?.uploadedBy)
  const user =
    uploader === undefined
      ? null
      : await req.payload.findByID({
          collection: 'users',
          id: uploader,
          depth: 0,
          overrideAccess: true,
          disableErrors: true,
          req,
        })
  return recording && isStaffUser(user)
    ? true
    : 'Use a recording staff uploaded: a storyteller’s voice is public only with their consent.'
}
