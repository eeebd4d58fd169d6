import type { CurrentConsent } from '../policy/consent'
import { PUBLISHING_SCOPES } from '../policy/scopes'
import { type Actor, allowedFrom, type Status, STATUSES, TRANSITIONS } from './statuses'

export const SAFETY_CHECKLIST = [
  'identifyingDetailsRemoved',
  'thirdPartiesProtected',
  'locationCoarse',
  'imagesChecked',
] as const

export type TransitionContext = {
  from: Status
  to: Status
  /** The roles the acting user holds for this item. */
  actors: readonly Actor[]
  /** True when the acting user created or owns the item. */
  actorIsCreator: boolean
  /** False for items nobody signed in created (anonymous submissions through /submit). */
  hasCreator: boolean
  /** True when the acting user made the last change to the public content (this save included). */
  actorChangedContent: boolean
  /** True when the acting user moved the item from submitted to in review. */
  actorSentToReview: boolean
  /** True when an approval covers the current public content (none was changed since). */
  approvalCurrent: boolean
  consent: CurrentConsent | null
  /** False for the organisation's own content (resources): no consent ledger, nothing to consent to. */
  consentRequired?: boolean
  /** Stories need the safety checklist ticked before publishing; artworks have none. */
  checklistRequired: boolean
  safetyChecklist?: Partial<Record<(typeof SAFETY_CHECKLIST)[number], boolean | null>> | null
  /** Alt text is missing on these images (ids). */
  imagesWithoutAlt: readonly string[]
  /** The item has a recording but no transcript in its own language. */
  recordingWithoutTranscript?: boolean
  /** The storyteller approved exactly this content, or the item has no storyteller (storytellerReview.ts). */
  storytellerApproved: boolean
  /** Why the people in the item keep it from going out (src/workflow/people.ts); empty when none. */
  peopleProblems?: readonly string[]
}

export type TransitionVerdict = { ok: true } | { ok: false; status: 400 | 403; message: string }

const refuse = (status: 400 | 403, message: string): TransitionVerdict => ({
  ok: false,
  status,
  message,
})

/** Decides one status change. Pure: the hook gathers the facts, this judges them. */
export function judgeTransition(context: TransitionContext): TransitionVerdict {
  const { from, to, actors } = context
  if (!STATUSES.includes(to))
    return refuse(400, `Unknown status "${to}". Statuses: ${STATUSES.join(', ')}.`)
  const allowedActors = TRANSITIONS[from]?.[to]
  if (!allowedActors) {
    const allowed = allowedFrom(from)
    return refuse(
      400,
      `Cannot move from "${from}" to "${to}". Allowed from "${from}": ${allowed.join(', ') || 'none'}.`,
    )
  }
  if (allowedActors.length === 1 && allowedActors[0] === 'system') {
    return refuse(403, `"${to}" is set only by recording a consent withdrawal.`)
  }
  if (!allowedActors.some((actor) => actors.includes(actor))) {
    return refuse(403, `You may not move this item from "${from}" to "${to}".`)
  }
  const fourEyes =
    to === 'approved'
      ? approvalProblem(context)
      : to === 'published'
        ? publishingByEditorProblem(context)
        : null
  if (fourEyes) return refuse(403, fourEyes)
  if (to === 'published') {
    const problems = publishingProblems(context)
    if (problems.length) return refuse(400, `Cannot publish yet: ${problems.join('; ')}.`)
  }
  if (from === 'withdrawn' && to === 'submitted' && !context.consent) {
    return refuse(400, 'Record a new consent grant before resubmitting a withdrawn item.')
  }
  return { ok: true }
}

/**
 * Four eyes: two people see the text that goes out. The approver is neither the creator, nor the
 * last person who changed the public content, nor — when no one signed in created the item —
 * the person who sent it to review (who may have typed it into /submit).
 */
function approvalProblem({
  actorIsCreator,
  hasCreator,
  actorChangedContent,
  actorSentToReview,
}: TransitionContext): string | null {
  if (actorIsCreator) return 'The approver must not be the person who created the item.'
  if (actorChangedContent)
    return 'The approver must not be the last person who changed its public content: ask another editor to approve it.'
  if (!hasCreator && actorSentToReview)
    return 'This item came in without an account: the approver must not be the person who sent it to review.'
  return null
}

/**
 * Content changed after its approval (or while published) is no longer what the approver saw:
 * whoever changed it last may not publish it, so someone else sees it first.
 */
function publishingByEditorProblem({
  approvalCurrent,
  actorChangedContent,
}: TransitionContext): string | null {
  if (!approvalCurrent && actorChangedContent) {
    return 'You changed the public content after it was approved: another editor must publish it.'
  }
  return null
}

function publishingProblems({
  consent,
  consentRequired = true,
  checklistRequired,
  safetyChecklist,
  imagesWithoutAlt,
  recordingWithoutTranscript,
  storytellerApproved,
  peopleProblems = [],
}: TransitionContext): string[] {
  const problems: string[] = []
  if (
    consentRequired &&
    (!consent || !PUBLISHING_SCOPES.some((scope) => consent.scopes.includes(scope)))
  ) {
    problems.push(`a current consent with ${PUBLISHING_SCOPES.join(', ')} or more is needed`)
  }
  const unchecked = checklistRequired
    ? SAFETY_CHECKLIST.filter((item) => safetyChecklist?.[item] !== true)
    : []
  if (unchecked.length) problems.push(`safety checklist incomplete (${unchecked.join(', ')})`)
  if (imagesWithoutAlt.length)
    problems.push(`images without alt text (${imagesWithoutAlt.join(', ')})`)
  if (recordingWithoutTranscript) problems.push('a recording needs its transcript')
  if (!storytellerApproved)
    problems.push('the storyteller has not approved this exact version (storytellerReview)')
  if (peopleProblems.length) problems.push(`people in it: ${peopleProblems.join('; ')}`)
  return problems
}
