import type { CollectionBeforeChangeHook } from 'payload'

import { relationId } from '../../../src/lib/relations'
import { isStaffUser } from '../../../src/lib/roles'
import { InputError } from '../../../src/lib/errors'
import { subjectKey } from '../../../src/lib/subjects'
import { RESOURCE_CONTENT } from '../../../src/policy/resources'
import { changesFields } from '../../../src/workflow/content'
import { contentPeople, movePeople, newItemPeople } from '../../../src/workflow/fourEyes'
import { SYSTEM_CHANGE, systemChangeAllowed } from '../../../src/workflow/hooks'
import type { Actor, Status } from '../../../src/workflow/statuses'
import { judgeTransition } from '../../../src/workflow/transition'

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
    return { ...data, ...newItemPeople(user?.id ?? null), publishedAt: null }
  }
  const original = (originalDoc ?? {}) as Doc
  const same = (value: unknown) => Boolean(user) && String(relationId(value)) === String(user?.id)
  const contentChanged = changesFields(RESOURCE_CONTENT, original, data)
  const people = contentPeople(contentChanged, user?.id ?? null, original)
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
  return { ...data, ...people, ...movePeople(from, to, user?.id ?? null, original) }
}
