import type { Payload } from 'payload'

import { buildReceipt } from '../../collections/ConsentRecords/receipt'
import { now } from '../lib/clock'
import { localeFor } from '../lib/locales'
import { relatoSettings } from '../lib/settings'
import { readStoredFile } from '../lib/storage'
import { loadMyStory, recordTextId } from './manage'
import type { TokenStory } from './token'

/**
 * Everything Relato holds about a story submitted with a management link, as one JSON file
 * (GDPR art. 15 and 20): the story as given, every consent record with its receipt, and each
 * photo as stored (already cleaned of metadata). Editors' review notes are internal and left out.
 */
export async function exportMyData(payload: Payload, token: TokenStory) {
  const story = await loadMyStory(payload, token)
  const { history, images, visible: _visible, ...fields } = story
  const consentRecords = await Promise.all(
    history.map(async (record) => {
      const textId = recordTextId(record)
      const text = textId
        ? await payload.findByID({ collection: 'consent-texts', id: textId, locale: localeFor(record.language), depth: 0, disableErrors: true, overrideAccess: true })
        : null
      const { subjectOwner: _owner, recordedBy: _by, collectedBy: _collector, ...shown } = record
      return {
        ...shown,
        consentText: text ? { id: String(text.id), version: text.version, hash: text.hash ?? null, body: text.body } : null,
        receipt: record.action === 'grant' ? buildReceipt(record, text) : null,
      }
    }),
  )
  const storage = relatoSettings(payload).storage
  const photos = await Promise.all(
    images.map(async (image) => {
      const media = await payload.findByID({ collection: 'media', id: image.id, depth: 0, overrideAccess: true })
      const bytes = media.filename ? await readStoredFile(storage, media.filename) : null
      return {
        id: image.id,
        alt: image.alt,
        mimeType: media.mimeType ?? null,
        width: media.width ?? null,
        height: media.height ?? null,
        base64: bytes ? bytes.toString('base64') : null,
      }
    }),
  )
  return { format: 'relato-my-story-export/1', exportedAt: now().toISOString(), story: fields, consentRecords, photos }
}
