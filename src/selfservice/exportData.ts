import type { Payload } from 'payload'

import { buildReceipt } from '../../collections/ConsentRecords/receipt'
import { now } from '../lib/clock'
import { localeFor } from '../lib/locales'
import { relatoSettings } from '../lib/settings'
import { readStoredFile } from '../lib/storage'
import { subjectKey } from '../lib/subjects'
import type { OwnRecordView } from '../policy'
import { loadMyStory } from './manage'
import type { TokenStory } from './token'

/** A consent record as its storyteller sees it, with the text it cites and, for a grant, its receipt. */
export async function withReceipt(payload: Payload, storyId: string, record: OwnRecordView) {
  const text = record.consentText
    ? await payload.findByID({
        collection: 'consent-texts',
        id: record.consentText,
        locale: localeFor(record.language),
        depth: 0,
        disableErrors: true,
        overrideAccess: true,
      })
    : null
  return {
    ...record,
    consentText: text
      ? { id: String(text.id), version: text.version, hash: text.hash ?? null, body: text.body }
      : null,
    receipt:
      record.action === 'grant'
        ? buildReceipt({ ...record, subjectKey: subjectKey('stories', storyId) }, text)
        : null,
  }
}

/**
 * Everything Relato holds about a story submitted with a management link, as one JSON file
 * (GDPR art. 15 and 20): the story as given, every consent record with its receipt, and each
 * photo and recording as stored (already cleaned of metadata), and the transcript. Editors' review notes are internal and left out.
 */
export async function exportMyData(payload: Payload, token: TokenStory) {
  const {
    history,
    images,
    recordings,
    visible: _visible,
    ...story
  } = await loadMyStory(payload, token)
  const storage = relatoSettings(payload).storage
  const photos = await Promise.all(
    images.map(async (image) => {
      const media = await payload.findByID({
        collection: 'media',
        id: image.id,
        depth: 0,
        overrideAccess: true,
      })
      const bytes = media.filename ? await readStoredFile(storage, media.filename) : null
      return {
        ...image,
        mimeType: media.mimeType ?? null,
        base64: bytes ? bytes.toString('base64') : null,
      }
    }),
  )
  // The transcript in every language it was written in (editors may add a translation).
  const { transcript } = (await payload.findByID({
    collection: 'stories',
    id: token.id,
    locale: 'all',
    depth: 0,
    overrideAccess: true,
    select: { transcript: true },
  })) as unknown as { transcript?: Record<string, string | null> | null }
  // Both stored encodings: exactly what Relato keeps of their voice (the original is never kept).
  const audio = await Promise.all(
    recordings.map(async (entry) => {
      const doc = await payload.findByID({
        collection: 'recordings',
        id: entry.id,
        depth: 0,
        overrideAccess: true,
      })
      const files = await Promise.all(
        [
          { name: doc.filename, mimeType: 'audio/mp4' },
          { name: doc.opusFilename, mimeType: 'audio/webm' },
        ].map(async ({ name, mimeType }) => {
          const bytes = name ? await readStoredFile(storage, name) : null
          return { mimeType, base64: bytes ? bytes.toString('base64') : null }
        }),
      )
      return { ...entry, files }
    }),
  )
  return {
    format: 'relato-my-story-export/1',
    exportedAt: now().toISOString(),
    story,
    consentRecords: await Promise.all(
      history.map((record) => withReceipt(payload, token.id, record)),
    ),
    photos,
    recordings: audio,
    transcript: Object.fromEntries(
      Object.entries(transcript ?? {}).filter(([, text]) => typeof text === 'string' && text),
    ),
  }
}
