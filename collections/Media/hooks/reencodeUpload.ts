import fs from 'node:fs/promises'
import type { CollectionBeforeOperationHook } from 'payload'

import { InputError } from '../../../src/lib/errors'
import { reencodeImage, UnreadableImageError } from '../../../src/media/reencode'

/** Replaces the uploaded bytes with a clean re-encoding before Payload stores anything. */
export const reencodeUpload: CollectionBeforeOperationHook = async ({ args, operation }) => {
  if (operation !== 'create' && operation !== 'update') return args
  const file = args.req?.file
  if (!file) return args
  const input = file.tempFilePath ? await fs.readFile(file.tempFilePath) : file.data
  try {
    const clean = await reencodeImage(input)
    file.data = clean.data
    file.mimetype = clean.mimetype
    file.size = clean.data.length
    file.tempFilePath = undefined
  } catch (error) {
    if (error instanceof UnreadableImageError) throw new InputError(error.message)
    throw error
  }
  return args
}
