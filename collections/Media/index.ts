import type { Access, CollectionConfig } from 'payload'

import { isStaff } from '../../src/access'
import { hasRole } from '../../src/access/roles'
import { STORABLE_MIME_TYPES } from '../../src/media/reencode'
import { recordUploader } from './hooks/recordUploader'
import { reencodeUpload } from './hooks/reencodeUpload'

// Private by default: public serving is decided by the consent policy, not here.
const staffOrUploader: Access = ({ req: { user } }) => {
  if (!user) return false
  if (hasRole(user, 'admin', 'editor')) return true
  return { uploadedBy: { equals: user.id } }
}

const contributors: Access = ({ req: { user } }) =>
  hasRole(user, 'admin', 'editor', 'storyteller', 'artist')

export const Media: CollectionConfig = {
  slug: 'media',
  access: {
    create: contributors,
    read: staffOrUploader,
    update: isStaff,
    delete: isStaff,
  },
  upload: {
    mimeTypes: STORABLE_MIME_TYPES,
  },
  hooks: {
    beforeOperation: [reencodeUpload],
    beforeChange: [recordUploader],
  },
  fields: [
    {
      name: 'alt',
      type: 'text',
      required: true,
      localized: true,
      maxLength: 1000,
    },
    {
      name: 'uploadedBy',
      type: 'relationship',
      relationTo: 'users',
      admin: { readOnly: true, position: 'sidebar' },
      access: { update: () => false },
    },
  ],
}
