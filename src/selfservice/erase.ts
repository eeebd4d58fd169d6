import type { Payload, PayloadRequest } from 'payload'

import { recordAudit } from '../lib/audit'
import { relationId } from '../lib/relations'
import { deleteEach } from '../lib/deleteEach'
import { now } from '../lib/clock'
import { asUnavailable } from '../lib/errors'
import { relatoSettings } from '../lib/settings'
import { deleteStoredFiles, mediaFilenames } from '../lib/storage'
import { subjectKey } from '../lib/subjects'
import { ownRecordView } from '../policy'
import { peopleLedgerKey } from '../workflow/people'
import { consentHistory, inTransaction } from './manage'
import type { TokenStory } from './token'

/**
 * Erases a story for good (GDPR art. 17): the photos and recordings that came with it (every
 * stored file, local or S3: each photo's sizes, each recording's two encodings), its consent records and the story itself; the kit and read-model hooks drop what was
 * derived from it. What remains says that consent existed and ended, not who gave it: a consent
 * tombstone (scopes, text version and hash, dates) and an audit entry.
 *
 * The story goes last, so that if a step fails the link still works and erasure can be retried.
 */
export async function eraseStory(payload: Payload, { id }: TokenStory): Promise<void> {
  const subject = subjectKey('stories', id)
  // The photos' files go first, before any record: if the store does not answer, nothing has
  // changed and the link still opens the story to try again (the files of a record already
  // deleted could otherwise stay in the bucket with nothing left to find them by).
  await deleteStoredFiles(relatoSettings(payload).storage, await storytellersFiles(payload, id))
  await inTransaction(payload, async (req) => {
    const story = await payload.findByID({
      collection: 'stories',
      id,
      depth: 0,
      req,
      overrideAccess: true,
    })
    const history = (await consentHistory(payload, id, req)).map(ownRecordView)
    const already = await payload.count({
      collection: 'consent-tombstones',
      where: { subject: { equals: subject } },
      req,
    })
    if (history.length && !already.totalDocs) {
      const texts = new Map<string, { version: string; hash: string | null }>()
      for (const textId of new Set(
        history.flatMap((record) => (record.consentText ? [record.consentText] : [])),
      )) {
        const text = await payload.findByID({
          collection: 'consent-texts',
          id: textId,
          depth: 0,
          req,
          locale: 'en',
          disableErrors: true,
        })
        if (text) texts.set(textId, { version: text.version, hash: text.hash ?? null })
      }
      await payload.create({
        collection: 'consent-tombstones',
        req,
        data: {
          subject,
          erasedAt: now().toISOString(),
          erasedBy: 'storyteller',
          events: history.map(({ id: _id, consentText, ...event }) => ({
            ...event,
            consentText: consentText ? (texts.get(consentText) ?? null) : null,
          })),
        },
      })
    }
    // Photos sent with the story have no uploader; one an editor added from their own uploads
    // is not the storyteller's and may be used elsewhere: it is only detached, with the story.
    const imageIds = (story.images ?? []).map((image) =>
      String(typeof image === 'object' ? image.id : image),
    )
    const { docs: images } = imageIds.length
      ? await payload.find({
          collection: 'media',
          where: { id: { in: imageIds } },
          depth: 0,
          pagination: false,
          overrideAccess: true,
          req,
          select: { uploadedBy: true },
        })
      : { docs: [] }
    const theirs = images.filter((image) => !image.uploadedBy).map((image) => String(image.id))
    // One at a time (src/lib/deleteEach.ts); the first failure stops the erasure.
    if (theirs.length) await deleteEach(payload, 'media', { id: { in: theirs } }, req)
    // Their recordings likewise (both encodings go with each record: collections/Recordings).
    const recordingIds = await storytellersRecordings(payload, story.recordings, req)
    if (recordingIds.length)
      await deleteEach(payload, 'recordings', { id: { in: recordingIds } }, req)
    // The people in the story consented in a ledger of their own: it goes with the story.
    const ledgers = [subject, peopleLedgerKey('stories', id)]
    await deleteEach(payload, 'consent-records', { subjectKey: { in: ledgers } }, req)
    await payload.delete({ collection: 'stories', id, req, overrideAccess: true })
    await recordAudit(req, {
      action: 'erased',
      subject,
      details: {
        consentRecords: history.length,
        imagesDeleted: theirs.length,
        imagesDetached: imageIds.length - theirs.length,
        recordingsDeleted: recordingIds.length,
      },
    })
  })
}

