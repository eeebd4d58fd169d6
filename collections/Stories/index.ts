import type { Field } from 'payload'

import { isStaff, nobody } from '../../src/access'
import { ownMediaFilter, ownMediaOnly, staffOrOwnerField } from '../../src/access/subjects'
import { whyNotCoarse } from '../../src/lib/coarseLocation'
import { onlyPublicCampaigns } from '../../src/policy'
import { auditClueOverride, guardIdentifyingDetails } from '../../src/workflow/clueGate'
import { SAFETY_CHECKLIST } from '../../src/workflow/transition'
import { languageField } from '../fields/language'
import { clueFinderField, clueOverrideField } from '../fields/clueOverride'
import { contentNotesField } from '../fields/contentNotes'
import { peopleField } from '../fields/people'
import { recordingFields } from '../fields/recordings'
import { ownContentField } from '../fields/ownContent'
import { storytellerReviewField } from '../fields/storytellerReview'
import {
  subjectCollection,
  subjectPrivateFields,
  subjectRetentionFields,
  subjectWorkflowFields,
} from '../subject'

/** Content written by the storyteller or staff; the name and images need consent to be public. */
const ownContent = ownContentField('storyteller')

const fields: Field[] = [
  { name: 'title', type: 'text', required: true, localized: true, maxLength: 200 },
  { name: 'body', type: 'richText', localized: true },
  clueFinderField(),
  { name: 'pullQuote', type: 'textarea', localized: true, maxLength: 280 },
  languageField(),
  ownContent({
    name: 'displayName',
    type: 'text',
    maxLength: 120,
    admin: { description: 'Shown only with the "named" consent.' },
  }),
  {
    name: 'pseudonym',
    type: 'text',
    maxLength: 120,
    admin: { description: 'Shown when the name may not be.' },
  },
  {
    name: 'location',
    type: 'text',
    maxLength: 120,
    admin: { description: 'A city or neighbourhood, never a street, address or coordinates.' },
    validate: (value: string | null | undefined) => {
      if (!value) return true
      const why = whyNotCoarse(value)
      return why ? `Location must be a city or neighbourhood: ${why}.` : true
    },
  },
  { name: 'themes', type: 'text', hasMany: true, maxRows: 12 },
  ownContent(contentNotesField()),
  peopleField('stories'),
  {
    name: 'campaigns',
    type: 'relationship',
    relationTo: 'campaigns',
    hasMany: true,
    hooks: { afterRead: [onlyPublicCampaigns] },
  },
  ownContent({
    name: 'images',
    type: 'upload',
    relationTo: 'media',
    hasMany: true,
    maxRows: 12,
    validate: ownMediaOnly,
    filterOptions: ownMediaFilter,
  }),
  ...recordingFields().map(ownContent),
  ...subjectWorkflowFields(),
  storytellerReviewField(),
  {
    name: 'reviewNotes',
    type: 'textarea',
    admin: { description: 'Internal: editors only.' },
    disableDuplicate: true,
    access: { read: isStaff, create: isStaff, update: isStaff },
  },
  {
    name: 'safetyChecklist',
    type: 'group',
    disableDuplicate: true,
    access: { read: staffOrOwnerField, create: isStaff, update: isStaff },
    fields: SAFETY_CHECKLIST.map((name) => ({ name, type: 'checkbox' as const })),
  },
  clueOverrideField(),
  ...subjectPrivateFields('stories', 'storyteller'),
  {
    // Storytellers without an account manage their story through a private link; only the
    // SHA-256 of its token is kept (src/selfservice/token.ts). Written and read by the system only.
    name: 'managementTokenHash',
    type: 'text',
    index: true,
    admin: { hidden: true },
    disableDuplicate: true,
    access: { read: nobody, create: nobody, update: nobody },
  },
  ...subjectRetentionFields('stories'),
]

export const Stories = subjectCollection({
  kind: 'stories',
  creator: 'storyteller',
  defaultColumns: ['title', 'status', 'language', 'updatedAt'],
  // The clue gate runs first: a box ticked in the same save as publishing must hold.
  beforeChange: [guardIdentifyingDetails],
  afterChange: [auditClueOverride],
  fields,
})
