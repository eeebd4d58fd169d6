import type { CollectionConfig } from 'payload'

import { canUseAdminPanel, isAdmin, isAdminField, isAdminOrSelf } from '../../src/access'
import { ROLES } from '../../src/lib/roles'
import { apiKeysForPartnersOnly, onlyAdminsIssueKeys } from './hooks/apiKeysForPartnersOnly'
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
    beforeOperation: [onlyAdminsIssueKeys],
    beforeChange: [firstUserIsAdmin, apiKeysForPartnersOnly],
  },
  fields: [
    {
      // Merged into Payload's own API-key field; its create/update rules also govern
      // `enableAPIKey` and `apiKeyIndex`. Payload's default lets anyone who may open the admin
      // panel (storytellers too) give themselves a key; only admins issue keys, to partners.
      name: 'apiKey',
      type: 'text',
      access: { create: isAdminField, update: isAdminField },
    },
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
