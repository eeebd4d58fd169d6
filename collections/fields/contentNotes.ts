import type { Field } from 'payload'

import { CONTENT_NOTE_LABELS, CONTENT_NOTES } from '../../src/policy/contentNotes'

/** Content notes (issue 15): chosen by the storyteller on the form and by editors; public with the item. */
export const contentNotesField = (): Field => ({
  name: 'contentNotes',
  type: 'select',
  hasMany: true,
  options: CONTENT_NOTES.map((value) => ({ value, label: CONTENT_NOTE_LABELS[value] })),
  admin: {
    description:
      'Shown as a neutral note before the body; images stay blurred until the reader chooses to see them.',
  },
})
