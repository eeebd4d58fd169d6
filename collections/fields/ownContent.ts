import type { Field } from 'payload'

import type { Role } from '../../src/lib/roles'
import { staffOrCreatorField, staffOrOwnerField } from '../../src/access/subjects'

/**
 * Fields the item's creator writes: staff and `creator`s give them a value on create (an explicit
 * rule, so no Payload operation that creates a document — a duplicate, say — carries them by
 * default), staff and the owner change them, and a duplicate never copies them. A field's own
 * read rule stays.
 */
export const ownContentField =
  (creator: Role) =>
  (field: Field): Field =>
    ({
      ...field,
      disableDuplicate: true,
      access: {
        ...('access' in field ? field.access : {}),
        create: staffOrCreatorField(creator),
        update: staffOrOwnerField,
      },
    }) as Field
