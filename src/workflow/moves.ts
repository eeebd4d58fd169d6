import type { CollectionBeforeChangeHook, Endpoint, PayloadRequest } from 'payload'
import { docAccessOperation } from 'payload'

import type { SubjectKind } from '../policy/projection'
import { problemBody } from '../server/send'
import { enforceWorkflow } from './hooks'
import { readAsUser } from './readAsUser'
import { allowedFrom, type Status, TRANSITIONS } from './statuses'

export type Move = { to: Status }
/** A move this user's role may make, held back by the item's facts (consent, checklist, alt text). */
export type BlockedMove = { to: Status; reason: string }
export type Moves = { status: Status; moves: Move[]; blocked: BlockedMove[] }

const problem = (status: number, code: string, message: string) =>
  Response.json(problemBody(code, message), { status })

/**
 * The status changes this user may make on this item now. Each candidate is put to the very hook
 * that judges a PATCH (enforceWorkflow, dry run: it writes nothing), so the admin's buttons and
 * the API can never disagree; the server still judges the real request.
 */
export async function movesFor(
  req: PayloadRequest,
  kind: SubjectKind,
  id: string,
): Promise<Moves | null> {
  // Read as this user first: an item they may not see answers like one that does not exist.
  if (!(await readAsUser(req, kind, id))) return null
  // The hook judges the stored item, as Payload hands it to beforeChange on an update.
  const stored = await req.payload.findByID({
    collection: kind,
    id,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  if (!stored) return null
  const from = stored.status as Status
  const result: Moves = { status: from, moves: [], blocked: [] }
  const access = await docAccessOperation({ collection: req.payload.collections[kind], id, req })
  if (!access.update) return result

  const judge = enforceWorkflow(kind)
  for (const to of allowedFrom(from)) {
    // Withdrawal is recorded through the consent ledger (the consent panel), never as a move.
    if (TRANSITIONS[from][to]?.every((actor) => actor === 'system')) continue
    try {
      await judge({
        collection: req.payload.collections[kind].config,
        context: {},
        data: { status: to },
        operation: 'update',
        originalDoc: stored,
        req,
      } as Parameters<CollectionBeforeChangeHook>[0])
      result.moves.push({ to })
    } catch (error) {
      const status = (error as { status?: number }).status
      // 403: not this user's move at all; 400: theirs, once the item is ready.
      if (status === 400) result.blocked.push({ to, reason: (error as Error).message })
      else if (status !== 403) throw error
    }
  }
  return result
}

/** GET /api/<stories|artworks>/:id/moves — what the admin's workflow buttons offer. */
export const movesEndpoint = (kind: SubjectKind): Endpoint => ({
  path: '/:id/moves',
  method: 'get',
  handler: async (req) => {
    const id = req.routeParams?.id
    if (!req.user) return problem(401, 'unauthorized', 'Sign in to see the workflow moves.')
    if (typeof id !== 'string') return problem(404, 'not_found', 'No such item.')
    const moves = await movesFor(req, kind, id)
    if (!moves) return problem(404, 'not_found', 'No such item.')
    return Response.json(moves, { headers: { 'Cache-Control': 'no-store' } })
  },
})
