import { addDataAndFileToRequest, APIError, type Endpoint, type PayloadRequest } from 'payload'

import { isOwner } from '../lib/relations'
import { isStaffUser } from '../lib/roles'
import { now } from '../lib/clock'
import { localeFor } from '../lib/locales'
import type { SubjectKind } from '../policy/projection'
import { readAsUser } from './readAsUser'
import { previewsFor } from './reviewPreviews'
import {
  type ApprovalMethod,
  type Decision,
  decideReview,
  loadAllLocales,
  reviewView,
} from './storytellerReview'

// The storyteller's sign-off from the admin (issue 15): an owner with an account sees what
// changed and approves it or asks for changes; staff record an approval given on paper or aloud.

const problem = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store' } })
const CODES: Record<number, string> = {
  400: 'invalid_request',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
}

type Who = 'owner' | 'staff'

/** The item, when this user may see it (read as them first: one they may not see does not exist). */
async function itemFor(req: PayloadRequest, kind: SubjectKind, id: unknown) {
  if (typeof id !== 'string') return null
  const visible = await readAsUser(req, kind, id)
  return visible ? loadAllLocales(req, kind, id) : null
}

async function answer(
  req: PayloadRequest,
  kind: SubjectKind,
  who: Who | 'either',
  act: (id: string, body: Record<string, unknown>) => Promise<unknown>,
) {
  if (!req.user) return problem(401, 'unauthorized', 'Sign in first.')
  try {
    const id = req.routeParams?.id
    const doc = await itemFor(req, kind, id)
    if (!doc) return problem(404, 'not_found', 'No such item.')
    const mayAct =
      who === 'staff'
        ? isStaffUser(req.user)
        : who === 'owner'
          ? isOwner(req.user, doc)
          : isStaffUser(req.user) || isOwner(req.user, doc)
    if (!mayAct) {
      const message =
        who === 'staff'
          ? 'Only editors record an offline approval.'
          : 'Only the storyteller or artist it belongs to decides here.'
      return problem(403, 'forbidden', message)
    }
    await addDataAndFileToRequest(req)
    const body =
      req.data && typeof req.data === 'object' && !Array.isArray(req.data)
        ? (req.data as Record<string, unknown>)
        : {}
    return Response.json(await act(String(id), body), { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    if (error instanceof APIError && error.status < 500)
      return problem(error.status, CODES[error.status] ?? 'invalid_request', error.message)
    throw error
  }
}

const view = async (req: PayloadRequest, kind: SubjectKind, id: string) => {
  const doc = await loadAllLocales(req, kind, id)
  if (!doc) throw new APIError('No such item.', 404)
  const locale = localeFor(typeof doc.language === 'string' ? doc.language : null)
  return { review: reviewView(kind, doc), previews: previewsFor(kind, doc, locale, now()) }
}

const OFFLINE_METHODS: readonly ApprovalMethod[] = ['paper', 'verbal']

/** Records a decision built from the request body, then answers with the review as it stands. */
const decide =
  (kind: SubjectKind, who: Who, decision: (body: Record<string, unknown>) => Decision) =>
  (req: PayloadRequest) =>
    answer(req, kind, who, async (id, body) => {
      await decideReview(req, kind, id, decision(body))
      return view(req, kind, id)
    })

/** Staff record an approval given on paper or aloud, with who gave it and its evidence. */
const offlineApproval = (body: Record<string, unknown>): Decision => {
  const method = body.method as ApprovalMethod
  if (!OFFLINE_METHODS.includes(method))
    throw new APIError(`method must be one of: ${OFFLINE_METHODS.join(', ')}.`, 400)
  const text = (value: unknown) => (typeof value === 'string' ? value : null)
  return {
    kind: 'approve',
    contentHash: body.contentHash,
    method,
    who: text(body.who),
    evidence: text(body.evidence),
  }
}

export const reviewEndpoints = (kind: SubjectKind): Endpoint[] => [
  {
    path: '/:id/storyteller-review',
    method: 'get',
    handler: (req) => answer(req, kind, 'either', (id) => view(req, kind, id)),
  },
  {
    path: '/:id/storyteller-review/approve',
    method: 'post',
    handler: decide(kind, 'owner', (body) => ({
      kind: 'approve',
      contentHash: body.contentHash,
      method: 'own-account',
    })),
  },
  {
    path: '/:id/storyteller-review/request-changes',
    method: 'post',
    handler: decide(kind, 'owner', (body) => ({
      kind: 'request-changes',
      note: body.note,
      method: 'own-account',
    })),
  },
  {
    path: '/:id/storyteller-review/offline',
    method: 'post',
    handler: decide(kind, 'staff', offlineApproval),
  },
]
