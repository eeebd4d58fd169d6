import type { Payload } from 'payload'

import { recordAudit } from '../lib/audit'
import { now } from '../lib/clock'
import { consentHistory, inTransaction, recordTextId } from './manage'
import type { TokenStory } from './token'

// A bulk delete reports failures per document instead of throwing: any failure undoes it all.
const failOnErrors = ({ errors }: { errors: { message: string }[] }) => {
  if (errors.length) throw new Error(`Erasure stopped: ${errors.map((error) => error.message).join('; ')}`)
}

/**
 * Erases a story for good (GDPR art. 17): its photos with every stored file (local or S3), its
 * consent records and the story itself. What remains says that consent existed and ended,
 * not who gave it: a consent tombstone (scopes, text version and hash, dates) and an audit
 * entry. The public read model drops the story in the delete hook, before this returns.
 */
export async function eraseStory(payload: Payload, { id }: TokenStory): Promise<void> {
  const subject = `stories/${id}`
  await inTransaction(payload, async (req) => {
    const story = await payload.findByID({ collection: 'stories', id, depth: 0, req, overrideAccess: true })
    const history = await consentHistory(payload, id, req)
    const texts = new Map<string, { version: string; hash: string | null }>()
    for (const textId of new Set(history.map(recordTextId).filter((textId): textId is string => Boolean(textId)))) {
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
        events: history.map((record) => ({
          action: record.action,
          scopes: record.scopes ?? [],
          method: record.method,
          language: record.language,
          consentText: texts.get(recordTextId(record) ?? '') ?? null,
          givenAt: record.givenAt ?? null,
          expiresAt: record.expiresAt ?? null,
          recordedAt: record.recordedAt ?? null,
        })),
      },
    })
    failOnErrors(await payload.delete({ collection: 'consent-records', where: { subjectKey: { equals: subject } }, req, overrideAccess: true }))
    await payload.delete({ collection: 'stories', id, req, overrideAccess: true })
    const images = (story.images ?? []).map((image) => String(typeof image === 'object' ? image.id : image))
    if (images.length) failOnErrors(await payload.delete({ collection: 'media', where: { id: { in: images } }, req, overrideAccess: true }))
    await recordAudit(req, { action: 'erased', subject, details: { consentRecords: history.length, images: images.length } })
  })
}
