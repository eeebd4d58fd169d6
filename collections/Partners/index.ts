import type { CollectionConfig } from 'payload'

import { isAdmin, isStaff, nobody } from '../../src/access'
import { isFrameableOrigin } from '../../src/lib/origins'
import { issueKeyOnCreate, rotateKeyEndpoint, showKeyOnce } from './hooks/issueKey'

/** Organisations that embed Relato's gallery or call its API with a key. */
export const Partners: CollectionConfig = {
  slug: 'partners',
  disableDuplicate: true,
  admin: {
    useAsTitle: 'organisation',
    defaultColumns: ['organisation', 'allowedOrigins', 'active'],
  },
  access: { read: isStaff, create: isAdmin, update: isAdmin, delete: isAdmin },
  endpoints: [rotateKeyEndpoint],
  hooks: { beforeChange: [issueKeyOnCreate], afterChange: [showKeyOnce] },
  fields: [
    { name: 'organisation', type: 'text', required: true, maxLength: 200 },
    {
      name: 'allowedOrigins',
      type: 'text',
      hasMany: true,
      admin: {
        description: 'Sites that may frame the embeds, e.g. https://partner.example.org (no path).',
      },
      validate: (value: string[] | null | undefined) => {
        const bad = (value ?? []).filter((origin) => !isFrameableOrigin(origin))
        return bad.length
          ? `Each origin is https://host or https://host:port (http only for localhost), lower case, with no path, wildcard or other characters: ${bad.map((origin) => JSON.stringify(origin)).join(', ')}.`
          : true
      },
    },
    { name: 'campaigns', type: 'relationship', relationTo: 'campaigns', hasMany: true },
    { name: 'active', type: 'checkbox', defaultValue: true },
    {
      name: 'apiKeyHint',
      type: 'text',
      admin: {
        readOnly: true,
        description: 'The start of the key, to tell keys apart. The key is shown only once.',
      },
      access: { create: nobody, update: nobody },
    },
    {
      name: 'apiKeyHash',
      type: 'text',
      index: true,
      hidden: true,
      access: { create: nobody, update: nobody },
    },
  ],
}
