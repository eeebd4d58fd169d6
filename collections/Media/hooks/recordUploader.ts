import type { CollectionBeforeChangeHook } from 'payload'

import type { Media } from '../../../src/payload-types'

export const recordUploader: CollectionBeforeChangeHook<Media> = ({ data, operation, req }) => {
  if (operation === 'create' && req.user) return { ...data, uploadedBy: req.user.id }
  return data
}
