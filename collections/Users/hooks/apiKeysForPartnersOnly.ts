import { type CollectionBeforeChangeHook, ValidationError } from 'payload'

/**
 * An API key reads partner-scoped data without a session, so only partner accounts hold one.
 * Only admins may write the key fields at all (field rules in ../index.ts); this hook keeps the
 * rule for them too. Payload's API-key login checks neither `enableAPIKey` nor the role, so
 * holding a key is what must be prevented: any key, enabled or not, counts. A partner that
 * becomes something else loses its key.
 */
export const apiKeysForPartnersOnly: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const role = data.role ?? originalDoc?.role
  if (role === 'partner') return data
  const givingKey = data.enableAPIKey === true || (typeof data.apiKey === 'string' && data.apiKey !== '')
  if (givingKey) {
    throw new ValidationError({
      collection: 'users',
      errors: [{ path: 'enableAPIKey', message: 'Only partner accounts may have an API key.' }],
    })
  }
  // Anything else a non-partner might hold is dropped (apiKeyIndex is what the key login looks up).
  return { ...data, enableAPIKey: false, apiKey: null, apiKeyIndex: null }
}
