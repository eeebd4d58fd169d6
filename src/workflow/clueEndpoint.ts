import type { Endpoint } from 'payload'

import { isStaffUser } from '../lib/roles'
import { now } from '../lib/clock'
import type { SubjectKind } from '../policy/projection'
import { cluesInParts, publicNeighbours, textParts } from './clueReport'
import { coveredClueTexts } from './clueGate'
import { loadAllLocales } from './storytellerReview'

const problem = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store' } })

/**
 * `GET /api/<kind>/:id/clues`: the clue finder's report for the review screen. Staff only, and
 * refused before the item is looked up, so the answer tells no one else whether it exists.
 */
export const cluesEndpoint = (kind: SubjectKind): Endpoint => ({
  path: '/:id/clues',
  method: 'get',
  handler: async (req) => {
    if (!isStaffUser(req.user))
      return problem(403, 'forbidden', 'Only editors see the clue finder.')
    const id = req.routeParams?.id
    const doc = typeof id === 'string' ? await loadAllLocales(req, kind, id) : null
    if (!doc) return problem(404, 'not_found', 'No such item.')
    const covered = new Set(coveredClueTexts(doc))
    const clues = cluesInParts(textParts(kind, doc)).map((clue) => ({
      ...clue,
      overridden: clue.confidence === 'high' && covered.has(clue.text.toLowerCase()),
    }))
    return Response.json(
      {
        clues,
        unresolved: clues.filter((clue) => clue.confidence === 'high' && !clue.overridden).length,
        sharedWithPublicItems: await publicNeighbours(req, kind, doc, now()),
      },
      { headers: { 'Cache-Control': 'no-store' } },
    )
  },
})
