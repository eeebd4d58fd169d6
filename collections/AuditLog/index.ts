import type { CollectionConfig } from 'payload'

import { systemRecordAccess } from '../../src/access'
import { auditLogReadAccess } from '../../src/policy'

/** Append-only: written by the system (src/lib/audit.ts), never through an API. */
export const AuditLog: CollectionConfig = {
  slug: 'audit-log',
  disableDuplicate: true,
  admin: {
    useAsTitle: 'action',
    defaultColumns: ['at', 'action', 'subject', 'from', 'to', 'actor'],
  },
  access: systemRecordAccess(auditLogReadAccess),
  fields: [
    {
      name: 'at',
      type: 'date',
      required: true,
      index: true,
      admin: { date: { pickerAppearance: 'dayAndTime' } },
    },
    { name: 'actor', type: 'relationship', relationTo: 'users' },
    { name: 'action', type: 'text', required: true, index: true },
    { name: 'subject', type: 'text', required: true, index: true },
    { name: 'from', type: 'text' },
    { name: 'to', type: 'text' },
    { name: 'details', type: 'json' },
  ],
}
