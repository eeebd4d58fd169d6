import {
  type CollectionBeforeChangeHook,
  type CollectionBeforeOperationHook,
  ValidationError,
} from 'payload'

import { hasRole } from '../../../src/lib/roles'
import { InputError } from '../../../src/lib/errors'
import type { User } from '../../../src/payload-types'

const givesKey = (data: Record<string, unknown> | undefined) =>
  Boolean(data) &&
  (data!.enableAPIKey === true || (typeof data!.apiKey === 'string' && data!.apiKey !== ''))

/**
 * Only admins issue API keys. The field rules (../index.ts) already drop a key anyone else
 * sends; this says so plainly instead of answering 200 as if it had worked.
 */
export const onlyAdminsIssueKeys: CollectionBeforeOperationHook = ({
  args,
  operation,
  overrideAccess,
  req,
}) => {
  if (
    (operation === 'create' || operation === 'update') &&
    !overrideAccess &&
    !hasRole(req.user, 'admin') &&
    givesKey(args.data)
  ) {
    throw new InputError('Only admins issue API keys, and only to partner accounts.', 403)
  }
  return args
}

/**
 * An API key reads partner-scoped data without a session, so only partner accounts hold one.
 * Payload's API-key login checks neither `enableAPIKey` nor the role, so holding a key is what
 * must be prevented: any key, enabled or not, counts. A partner keeps its key until an admin
 * turns it off; only then can its role change.
 */
export const apiKeysForPartnersOnly: CollectionBeforeChangeHook<User> = ({ data }) => {
  if (data.role === 'partner') return data
  if (givesKey(data)) {
    throw new ValidationError({
      collection: 'users',
      errors: [
        {
          path: 'enableAPIKey',
          message: 'Only partner accounts may have an API key: turn the key off first.',
        },
      ],
    })
  }
  // Whatever else a non-partner might hold is dropped (apiKeyIndex is what the key login looks up).
  return { ...data, enableAPIKey: false, apiKey: null, apiKeyIndex: null }
}
