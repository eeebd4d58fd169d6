import type { CollectionConfig, Field } from 'payload'

import {
  ownMediaFilter,
  ownMediaOnly,
  staffOrOwnerField,
  subjectWriteAccess,
} from '../../src/access/subjects'
import { LICENCES } from '../../src/lib/licences'
import {
  hideArraysFromPublic,
  hideTimestampsFromPublic,
  keepHeldOut,
  subjectReadAccess,
  withPublicFieldPolicy,
} from '../../src/policy'
import { workflowHooks } from '../../src/workflow/hooks'
import { cluesEndpoint } from '../../src/workflow/clueEndpoint'
import { movesEndpoint } from '../../src/workflow/moves'
import { reviewEndpoints } from '../../src/workflow/reviewEndpoints'
import { followSubjectOwner } from '../ConsentRecords/hooks/followOwner'
import { sealedField, sealSupportFields } from '../../src/safety/fields'
import { retentionHoldField } from '../../src/safety/retention'
import { clueFinderField } from '../fields/clueOverride'
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

/** The licences an artist may choose, labelled with their English names. */
const LICENCE_OPTIONS = Object.entries(LICENCES).map(([value, { name }]) => ({
  value,
  label: name.en,
}))

/** The artist's own details and image. */
const ownContent = ownContentField('artist')

/** The artist's legal name and contact: staff and the owner read them, stored encrypted. */
const privateField = (field: Field): Field =>
  sealedField('artworks', ownContent({ ...field, access: { read: staffOrOwnerField } } as Field))

const fields: Field[] = [
  { name: 'title', type: 'text', required: true, localized: true, maxLength: 200 },
  // Which account made it is for staff and the owner; the public sees the credit line only.
  ownContent({
    name: 'artist',
    type: 'relationship',
    relationTo: 'users',
    access: { read: staffOrOwnerField },
  }),
  ownContent({
    name: 'creditLine',
    type: 'text',
    maxLength: 200,
    admin: { description: 'How the artist is credited, shown only with the "named" consent.' },
  }),
  { name: 'medium', type: 'text', maxLength: 120 },
  ownContent(contentNotesField()),
  peopleField('artworks'),
  { name: 'year', type: 'number', min: 1800, max: 2100 },
  { name: 'description', type: 'richText', localized: true },
  clueFinderField(),
  ownContent({
    name: 'image',
    type: 'upload',
    relationTo: 'media',
    validate: ownMediaOnly,
    filterOptions: ownMediaFilter,
  }),
  ...recordingFields().map(ownContent),
  {
    name: 'licence',
    type: 'select',
    required: true,
    defaultValue: 'arr-with-permission',
    options: LICENCE_OPTIONS,
  },
  statusField(),
  publishedAtField(),
  ownerField(),
  createdByField(),
  ...fourEyesFields(),
  consentSummaryField(),
  privateField({ name: 'legalName', type: 'text', maxLength: 200 }),
  privateField({ name: 'contactEmail', type: 'email' }),
  privateField({ name: 'contactPhone', type: 'text', maxLength: 40 }),
  retentionHoldField('artworks'),
  ...sealSupportFields('artworks'),
  storytellerReviewField(),
]

export const Artworks: CollectionConfig = {
  slug: 'artworks',
  // Owners can reach their artworks: a lock they hold could keep editors out.
  lockDocuments: false,
  // A copy would carry someone else's credit, image and consent summary.
  disableDuplicate: true,
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'status', 'licence', 'updatedAt'],
  },
  endpoints: [movesEndpoint('artworks'), ...reviewEndpoints('artworks'), cluesEndpoint('artworks')],
  access: { ...subjectWriteAccess('artist'), read: subjectReadAccess('artworks') },
  hooks: {
    beforeOperation: [keepHeldOut('artworks')],
    beforeChange: workflowHooks('artworks').beforeChange,
    afterChange: [...workflowHooks('artworks').afterChange, followSubjectOwner('artworks')],
    afterRead: [hideTimestampsFromPublic, hideArraysFromPublic('people')],
  },
  fields: withPublicFieldPolicy('artworks', fields),
}
