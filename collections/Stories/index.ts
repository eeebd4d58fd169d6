import type { CollectionConfig, Field } from 'payload'

import { isStaff, nobody } from '../../src/access'
import {
  ownMediaFilter,
  ownMediaOnly,
  staffOrOwnerField,
  subjectWriteAccess,
} from '../../src/access/subjects'
import { whyNotCoarse } from '../../src/lib/coarseLocation'
import {
  hideArraysFromPublic,
  hideTimestampsFromPublic,
  keepHeldOut,
  onlyPublicCampaigns,
  subjectReadAccess,
  withPublicFieldPolicy,
} from '../../src/policy'
import { workflowHooks } from '../../src/workflow/hooks'
import { cluesEndpoint } from '../../src/workflow/clueEndpoint'
import { auditClueOverride, guardIdentifyingDetails } from '../../src/workflow/clueGate'
import { movesEndpoint } from '../../src/workflow/moves'
import { reviewEndpoints } from '../../src/workflow/reviewEndpoints'
import { followSubjectOwner } from '../ConsentRecords/hooks/followOwner'
import { SAFETY_CHECKLIST } from '../../src/workflow/transition'
import { sealedField, sealSupportFields } from '../../src/safety/fields'
import { retentionHoldField } from '../../src/safety/retention'
import { languageField } from '../fields/language'
import { clueFinderField, clueOverrideField } from '../fields/clueOverride'
import { contentNotesField } from '../fields/contentNotes'
import { peopleField } from '../fields/people'
import { recordingFields } from '../fields/recordings'
import { ownContentField } from '../fields/ownContent'
import { storytellerReviewField } from '../fields/storytellerReview'
import {
  consentSummaryField,
  createdByField,
  fourEyesFields,
  ownerField,
  publishedAtField,
  statusField,
} from '../fields/workflow'

/** Content written by the storyteller or staff; the name and images need consent to be public. */
const ownContent = ownContentField('storyteller')

/** Fields about the person: staff and the owner read them too, nobody else. */
const privateField = (field: Field): Field =>
  sealedField('stories', ownContent({ ...field, access: { read: staffOrOwnerField } } as Field))

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
  statusField(),
  publishedAtField(),
  ownerField(),
  createdByField(),
  ...fourEyesFields(),
  consentSummaryField(),
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
  privateField({ name: 'legalName', type: 'text', maxLength: 200 }),
  privateField({ name: 'contactEmail', type: 'email' }),
  privateField({ name: 'contactPhone', type: 'text', maxLength: 40 }),
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
  retentionHoldField('stories'),
  ...sealSupportFields('stories'),
]

export const Stories: CollectionConfig = {
  slug: 'stories',
  // Owners can reach their stories: a lock they hold could keep editors from withdrawing or archiving.
  lockDocuments: false,
  // A copy would carry someone else's private fields, images and consent summary.
  disableDuplicate: true,
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'status', 'language', 'updatedAt'],
  },
  endpoints: [movesEndpoint('stories'), ...reviewEndpoints('stories'), cluesEndpoint('stories')],
  access: { ...subjectWriteAccess('storyteller'), read: subjectReadAccess('stories') },
  hooks: {
    beforeOperation: [keepHeldOut('stories')],
    // The clue gate runs first: a box ticked in the same save as publishing must hold.
    beforeChange: [guardIdentifyingDetails, ...workflowHooks('stories').beforeChange],
    afterChange: [
      ...workflowHooks('stories').afterChange,
      followSubjectOwner('stories'),
      auditClueOverride,
    ],
    afterRead: [hideTimestampsFromPublic, hideArraysFromPublic('people')],
  },
  fields: withPublicFieldPolicy('stories', fields),
}
