import type { CollectionConfig } from 'payload'

import { systemRecordAccess } from '../../src/access'
import { auditLogReadAccess } from '../../src/policy'

/**
 * What remains of an erased item's consent ledger: proof that consent was given and
 * withdrawn, and under which text, without anything that says who gave it. Written by the
 * system (src/selfservice/erase.ts) when the consent records themselves are deleted.
 */
export const ConsentTombstones: CollectionConfig = {
  slug: 'consent-tombstones',
  disableDuplicate: true,
  admin: { useAsTitle: 'subject', defaultColumns: ['subject', 'erasedAt', 'erasedBy'] },
  access: systemRecordAccess(auditLogReadAccess),
  fields: [
    { name: 'subject', type: 'text', required: true, index: true },
    {
      name: 'erasedAt',
      type: 'date',
      required: true,
      admin: { date: { pickerAppearance: 'dayAndTime' } },
    },
    { name: 'erasedBy', type: 'select', required: true, options: ['storyteller', 'staff'] },
    {
      name: 'events',
      type: 'json',
      admin: {
        description:
          'Each consent event: action, scopes, method, language, text version and hash, dates.',
      },
    },
  ],
}
