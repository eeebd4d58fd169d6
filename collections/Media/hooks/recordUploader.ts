import type { CollectionBeforeChangeHook } from 'payload'

export const recordUploader: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  if (operation === 'create' && req.user) return { ...data, uploadedBy: req.user.id }
  return data
}
