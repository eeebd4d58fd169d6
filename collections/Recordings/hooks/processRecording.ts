import fs from 'node:fs/promises'
import {
  type CollectionAfterChangeHook,
  type CollectionAfterDeleteHook,
  type CollectionBeforeChangeHook,
  type CollectionBeforeOperationHook,
  Forbidden,
} from 'payload'

import { asUnavailable, InputError } from '../../../src/lib/errors'
import { relatoSettings } from '../../../src/lib/settings'
import { deleteStoredFiles, mediaFilenames, writeStoredFile } from '../../../src/lib/storage'
import { cleanAudio, randomAudioName } from '../../../src/media/audio'
import { withImageSlot } from '../../../src/media/queue'

type Cleaned = { opus: Buffer; opusFilename: string; duration: number; peaks: number[] }

const context = (req: { context: Record<string, unknown> }) =>
  req.context.relatoRecording as Cleaned | undefined

/**
 * Every recording goes through ffmpeg before Payload stores anything: Payload keeps the AAC
 * (M4A) encoding as the record's file; the Opus (WebM) one is stored beside it after the
 * record is written (storeOpusCopy). A recording's sound is never changed after upload:
 * updates carry no file.
 */
export const processRecording: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  req,
}) => {
  if (operation !== 'create' && operation !== 'update') return args
  // ffmpeg is the costliest thing a request can ask for: whoever may not write is refused first.
  if (!(args as { overrideAccess?: boolean }).overrideAccess) {
    const access = collection.access[operation]
    const id = (args as { id?: string | number }).id
    const allowed = access
      ? await access({ req, data: args.data, id: id === undefined ? undefined : String(id) })
      : Boolean(req.user)
    if (allowed === false) throw new Forbidden(req.t)
  }
  const url = (args.data as { url?: unknown } | undefined)?.url
  if (!req.file && (operation === 'create' || (typeof url === 'string' && /^[a-z]+:/i.test(url))))
    throw new InputError('Upload the recording itself; recordings are not fetched from addresses.')
  if (!req.file) return args
  if (operation === 'update')
    throw new InputError(
      'A recording cannot be replaced: upload a new one and attach it instead.',
      409,
    )
  const input = req.file.tempFilePath ? await fs.readFile(req.file.tempFilePath) : req.file.data
  const settings = relatoSettings(req.payload)
  // The same few slots as image work: at most that many heavy decodes at once per process.
  const clean = await withImageSlot(settings.media, () => cleanAudio(input, settings.audio))
  const name = randomAudioName('m4a')
  req.file = { data: clean.aac, mimetype: 'audio/mp4', name, size: clean.aac.length }
  req.context.relatoRecording = {
    opus: clean.opus,
    opusFilename: name.replace(/\.m4a$/, '.webm'),
    duration: clean.duration,
    peaks: clean.peaks,
  } satisfies Cleaned
  return args
}

/** Duration, waveform and the Opus copy's name come from the pipeline only, never the client. */
export const recordRecordingFacts: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  const cleaned = context(req)
  if (operation !== 'create' || !cleaned) return data
  return {
    ...data,
    duration: cleaned.duration,
    peaks: cleaned.peaks,
    opusFilename: cleaned.opusFilename,
    uploadedBy: req.user?.id ?? null,
  }
}

/**
 * Stores the Opus copy once the record exists. If that fails nothing stays half-saved: the
 * record and its files are removed and the client is told to try again (503).
 */
export const storeOpusCopy: CollectionAfterChangeHook = async ({ doc, operation, req }) => {
  const cleaned = context(req)
  if (operation !== 'create' || !cleaned) return doc
  const settings = relatoSettings(req.payload)
  try {
    await writeStoredFile(settings.storage, cleaned.opusFilename, cleaned.opus, 'audio/webm')
  } catch (error) {
    await req.payload.db.deleteOne({
      collection: 'recordings',
      where: { id: { equals: doc.id } },
      req,
    })
    await deleteStoredFiles(settings.storage, mediaFilenames(doc)).catch(() => undefined)
    throw asUnavailable(error) ?? error
  }
  return doc
}

/** Payload removes the record's own file; the Opus copy goes with it. */
export const removeOpusCopy: CollectionAfterDeleteHook = async ({ doc, req }) => {
  const name = (doc as { opusFilename?: string | null }).opusFilename
  if (name) await deleteStoredFiles(relatoSettings(req.payload).storage, [name])
  return doc
}
