import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import { relationId } from '../../../src/lib/relations'
import { isStaffUser } from '../../../src/lib/roles'
import { recordAudit } from '../../../src/lib/audit'
import { now } from '../../../src/lib/clock'
import { InputError } from '../../../src/lib/errors'
import { subjectKey } from '../../../src/lib/subjects'
import { changesFields } from '../../../src/workflow/content'
import { SYSTEM_CHANGE, systemChangeAllowed } from '../../../src/workflow/hooks'
import type { Actor, Status } from '../../../src/workflow/statuses'
import { judgeTransition } from '../../../src/workflow/transition'

/**
 * What the public reads of a resource: a change to any of these (in any language) is a change a
 * second person must see before it goes out (four eyes, as for stories). The review dates are
 * not: renewing `nextReviewAt` after checking a hotline still answers is done in place.
 */
export const RESOURCE_CONTENT = [
  'kind',
  'title',
  'summary',
  'body',
  'card',
  'phones',
  'area',
  'url',
  'languages',
  // Spoken content: a new or changed recording is checked by a second person like the text.
  'audio',
  // Which language is the source decides which text is public: switching it would put a
  // translation flagged "needs review" (hooks/translations.ts) out unseen.
  'sourceLanguage',
] as const

type Doc = Record<string, unknown>

/**
 * The stories' workflow and four-eyes rule (src/workflow/transition.ts) for the organisation's own
 * content: no consent, no storyteller, no checklist. Staff create; the approver is neither the
 * creator nor the last person who changed the content; a published resource is archived before
 * it is changed. Code with no user (the seed) may set `context[SYSTEM_CHANGE] = true`.
 */
export const resourceWorkflow: CollectionBeforeChangeHook = ({
  data,
  originalDoc,
  operation,
  req,
  context,
}) => {
  const { user } = req
  // The seed (no user), or the system taking out a deleted recording (hooks/audio.ts).
  if (
    systemChangeAllowed(
      context[SYSTEM_CHANGE],
      operation,
      subjectKey('resources', String(originalDoc?.id)),
      Boolean(user),
    )
  )
    return data
  if (operation === 'create') {
    return {
      ...data,
      status: 'submitted',
      createdBy: user?.id ?? null,
      contentChangedBy: user?.id ?? null,
      sentToReviewBy: null,
      approvedBy: null,
      publishedAt: null,
    }
  }
  const original = (originalDoc ?? {}) as Doc
  const same = (value: unknown) => Boolean(user) && String(relationId(value)) === String(user?.id)
  const contentChanged = changesFields(RESOURCE_CONTENT, original, data)
  const people = contentChanged
    ? { contentChangedBy: user?.id ?? null, approvedBy: null }
    : {
        contentChangedBy: relationId(original.contentChangedBy) ?? null,
        approvedBy: relationId(original.approvedBy) ?? null,
      }
  const from = original.status as Status
  const to = data.status as Status | undefined
  if (contentChanged && from === 'published' && (to ?? from) === 'published') {
    throw new InputError(
      'This resource is public: archive it first (that takes it down at once), make the change, then someone else approves and publishes it.',
      409,
    )
  }
  if (!to || to === from) return { ...data, ...people }
  const actors: Actor[] = isStaffUser(user) ? ['staff'] : []
  const verdict = judgeTransition({
    from,
    to,
    actors,
    actorIsCreator: same(original.createdBy),
    hasCreator: relationId(original.createdBy) !== undefined,
    actorChangedContent: same(people.contentChangedBy),
    actorSentToReview: same(original.sentToReviewBy),
    approvalCurrent: people.approvedBy !== null,
    consent: null,
    consentRequired: false,
    checklistRequired: false,
    imagesWithoutAlt: [],
    storytellerApproved: true,
  })
  if (!verdict.ok) throw new InputError(verdict.message, verdict.status)
  return {
    ...data,
    ...people,
    ...(from === 'submitted' && to === 'in_review' ? { sentToReviewBy: user?.id ?? null } : {}),
    ...(to === 'approved' ? { approvedBy: user?.id ?? null } : {}),
    ...(to === 'published' && !original.publishedAt ? { publishedAt: now().toISOString() } : {}),
  }
}

/** Creation and every status change go to the audit log, in the same transaction. */
export const auditResource: CollectionAfterChangeHook = async ({
  doc,
  previousDoc,
  operation,
  req,
}) => {
  const subject = subjectKey('resources', doc.id)
  if (operation === 'create') await recordAudit(req, { action: 'created', subject, to: doc.status })
  else if (previousDoc?.status !== doc.status)
    await recordAudit(req, {
      action: 'status-changed',
      subject,
      from: previousDoc?.status,
      to: doc.status,
    })
  return doc
}
