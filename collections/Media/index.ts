import type { CollectionConfig, ImageSize, UploadConfig } from 'payload'

import { isStaff, nobody } from '../../src/access'
import { hasRole, isStaffUser } from '../../src/lib/roles'
import { hideMediaTimestamps, mediaReadAccess, withPublicMediaFields } from '../../src/policy'
import { processUpload, recordFacesFound } from './hooks/processUpload'
import { recordUploader } from './hooks/recordUploader'
import { refuseChangesWhileShown } from './hooks/refuseChangesWhileShown'
import { removeMediaReferences } from './hooks/removeReferences'
import { fileForbiddenIsNotFound, serveMediaFile } from './serveFile'
import { boxRow } from '../fields/box'

/** Each rendition in the original's format and as WebP. */
const sizes = (name: string, width: number, height?: number): ImageSize[] => [
  { name, width, height, withoutEnlargement: true },
  { name: `${name}Webp`, width, height, withoutEnlargement: true, formatOptions: { format: 'webp', options: { quality: 80 } } },
]

export const Media: CollectionConfig = {
  slug: 'media',
  disableDuplicate: true,
  // Storytellers can reach media: a lock they hold could keep editors from hiding an image.
  lockDocuments: false,
  // Titled by what the image shows (not "Untitled - ID") wherever it is picked or listed.
  admin: { useAsTitle: 'alt', defaultColumns: ['filename', 'alt', 'containsPeople', 'updatedAt'] },
  access: {
    create: ({ req: { user } }) => isStaffUser(user) || hasRole(user, 'storyteller', 'artist'),
    read: mediaReadAccess,
    update: isStaff,
    delete: isStaff,
  },
  upload: {
    // The file picker's filter; the content is checked by src/media, never the name or header.
    mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/heic', 'image/heif', 'image/gif'],
    focalPoint: true,
    imageSizes: [...sizes('thumb', 400), ...sizes('card', 800), ...sizes('hero', 1600), ...sizes('og', 1200, 630)],
    // The 400 px size, served like every file through the access-checked /api/media/file route.
    adminThumbnail: 'thumb',
    // Upload fields pointing here (story images, artwork, campaign logo) show it in lists too.
    displayPreview: true,
    // Payload's type omits Promise<Response | void>, which its file route handles at run time.
    handlers: [serveMediaFile as unknown as NonNullable<UploadConfig['handlers']>[number]],
  },
  hooks: {
    beforeOperation: [processUpload],
    beforeChange: [recordUploader, recordFacesFound, refuseChangesWhileShown],
    beforeDelete: [removeMediaReferences],
    afterRead: [hideMediaTimestamps],
    afterError: [fileForbiddenIsNotFound],
  },
  fields: withPublicMediaFields([
    {
      name: 'alt',
      type: 'text',
      required: true,
      localized: true,
      maxLength: 1000,
      admin: { description: 'What the image shows, for people who cannot see it.' },
    },
    {
      name: 'containsPeople',
      type: 'checkbox',
      admin: { description: 'Tick if anyone could be recognised: faces, tattoos, a house, a car plate.' },
    },
    {
      name: 'pixelateFaces',
      type: 'checkbox',
      admin: { description: 'Find faces and pixelate them, in the original and every size, for good.' },
    },
    {
      name: 'facesFound',
      type: 'number',
      admin: { readOnly: true, description: 'Faces the detector found. It misses some: check the image yourself.' },
      access: { create: nobody, update: nobody },
    },
    {
      name: 'redactions',
      type: 'array',
      access: { update: isStaff },
      admin: {
        description:
          'Areas to hide for good (a missed face, a tattoo, a plate), in fractions of the width and height (0–1).',
      },
      fields: [
        boxRow(),
        { name: 'style', type: 'select', defaultValue: 'pixelate', options: ['pixelate', 'fill'] },
      ],
    },
    {
      name: 'uploadedBy',
      type: 'relationship',
      relationTo: 'users',
      admin: { readOnly: true, position: 'sidebar' },
      access: { update: () => false },
    },
  ]),
}
