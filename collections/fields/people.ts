import type { Field } from 'payload'

import { isStaff } from '../../src/access'
import { staffOrOwnerField } from '../../src/access/subjects'
import type { SubjectKind } from '../../src/lib/subjects'
import { PERSON_STATUSES, peopleLedgerKey } from '../../src/workflow/people'
import { boxRow } from './box'

/**
 * Everyone else a story or artwork involves (issue 15): a daughter, a neighbour, a co-worker.
 * Private: staff and the item's owner read it, only staff write it, and src/policy/projection.ts
 * does not name it, so no public surface ever carries it. Changing it is not a change of public
 * content (src/workflow/content.ts does not list it), so it needs no storyteller re-approval.
 * Publishing is refused while anyone here is unresolved (src/workflow/people.ts).
 */
export const peopleField = (kind: SubjectKind): Field => ({
  name: 'people',
  type: 'array',
  disableDuplicate: true,
  access: { read: staffOrOwnerField, create: isStaff, update: isStaff },
  labels: { singular: 'Person', plural: 'People' },
  admin: {
    description:
      'Everyone else the item shows or names. Publishing waits until each is consented, obscured or removed.',
    initCollapsed: true,
  },
  fields: [
    {
      name: 'role',
      type: 'text',
      required: true,
      maxLength: 80,
      admin: {
        description:
          'Who they are to the storyteller ("my daughter", "a neighbour"). Never a name.',
      },
    },
    { name: 'isMinor', type: 'checkbox', label: 'Under 18' },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'unresolved',
      options: [
        { value: 'unresolved', label: 'Unresolved: not decided yet (blocks publishing)' },
        { value: 'consented', label: 'Consented: agreed to appear (needs their consent record)' },
        {
          value: 'obscured',
          label: 'Obscured: kept in, but not identifiable (face pixelated, details changed)',
        },
        { value: 'removed', label: 'Removed: taken out of the text and images' },
      ] satisfies { value: (typeof PERSON_STATUSES)[number]; label: string }[],
    },
    {
      name: 'consentRecord',
      type: 'relationship',
      relationTo: 'consent-records',
      // The admin offers only records made about people in this item (the check is at publishing).
      filterOptions: ({ id }) =>
        id === undefined ? false : { subjectKey: { equals: peopleLedgerKey(kind, id) } },
      admin: {
        description:
          'Required when consented: a consent record for this item made "about someone in the story"; for a minor, one given by a guardian.',
        condition: (_data, sibling) => sibling?.status === 'consented',
      },
    },
    { name: 'note', type: 'textarea', maxLength: 1000, admin: { description: 'Internal.' } },
    {
      name: 'faces',
      type: 'array',
      admin: {
        description:
          'Where this person’s face is in the item’s images (fractions 0–1). A detected face whose centre lies here stays clear when faces are pixelated, only while this person is consented with "photo".',
        condition: (_data, sibling) => sibling?.status === 'consented',
      },
      fields: [{ name: 'image', type: 'upload', relationTo: 'media', required: true }, boxRow()],
    },
  ],
})
