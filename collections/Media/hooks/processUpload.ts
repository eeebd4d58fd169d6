import fs from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import { type CollectionBeforeChangeHook, type CollectionBeforeOperationHook, Forbidden, type PayloadRequest } from 'payload'

import { isStaffUser } from '../../../src/lib/roles'
import { relatoSettings } from '../../../src/lib/settings'
import { readStoredFile } from '../../../src/lib/storage'
import { InputError } from '../../../src/lib/errors'
import { cleanImage } from '../../../src/media/pipeline'
import type { Redaction } from '../../../src/media/redact'
import { consentedFaceAreas } from '../../../src/workflow/people'
import type { Media } from '../../../src/payload-types'

type MediaData = { pixelateFaces?: boolean | null; redactions?: Redaction[] | null }

const sameRedactions = (a: Redaction[] | null | undefined, b: Redaction[] | null | undefined) => {
  const strip = (list: Redaction[] | null | undefined) =>
    (list ?? []).map(({ x, y, width, height, style }) => [x, y, width, height, style ?? 'pixelate'])
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b))
}

/**
 * Every file goes through the cleaning pipeline before Payload stores it or derives its sizes.
 * Asking for face pixelation or new redactions on an existing image re-processes the stored
 * original; Payload then replaces every file of it, so the unredacted image is kept nowhere.
 */
export const processUpload: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  if (operation !== 'create' && operation !== 'update') return args
  // This hook runs before Payload's own access check, and decoding is the costliest thing a
  // request can ask for: whoever may not write here is refused first, before any byte is read
  // as an image. (A Where answer, for one document, is left to Payload's check.)
  if (!(args as { overrideAccess?: boolean }).overrideAccess) {
    const access = collection.access[operation]
    const id = (args as { id?: string | number }).id
    const allowed = access ? await access({ req, data: args.data, id: id === undefined ? undefined : String(id) }) : Boolean(req.user)
    if (allowed === false) throw new Forbidden(req.t)
  }
  const data = (args.data ?? {}) as MediaData
  const settings = relatoSettings(req.payload)

  let input: Buffer | null = null
  let filename: string | undefined
  const redactions: Redaction[] = [...(data.redactions ?? [])]
  let pixelateFaces = Boolean(data.pixelateFaces)

  // Payload can also fetch a file from a URL itself, after this hook and past the pipeline.
  // (Its own follow-up updates carry the stored file's relative URL, which is fine.)
  const url = (args.data as { url?: unknown } | undefined)?.url
  if (!req.file && (operation === 'create' || (typeof url === 'string' && /^[a-z]+:/i.test(url)))) {
    throw new InputError('Upload the image file itself; images are not fetched from addresses.')
  }
  if (req.file) {
    input = req.file.tempFilePath ? await fs.readFile(req.file.tempFilePath) : req.file.data
    filename = req.file.name
  } else if (operation === 'update' && isStaffUser(req.user)) {
    const id = (args as { id?: string | number }).id
    const stored = id === undefined ? null : await storedOriginal(req, String(id))
    const newRedactions = data.redactions !== undefined && !sameRedactions(data.redactions, stored?.doc.redactions)
    const newlyPixelated = data.pixelateFaces === true && stored?.doc.pixelateFaces !== true
    if (!stored || (!newRedactions && !newlyPixelated)) return args
    input = stored.bytes
    filename = stored.doc.filename ?? undefined
    // Only what changed is applied: earlier redactions are already burned into the stored file.
    redactions.splice(0, redactions.length, ...(newRedactions ? (data.redactions ?? []) : []))
    pixelateFaces = newlyPixelated
  }
  if (!input) return args

  // Faces of people in the story who consented to their photo stay clear (issue 15); at upload
  // no item uses the image yet, so every face found is pixelated.
  const mediaId = (args as { id?: string | number }).id
  const consentedAreas =
    pixelateFaces && operation === 'update' && mediaId !== undefined
      ? await consentedFaceAreas(req.payload, String(mediaId))
      : []
  const clean = await cleanImage(input, { ...settings.media, filename, pixelateFaces, consentedAreas, redactions })
  // A random name: the uploaded one ("maria-at-home.jpg") can say who or where.
  req.file = { data: clean.data, mimetype: clean.mimetype, name: `${randomUUID()}.${clean.extension}`, size: clean.data.length }
  // facesFound is written by the system only: passed on to recordFacesFound (beforeChange).
  if (pixelateFaces) req.context.relatoFacesFound = clean.faces.length
  return args
}

/**
 * Read outside the request's transaction, on purpose. Payload begins the operation's transaction
 * before this hook runs (collections/operations/updateByID.js: initTransaction, then
 * beforeOperation), but on MongoDB a transaction starts on the server only with its first command:
 * reading through `req` here would start it, and the image work that follows would run inside it
 * (MongoDB's 60 s limit, locks held). Without `req`, every command of the transaction comes after
 * the image work, as for a new upload (create.js: beforeOperation and generateFileData precede
 * the first database command).
 */
async function storedOriginal(req: PayloadRequest, id: string) {
  const doc = await req.payload.findByID({ collection: 'media', id, depth: 0, overrideAccess: true, disableErrors: true })
  if (!doc?.filename) return null
  const bytes = await readStoredFile(relatoSettings(req.payload).storage, doc.filename)
  if (!bytes) throw new InputError('The stored image could not be read back for redaction.', 409)
  return { doc, bytes }
}

export const recordFacesFound: CollectionBeforeChangeHook<Media> = ({ data, req }) =>
  typeof req.context.relatoFacesFound === 'number' ? { ...data, facesFound: req.context.relatoFacesFound } : data
