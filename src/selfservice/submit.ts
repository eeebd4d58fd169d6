import {
  commitTransaction,
  createLocalReq,
  initTransaction,
  killTransaction,
  type Payload,
} from 'payload'

import { deleteEach } from '../lib/deleteEach'
import { relatoSettings } from '../lib/settings'
import { excerpt, plainTextToSlate } from '../lib/slate'
import { deleteStoredFiles } from '../lib/storage'
import { type Locale, localeFor } from '../lib/locales'
import { InputError } from '../lib/errors'
import { subjectKey } from '../lib/subjects'
import type { Media, Story } from '../payload-types'
import { consentTextOrClosed, recordWebFormGrant } from './consentText'
import { FormError, type Submission } from './form'
import { TEXT } from './text'
import { STORYTELLER_ACTION } from '../workflow/storytellerReview'
import { newManagementToken } from './token'

export type Submitted = { storyId: string; token: string }

/** Every stored file of a media record: the original and each size. */
const storedFilesOf = (doc: Pick<Media, 'filename' | 'sizes'>): string[] =>
  [doc.filename, ...Object.values(doc.sizes ?? {}).map((size) => size?.filename)].filter(
    (name): name is string => Boolean(name),
  )

/**
 * Saves a checked submission: its photos (through the media pipeline), its recording (through
 * the audio pipeline, in the same way), the story (`submitted`)
 * and the `grant` that came with it. The photos are saved first, each by its own operation, so
 * that the image work (cleaning, face detection, sizes) runs before any transaction: inside one,
 * it would hold a MongoDB transaction open past its 60 s limit and widen every write conflict.
 * The story and its grant are then written in one transaction. If anything fails, that
 * transaction is rolled back and the photos (records and files) are deleted: nothing is
 * half-saved. (The photos are never public on their own: media is readable only through a
 * visible item.)
 *
 * Runs as the system: the storyteller has no account, and what they may do was checked by
 * readSubmission. The story belongs to whoever holds the management token.
 */
export async function saveSubmission(payload: Payload, submission: Submission): Promise<Submitted> {
  const text = await consentTextOrClosed(payload, submission.formLanguage)
  const locale = localeFor(submission.language)
  const { token, hash } = newManagementToken()

  const stored: string[] = []
  const images: string[] = []
  const recordings: string[] = []
  let storyId: string | undefined
  let req: Awaited<ReturnType<typeof createLocalReq>> | undefined
  try {
    for (const photo of submission.photos) {
      const media = await payload.create({
        collection: 'media',
        locale,
        data: {
          alt: submission.photoDescription ?? '',
          containsPeople: true,
          pixelateFaces: submission.pixelateFaces,
        },
        file: {
          data: photo.data,
          mimetype: photo.type || 'application/octet-stream',
          name: photo.name,
          size: photo.data.length,
        },
      })
      stored.push(...storedFilesOf(media))
      images.push(String(media.id))
    }
    if (submission.recording) {
      // Cleaned by ffmpeg (collections/Recordings/hooks); no uploader: it is the storyteller's.
      const { recording } = submission
      const saved = await payload
        .create({
          collection: 'recordings',
          data: {},
          file: {
            data: recording.data,
            mimetype: recording.type || 'application/octet-stream',
            name: recording.name,
            size: recording.data.length,
          },
        })
        .catch((error: unknown) => {
          throw refusedRecording(error, submission.formLanguage)
        })
      recordings.push(String(saved.id))
      stored.push(...[saved.filename, saved.opusFilename].filter((name) => name != null))
    }
    req = await createLocalReq({}, payload)
    await initTransaction(req)
    const story = await payload.create({
      collection: 'stories',
      req,
      locale,
      // Their own words, as sent: the version they approve (src/workflow/storytellerReview.ts).
      context: { [STORYTELLER_ACTION]: true },
      data: {
        title: submission.title ?? excerpt(submission.story.replace(/\s+/g, ' '), 80),
        body: plainTextToSlate(submission.story) as Story['body'],
        // Set by the workflow on creation whatever is sent; named for the type only.
        status: 'submitted',
        pullQuote: submission.pullQuote,
        // The form accepts only supported languages, so this is the language given.
        language: locale,
        displayName: submission.displayName,
        pseudonym: submission.pseudonym,
        location: submission.location,
        images,
        recordings,
        contentNotes: submission.contentNotes,
        contactEmail: submission.contactEmail,
        contactPhone: submission.contactPhone,
        managementTokenHash: hash,
      },
    })
    storyId = String(story.id)
    await recordWebFormGrant(req, storyId, submission.consent, text)
    await commitTransaction(req)
    return { storyId, token }
  } catch (error) {
    if (req) await killTransaction(req)
    await undoWithoutTransaction(payload, storyId, images, recordings)
    await deleteStoredFiles(relatoSettings(payload).storage, stored)
    throw error
  }
}

/**
 * Deletes the photos saved before the transaction and, where the database has no transactions
 * (SQLite here, MongoDB without a replica set), whatever else was created. Finds nothing more to
 * delete where the rollback worked.
 */
async function undoWithoutTransaction(
  payload: Payload,
  storyId: string | undefined,
  images: string[],
  recordings: string[],
): Promise<void> {
  if (storyId) {
    await deleteEach(payload, 'consent-records', {
      subjectKey: { equals: subjectKey('stories', storyId) },
    })
    await deleteEach(payload, 'stories', { id: { equals: storyId } })
  }
  if (images.length) await deleteEach(payload, 'media', { id: { in: images } })
  if (recordings.length) await deleteEach(payload, 'recordings', { id: { in: recordings } })
}

const REFUSED: Record<number, string> = {
  400: 'invalid_submission',
  413: 'too_large',
  415: 'unsupported_media_type',
}

/** The audio pipeline's refusal (415, 400, 413), told beside the form's field in its language. */
function refusedRecording(error: unknown, lang: Locale): unknown {
  if (!(error instanceof InputError) || !(error.status in REFUSED)) return error
  const message = TEXT[lang].recordingRefused[error.status] ?? error.message
  return new FormError({ recording: message }, error.status, REFUSED[error.status])
}
