import { type CollectionBeforeChangeHook, ValidationError } from 'payload'

/**
 * An API key reads partner-scoped data without a session, so only partner accounts hold one.
 * (Payload already lets only admin-panel users set keys, and non-admins can edit only themselves,
 * so in practice an admin hands keys out.)
 */
export const apiKeysForPartnersOnly: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const keyEnabled = data.enableAPIKey ?? originalDoc?.enableAPIKey
  const role = data.role ?? originalDoc?.role
  if (keyEnabled === true && role !== 'partner') {
    throw new ValidationError({
      collection: 'users',
      errors: [{ path: 'enableAPIKey', message: 'Only partner accounts may have an API key.' }],
    })
  }
  return data
}
