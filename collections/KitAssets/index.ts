import type { CollectionConfig } from 'payload'

import { isStaff, nobody } from '../../src/access'
import { CARD_KINDS, FORMAT_NAMES } from '../../src/kits/formats'
import { SCOPES } from '../../src/policy/scopes'

/**
 * One rendered image of a social-media kit (src/kits). Written and deleted only by the kit
 * builder and the consent hooks; never public through Payload's REST or GraphQL: the public kit
 * endpoints serve the files, and only while the item may appear on the social surface.
 */
export const KitAssets: CollectionConfig = {
  slug: 'kit-assets',
  disableDuplicate: true,
  admin: {
    useAsTitle: 'key',
    group: 'Kits',
    defaultColumns: ['key', 'format', 'lang', 'bytes', 'updatedAt'],
  },
  access: { read: isStaff, create: nobody, update: nobody, delete: nobody },
  fields: [
    {
      name: 'key',
      type: 'text',
      required: true,
      index: true,
      admin: { description: 'campaign|subject|card|format|lang' },
    },
    {
      name: 'campaign',
      type: 'relationship',
      relationTo: 'campaigns',
      required: true,
      index: true,
    },
    {
      name: 'subject',
      type: 'text',
      required: true,
      index: true,
      admin: { description: 'stories/<id> or artworks/<id>' },
    },
    { name: 'card', type: 'select', required: true, options: [...CARD_KINDS] },
    { name: 'format', type: 'select', required: true, options: [...FORMAT_NAMES] },
    { name: 'lang', type: 'text', required: true },
    {
      name: 'hash',
      type: 'text',
      required: true,
      admin: { description: 'SHA-256 of everything the image was drawn from.' },
    },
    {
      name: 'needs',
      type: 'select',
      hasMany: true,
      options: [...SCOPES],
      admin: { description: 'Consent the image depends on.' },
    },
    {
      name: 'media',
      type: 'relationship',
      relationTo: 'media',
      hasMany: true,
      admin: { description: 'Images drawn into it.' },
    },
    { name: 'filename', type: 'text', required: true },
    { name: 'mimeType', type: 'text', required: true },
    { name: 'bytes', type: 'number', required: true },
    { name: 'crc32', type: 'number', required: true },
    { name: 'width', type: 'number', required: true },
    { name: 'height', type: 'number', required: true },
    { name: 'alt', type: 'textarea', required: true },
  ],
}
