import { type CollectionBeforeChangeHook, Forbidden, ValidationError } from 'payload'

import { hasRole } from '../../../src/access/roles'

/**
 * An API key reads partner-scoped data without a session, so only partner accounts hold one,
 * and only an admin can hand one out.
 */
export const apiKeysForPartnersOnly: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  const wantsKey = data.enableAPIKey === true
  const hadKey = originalDoc?.enableAPIKey === true
  if (!wantsKey) return data
  const role = data.role ?? originalDoc?.role
  if (role !== 'partner') {
    throw new ValidationError({
      collection: 'users',
      errors: [{ path: 'enableAPIKey', message: 'Only partner accounts may have an API key.' }],
    })
  }
  const keyChanged = !hadKey || (data.apiKey !== undefined && data.apiKey !== originalDoc?.apiKey)
  // req.user is absent for system actions (seed, first-register), which are trusted.
  if (keyChanged && req.user && !hasRole(req.user, 'admin')) throw new Forbidden(req.t)
  return data
}
