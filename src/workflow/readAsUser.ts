import type { PayloadRequest } from 'payload'

import type { SubjectKind } from '../policy/projection'

/**
 * The item as the request's user may read it, or null. The workflow endpoints read an item this
 * way first, so that one the user may not see answers exactly like one that does not exist.
 */
export const readAsUser = (req: PayloadRequest, kind: SubjectKind, id: string) =>
  req.payload.findByID({
    collection: kind,
    id,
    depth: 0,
    overrideAccess: false,
    user: req.user,
    disableErrors: true,
    req,
  })
