import type { Payload } from 'payload'

import { recordAudit } from '../lib/audit'
import { deleteEach } from '../lib/deleteEach'
import { now } from '../lib/clock'
import { ownRecordView } from '../policy'
import { consentHistory, inTransaction } from './manage'
import type { TokenStory } from './token'

/**
 * Erases a story for good (GDPR art. 17): the photos that came with it (every stored file, local
 * or S3), its consent records and the story itself; the kit and read-model hooks drop what was
 * derived from it. What remains says that consent existed and ended, not who gave it: a consent
 * tombstone (scopes, text version and hash, dates) and an audit entry.
 *
 * The story goes last, so that if a step fails the link still works and erasure can be retried.
 */
export async function eraseStory(payload: Payload, { id }: TokenStory): Promise<void> {
  const subject = `stories/${id}`
  await inTransaction(payload, async (req) => {
    const story = await payload.findByID({ collection: 'stories', id, depth: 0, req, overrideAccess: true })
    const history = (await consentHistory(payload, id, req)).map(ownRecordView)
    const already = await payload.count({ collection: 'consent-tombstones', where: { subject: { equals: subject } }, req })
    if (history.length && !already.totalDocs) {
      const texts = new Map<string, { version: string; hash: string | null }>()
      for (const textId of new Set(history.flatMap((record) => (record.consentText ? [record.consentText] : [])))) {
        const text = await payload.findByID({ collection: 'consent-texts', id: textId, depth: 0, req, locale: 'en', disableErrors: true })
        if (text) texts.set(textId, { version: text.version, hash: text.hash ?? null })
      }
      await payload.create({
        collection: 'consent-tombstones',
        req,
        data: {
          subject,
          erasedAt: now().toISOString(),
          erasedBy: 'storyteller',
          events: history.map(({ id: _id, consentText, ...event }) => ({ ...event, consentText: consentText ? (texts.get(consentText) ?? null) : null })),
        },
      })
    }
    // Photos sent with the story have no uploader; one an editor added from their own uploads
    // is not the storyteller's and may be used elsewhere: it is only detached, with the story.
    const imageIds = (story.images ?? []).map((image) => String(typeof image === 'object' ? image.id : image))
    const { docs: images } = imageIds.length
      ? await payload.find({ collection: 'media', where: { id: { in: imageIds } }, depth: 0, pagination: false, overrideAccess: true, req, select: { uploadedBy: true } })
      : { docs: [] }
    const theirs = images.filter((image) => !image.uploadedBy).map((image) => String(image.id))
    // One at a time (src/lib/deleteEach.ts); the first failure stops the erasure.
    if (theirs.length) await deleteEach(payload, 'media', { id: { in: theirs } }, req)
    await deleteEach(payload, 'consent-records', { subjectKey: { equals: subject } }, req)
    await payload.delete({ collection: 'stories', id, req, overrideAccess: true })
    await recordAudit(req, { action: 'erased', subject, details: { consentRecords: history.length, imagesDeleted: theirs.length, imagesDetached: imageIds.length - theirs.length } })
  })
}
