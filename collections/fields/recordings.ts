import type { Field } from 'payload'

import { ownMediaFilter, ownUploadsOnly } from '../../src/access/subjects'

/**
 * The storyteller's or artist's recordings, and what they say in words: a transcript is needed
 * before an item with a recording is published (accessibility, and so that reviewers read what
 * will be heard). Public as src/policy/projection.ts says: the sound only with `voice`.
 */
export const recordingFields = (): Field[] => [
  {
    name: 'recordings',
    type: 'upload',
    relationTo: 'recordings',
    hasMany: true,
    maxRows: 3,
    validate: ownUploadsOnly('recordings'),
    filterOptions: ownMediaFilter,
  },
  {
    name: 'transcript',
    type: 'textarea',
    localized: true,
    maxLength: 60_000,
    admin: { description: 'Every word of the recordings, in this language.' },
  },
]
