import type { Field } from 'payload'

import { ownMediaFilter, ownMediaOnly, staffOrOwnerField } from '../../src/access/subjects'
import { LICENCES } from '../../src/lib/licences'
import { clueFinderField } from '../fields/clueOverride'
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

/** The licences an artist may choose, labelled with their English names. */
const LICENCE_OPTIONS = Object.entries(LICENCES).map(([value, { name }]) => ({
  value,
  label: name.en,
}))

/** The artist's own details and image. */
const ownContent = ownContentField('artist')

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
  ...subjectWorkflowFields(),
  ...subjectPrivateFields('artworks', 'artist'),
  ...subjectRetentionFields('artworks'),
  storytellerReviewField(),
]

export const Artworks = subjectCollection({
  kind: 'artworks',
  creator: 'artist',
  defaultColumns: ['title', 'status', 'licence', 'updatedAt'],
  fields,
})
