import type { Field } from 'payload'

import { isStaff, nobody } from '../../src/access'
import { SCOPE_LABELS, SCOPES } from '../../src/policy/scopes'
import { STATUS_LABELS, STATUSES } from '../../src/workflow/statuses'

/**
 * Editorial state; changed only through the workflow rules (src/workflow). The admin shows it
 * with the moves this user may make now, as buttons, instead of a free select; `moveButtons:
 * false` keeps the select, for a collection without the moves endpoint (resources).
 */
export const statusField = ({ moveButtons = true } = {}): Field => ({
  name: 'status',
  type: 'select',
  required: true,
  defaultValue: 'submitted',
  index: true,
  options: STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })),
  admin: moveButtons
    ? { position: 'sidebar', components: { Field: '/src/admin/WorkflowMoves#WorkflowMoves' } }
    : { position: 'sidebar' },
})

/** The person the item belongs to (a storyteller or artist account), if they have one. */
export const ownerField = (): Field => ({
  name: 'owner',
  type: 'relationship',
  relationTo: 'users',
  index: true,
  admin: { position: 'sidebar' },
  disableDuplicate: true,
  // Storytellers and artists own what they create (the workflow hook sets it); staff choose.
  access: { create: isStaff, update: isStaff },
})

/** Who entered the item; the approver must be someone else. Set by the system. */
export const createdByField = (): Field => ({
  name: 'createdBy',
  type: 'relationship',
  relationTo: 'users',
  admin: { position: 'sidebar', readOnly: true },
  disableDuplicate: true,
  access: { read: isStaff, create: nobody, update: nobody },
})

export const publishedAtField = (): Field => ({
  name: 'publishedAt',
  type: 'date',
  index: true,
  admin: { position: 'sidebar', readOnly: true },
  disableDuplicate: true,
  access: { create: nobody, update: nobody },
})

/**
 * The consent in force, copied from the newest consent record by the ledger's hook (never
 * edited by hand), so that access queries can filter on it.
 */
export const consentSummaryField = (): Field => ({
  name: 'consent',
  type: 'group',
  admin: {
    position: 'sidebar',
    readOnly: true,
    components: { Field: '/src/admin/ConsentPanel#ConsentPanel' },
  },
  disableDuplicate: true,
  access: { create: nobody, update: nobody },
  fields: [
    {
      name: 'state',
      type: 'select',
      defaultValue: 'none',
      index: true,
      options: ['none', 'granted', 'withdrawn'],
    },
    ...SCOPES.map((scope): Field => ({
      name: scope,
      type: 'checkbox',
      label: SCOPE_LABELS[scope],
      index: scope === 'gallery',
    })),
    { name: 'givenAt', type: 'date' },
    { name: 'expiresAt', type: 'date', index: true },
    { name: 'record', type: 'relationship', relationTo: 'consent-records' },
  ],
})

const systemPerson = (name: string, description: string): Field => ({
  name,
  type: 'relationship',
  relationTo: 'users',
  admin: { position: 'sidebar', readOnly: true, description },
  disableDuplicate: true,
  access: { read: isStaff, create: nobody, update: nobody },
})

/**
 * Who did what, for the four-eyes rule (src/workflow/transition.ts). Set by the workflow hook
 * only; staff read them.
 */
export const fourEyesFields = (): Field[] => [
  systemPerson(
    'contentChangedBy',
    'Who last changed what the public reads (empty: the storyteller without an account).',
  ),
  systemPerson('sentToReviewBy', 'Who last moved it from submitted to in review.'),
  systemPerson(
    'approvedBy',
    'Who approved this content; emptied when the public content changes after approval.',
  ),
]
