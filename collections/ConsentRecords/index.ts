import type { CollectionConfig, FieldAccess } from 'payload'

import { nobody } from '../../src/access'
import { relationId } from '../../src/lib/relations'
import { hasRole, isStaffUser } from '../../src/lib/roles'
import { consentRecordReadAccess, SCOPES, SUBJECT_KINDS } from '../../src/policy'
import { sealedField, sealSupportFields } from '../../src/safety/fields'
import { languageField } from '../fields/language'
import { applyRecord } from './hooks/applyRecord'
import { prepareRecord } from './hooks/prepareRecord'
import { receiptEndpoint } from './receipt'

/** Guardian names and evidence: staff, and the person the subject belongs to. */
const staffOrSubjectOwner: FieldAccess = ({ req: { user }, doc }) =>
  isStaffUser(user) || Boolean(user && String(relationId(doc?.subjectOwner)) === String(user.id))

const systemOnly = { create: nobody, update: nobody }

/**
 * The consent ledger: append-only events. A change of mind is a new record; the newest
 * record of a subject is its current consent (src/policy/consent.ts).
 */
export const ConsentRecords: CollectionConfig = {
  slug: 'consent-records',
  disableDuplicate: true,
  admin: { defaultColumns: ['subject', 'action', 'scopes', 'givenAt', 'expiresAt', 'recordedAt'] },
  access: {
    read: consentRecordReadAccess,
    // Who may record consent for which item is checked against the item in prepareRecord.
    create: ({ req: { user } }) => isStaffUser(user) || hasRole(user, 'storyteller', 'artist'),
    update: nobody,
    delete: nobody,
  },
  endpoints: [receiptEndpoint],
  hooks: {
    beforeChange: [prepareRecord],
    afterChange: [applyRecord],
  },
  fields: [
    { name: 'subject', type: 'relationship', relationTo: [...SUBJECT_KINDS], required: true },
    {
      name: 'action',
      type: 'select',
      required: true,
      defaultValue: 'grant',
      options: ['grant', 'withdraw'],
    },
    { name: 'scopes', type: 'select', hasMany: true, options: [...SCOPES] },
    {
      // Issue 15: a person the item involves (its `people` list) consents in a ledger of their
      // own (src/workflow/people.ts), which never becomes the item's consent.
      name: 'forPerson',
      type: 'checkbox',
      label: 'About someone else in the item (its people list), not the storyteller',
      defaultValue: false,
    },
    { name: 'consentText', type: 'relationship', relationTo: 'consent-texts' },
    {
      name: 'method',
      type: 'select',
      required: true,
      defaultValue: 'web-form',
      options: ['web-form', 'paper', 'verbal', 'guardian'],
    },
    languageField(),
    { name: 'collectedBy', type: 'relationship', relationTo: 'users' },
    sealedField('consent-records', { name: 'witness', type: 'text', maxLength: 200 }),
    sealedField('consent-records', { name: 'interpreter', type: 'text', maxLength: 200 }),
    { name: 'givenAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'expiresAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    sealedField('consent-records', {
      name: 'guardianName',
      type: 'text',
      maxLength: 200,
      access: { read: staffOrSubjectOwner },
    }),
    sealedField('consent-records', {
      name: 'evidence',
      type: 'textarea',
      admin: { description: 'Where the signed form or recording is kept. Never public.' },
      access: { read: staffOrSubjectOwner },
    }),
    // Filled by the system (prepareRecord).
    {
      name: 'recordedAt',
      type: 'date',
      index: true,
      admin: { readOnly: true },
      access: systemOnly,
    },
    {
      name: 'recordedBy',
      type: 'relationship',
      relationTo: 'users',
      admin: { readOnly: true },
      access: systemOnly,
    },
    { name: 'subjectKey', type: 'text', index: true, admin: { hidden: true }, access: systemOnly },
    {
      name: 'subjectOwner',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      admin: { readOnly: true },
      access: systemOnly,
    },
    ...sealSupportFields('consent-records'),
  ],
}
