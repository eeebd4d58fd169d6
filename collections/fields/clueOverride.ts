import type { Field } from 'payload'

import { isStaff } from '../../src/access'

/**
 * The reviewer's explicit override of the clue finder (issue 15): why "identifying details
 * removed" may be ticked although high-confidence clues remain. Editors write the reason; the
 * clues it covers, who gave it and when are set by the system (src/workflow/clueGate.ts).
 * Internal: it quotes the details themselves.
 */
export const clueOverrideField = (): Field => ({
  name: 'clueOverride',
  type: 'group',
  disableDuplicate: true,
  access: { read: isStaff, create: isStaff, update: isStaff },
  admin: {
    description:
      'Only when the clue finder flags something that may stay (say why): a new reason is needed for each new clue.',
  },
  fields: [
    { name: 'reason', type: 'textarea', maxLength: 1000 },
    { name: 'clues', type: 'json', admin: { readOnly: true } },
    { name: 'by', type: 'relationship', relationTo: 'users', admin: { readOnly: true } },
    { name: 'at', type: 'date', admin: { readOnly: true } },
  ],
})

/** The clue finder's panel beside the body (src/admin/CluePanel.tsx): no data, staff see it filled. */
export const clueFinderField = (): Field => ({
  name: 'clueFinder',
  type: 'ui',
  admin: { components: { Field: '/src/admin/CluePanel#CluePanel' } },
})
