import type { CollectionConfig, Field } from 'payload'

import { ownMediaFilter, ownMediaOnly, staffOrOwnerField, subjectAccess } from '../../src/access/subjects'
import { hideTimestampsFromPublic, withPublicFieldPolicy } from '../../src/policy'
import { workflowHooks } from '../../src/workflow/hooks'
import { movesEndpoint } from '../../src/workflow/moves'
import { reviewEndpoints } from '../../src/workflow/reviewEndpoints'
import { followSubjectOwner } from '../ConsentRecords/hooks/followOwner'
import { contentNotesField } from '../fields/contentNotes'
import { ownContentField } from '../fields/ownContent'
import { storytellerReviewField } from '../fields/storytellerReview'
import { consentSummaryField, createdByField, fourEyesFields, ownerField, publishedAtField, statusField } from '../fields/workflow'

export const LICENCES = [
  { value: 'arr-with-permission', label: 'All rights reserved, used with permission' },
  { value: 'cc-by', label: 'CC BY 4.0' },
  { value: 'cc-by-sa', label: 'CC BY-SA 4.0' },
  { value: 'cc-by-nc', label: 'CC BY-NC 4.0' },
  { value: 'cc-by-nc-nd', label: 'CC BY-NC-ND 4.0' },
] as const

/** The artist's own details and image. */
const ownContent = ownContentField('artist')

const fields: Field[] = [
  { name: 'title', type: 'text', required: true, localized: true, maxLength: 200 },
  // Which account made it is for staff and the owner; the public sees the credit line only.
  ownContent({ name: 'artist', type: 'relationship', relationTo: 'users', access: { read: staffOrOwnerField } }),
  ownContent({ name: 'creditLine', type: 'text', maxLength: 200, admin: { description: 'How the artist is credited, shown only with the "named" consent.' } }),
  { name: 'medium', type: 'text', maxLength: 120 },
  ownContent(contentNotesField()),
  { name: 'year', type: 'number', min: 1800, max: 2100 },
  { name: 'description', type: 'richText', localized: true },
  ownContent({ name: 'image', type: 'upload', relationTo: 'media', validate: ownMediaOnly, filterOptions: ownMediaFilter }),
  { name: 'licence', type: 'select', required: true, defaultValue: 'arr-with-permission', options: [...LICENCES] },
  statusField(),
  publishedAtField(),
  ownerField(),
  createdByField(),
  ...fourEyesFields(),
  consentSummaryField(),
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
  endpoints: [movesEndpoint('artworks'), ...reviewEndpoints('artworks')],
  access: subjectAccess('artist'),
  hooks: {
    beforeChange: workflowHooks('artworks').beforeChange,
    afterChange: [...workflowHooks('artworks').afterChange, followSubjectOwner('artworks')],
    afterRead: [hideTimestampsFromPublic],
  },
  fields: withPublicFieldPolicy('artworks', fields),
}
