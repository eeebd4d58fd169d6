import type { CollectionConfig } from 'payload'

import { canUseAdminPanel, isAdmin, isAdminField, isAdminOrSelf } from '../../src/access'
import { ROLES } from '../../src/access/roles'
import { apiKeysForPartnersOnly } from './hooks/apiKeysForPartnersOnly'
import { keepFallbackUnsaved, showFallbackTitle } from './hooks/displayNameFallback'
import { firstUserIsAdmin } from './hooks/firstUserIsAdmin'

const FIFTEEN_MINUTES = 15 * 60 * 1000

export const Users: CollectionConfig = {
  slug: 'users',
  disableDuplicate: true,
  admin: {
    // Titled by name in relationship fields (owners, creators); see the display name's hooks.
    useAsTitle: 'displayName',
    defaultColumns: ['displayName', 'email', 'role'],
    listSearchableFields: ['displayName', 'email'],
  },
  auth: {
    // Partners call the public API with a key instead of a session.
    useAPIKey: true,
    maxLoginAttempts: 5,
    lockTime: FIFTEEN_MINUTES,
  },
  access: {
    admin: canUseAdminPanel,
    create: isAdmin,
    read: isAdminOrSelf,
    update: isAdminOrSelf,
    delete: isAdmin,
    // Payload's default lets any signed-in user unlock any account.
    unlock: isAdmin,
  },
  hooks: {
    beforeChange: [firstUserIsAdmin, apiKeysForPartnersOnly],
  },
  fields: [
    {
      name: 'displayName',
      type: 'text',
      maxLength: 120,
      hooks: { afterRead: [showFallbackTitle], beforeChange: [keepFallbackUnsaved] },
    },
    {
      name: 'role',
      type: 'select',
      required: true,
      defaultValue: 'storyteller',
      saveToJWT: true,
      options: ROLES.map((role) => ({ label: role[0].toUpperCase() + role.slice(1), value: role })),
      access: {
        create: isAdminField,
        update: isAdminField,
      },
    },
  ],
}
