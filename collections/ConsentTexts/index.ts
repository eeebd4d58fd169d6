import type { CollectionConfig } from 'payload'

import { isStaff, nobody } from '../../src/access'
import { consentTextReadAccess } from '../../src/policy'
import { hashAndFreeze } from './hooks/hashAndFreeze'

export const ConsentTexts: CollectionConfig = {
  slug: 'consent-texts',
  disableDuplicate: true,
  admin: { useAsTitle: 'version', defaultColumns: ['version', 'active', 'updatedAt'] },
  access: {
    read: consentTextReadAccess,
    create: isStaff,
    update: isStaff,
    // Consent records cite these texts as evidence.
    delete: nobody,
  },
  hooks: { beforeChange: [hashAndFreeze] },
  fields: [
    { name: 'version', type: 'text', required: true, unique: true, maxLength: 40 },
    {
      name: 'body',
      type: 'textarea',
      required: true,
      localized: true,
      admin: { description: 'The plain-language text a person agrees to, in this language.' },
    },
    {
      name: 'hash',
      type: 'text',
      localized: true,
      admin: {
        readOnly: true,
        description: 'SHA-256 of version, language and text, computed on save.',
      },
      access: { create: nobody, update: nobody },
    },
    { name: 'active', type: 'checkbox', defaultValue: false, index: true },
  ],
}
