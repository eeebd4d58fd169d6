import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, Endpoint } from 'payload'

import { hasRole } from '../../../src/lib/roles'
import { hashApiKey, newApiKey } from '../../../src/lib/apiKeys'
import type { Partner } from '../../../src/payload-types'

const KEY = 'relatoNewPartnerKey'

/** A new partner gets a key; only its hash is stored. */
export const issueKeyOnCreate: CollectionBeforeChangeHook<Partner> = ({ data, operation, req }) => {
  if (operation !== 'create') return data
  const key = newApiKey()
  req.context[KEY] = key
  return { ...data, apiKeyHash: hashApiKey(key), apiKeyHint: key.slice(0, 7) }
}

/** …and the response that created it is the only place the key itself ever appears. */
export const showKeyOnce: CollectionAfterChangeHook<Partner> = ({ doc, req }) => {
  const key = req.context[KEY]
  return typeof key === 'string' ? { ...doc, apiKey: key } : doc
}

/** POST /api/partners/:id/rotate-key (admins): the old key stops working at once. */
export const rotateKeyEndpoint: Endpoint = {
  path: '/:id/rotate-key',
  method: 'post',
  handler: async (req) => {
    const id = req.routeParams?.id
    if (!hasRole(req.user, 'admin') || typeof id !== 'string') {
      return Response.json(
        { error: { code: 'forbidden', message: 'Only admins rotate partner keys.' } },
        { status: 403 },
      )
    }
    const key = newApiKey()
    const exists = await req.payload.findByID({
      collection: 'partners',
      id,
      depth: 0,
      user: req.user,
      overrideAccess: false,
      req,
      disableErrors: true,
    })
    if (!exists)
      return Response.json(
        { error: { code: 'not_found', message: 'No such partner.' } },
        { status: 404 },
      )
    // The key fields accept no client writes; the admin check above is what allows this one.
    const doc = await req.payload.update({
      collection: 'partners',
      id,
      data: { apiKeyHash: hashApiKey(key), apiKeyHint: key.slice(0, 7) },
      overrideAccess: true,
      depth: 0,
      req,
    })
    if (!doc)
      return Response.json(
        { error: { code: 'not_found', message: 'No such partner.' } },
        { status: 404 },
      )
    return Response.json({ id, apiKey: key })
  },
}