/** The recordings that came with the story (no uploader); one an editor attached is only detached. */
async function storytellersRecordings(
  payload: Payload,
  attached: unknown[] | null | undefined,
  req?: PayloadRequest,
): Promise<string[]> {
  const ids = (attached ?? [])
    .map(relationId)
    .filter((id) => id !== undefined)
    .map(String)
  if (!ids.length) return []
  const { docs } = await payload.find({
    collection: 'recordings',
    where: { id: { in: ids } },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
    select: { uploadedBy: true },
  })
  return docs.filter((doc) => !doc.uploadedBy).map((doc) => String(doc.id))
}

/** Every stored file of the photos and recordings that came with the story (no uploader): the ones erasure deletes. */
async function storytellersFiles(payload: Payload, id: string): Promise<string[]> {
  const story = await payload.findByID({
    collection: 'stories',
    id,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    select: { images: true, recordings: true },
  })
  const recordingIds = await storytellersRecordings(payload, story?.recordings)
  const { docs: recordings } = recordingIds.length
    ? await payload.find({
        collection: 'recordings',
        where: { id: { in: recordingIds } },
        depth: 0,
        pagination: false,
        overrideAccess: true,
      })
    : { docs: [] }
  const audioFiles = recordings.flatMap((doc) =>
    [doc.filename, doc.opusFilename].filter((name): name is string => Boolean(name)),
  )
  return [...audioFiles, ...(await photoFiles(payload, story?.images))]
}

async function photoFiles(
  payload: Payload,
  images: unknown[] | null | undefined,
): Promise<string[]> {
  const imageIds = (images ?? [])
    .map(relationId)
    .filter((id) => id !== undefined)
    .map(String)
  if (!imageIds.length) return []
  const { docs } = await payload.find({
    collection: 'media',
    where: { id: { in: imageIds } },
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  return docs.filter((image) => !image.uploadedBy).flatMap(mediaFilenames)
}

/** Seconds between automatic attempts at an erasure the file store interrupted. */
const RETRY_DELAYS_S = [5, 15, 30, 60, 120, 300, 600, 600, 600]

/**
 * Erasures interrupted by an unreachable file store are tried again in this process until the
 * store answers (about an hour), so a storyteller who does not come back is still erased; the
 * link keeps working for a manual retry meanwhile, and after a restart.
 */
export function retryErasures(payload: Payload, delays: readonly number[] = RETRY_DELAYS_S) {
  const pending = new Set<string>()
  const attempt = (story: TokenStory, round: number) => {
    const timer = setTimeout(async () => {
      try {
        await eraseStory(payload, story)
        pending.delete(story.id)
        payload.logger.info({ msg: 'An interrupted erasure was completed on retry.' })
      } catch (error) {
        const exists = await payload
          .count({
            collection: 'stories',
            where: { id: { equals: story.id } },
            overrideAccess: true,
          })
          .then(
            (found) => found.totalDocs > 0,
            () => true,
          )
        if (exists && asUnavailable(error) && round + 1 < delays.length)
          return attempt(story, round + 1)
        pending.delete(story.id)
        if (exists)
          payload.logger.warn({
            msg: 'An interrupted erasure is still unfinished; the storyteller can retry from their link.',
            error: error instanceof Error ? error.name : typeof error,
          })
      }
    }, delays[round] * 1000)
    timer.unref()
  }
  return {
    schedule(story: TokenStory): void {
      if (pending.has(story.id)) return
      pending.add(story.id)
      attempt(story, 0)
    },
  }
}
