import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import { relationId, isOwner } from '../lib/relations'
import { isStaffUser } from '../lib/roles'
import { recordAudit } from '../lib/audit'
import { now } from '../lib/clock'
import { InputError } from '../lib/errors'
import { keepingRequestLocale, localeFor } from '../lib/locales'
import { subjectKey } from '../lib/subjects'
import type { Artwork, Story } from '../payload-types'
import { consentFromSummary, type ConsentSummary } from '../policy/consent'
import type { SubjectKind } from '../policy/projection'
import type { Actor, Status } from './statuses'
import { changesPublicContent } from './content'
import { contentPeople, movePeople, newItemPeople } from './fourEyes'
import {
  announceStorytellerReview,
  storytellerApprovalCurrent,
  trackStorytellerReview,
} from './storytellerReview'
import { peopleProblems, type Person } from './people'
import { judgeTransition } from './transition'

/**
 * Lets the system change an item outside the workflow. Code acting with no user (seed, tests)
 * may set it to `true`; inside a request (which can hold several GraphQL mutations sharing one
 * context) it must name the one item it applies to, and it is removed right after use.
 */
export const SYSTEM_CHANGE = 'relatoSystemChange'

/** What the ledger's hook may do to a subject while recording consent. */
export type SystemChange = true | { subject: string }

export function systemChangeAllowed(
  value: SystemChange | undefined,
  operation: string,
  subject: string,
  hasUser: boolean,
): boolean {
  if (value === true) return !hasUser
  return (
    operation === 'update' &&
    typeof value === 'object' &&
    value !== null &&
    value.subject === subject
  )
}

type Doc = Record<string, unknown>

/** The safety checklist: stories have one, artworks none. */
const checklistOf = (doc: Partial<Story | Artwork> | undefined) =>
  (doc && 'safetyChecklist' in doc ? doc.safetyChecklist : null) ?? {}

/** New items always start as `submitted`; every later status change must pass the workflow rules. */
export const enforceWorkflow =
  (kind: SubjectKind): CollectionBeforeChangeHook<Story | Artwork> =>
  async ({ data, originalDoc, operation, req, context }) => {
    if (
      systemChangeAllowed(
        context[SYSTEM_CHANGE],
        operation,
        subjectKey(kind, String(originalDoc?.id)),
        Boolean(req.user),
      )
    )
      return data
    if (operation === 'create') {
      const { user } = req
      const ownsIt = user && !isStaffUser(user)
      return {
        ...data,
        ...newItemPeople(user?.id ?? null),
        // Storytellers and artists always own what they create; editors may enter it for someone.
        owner: ownsIt ? user.id : (data.owner ?? null),
      }
    }
    const { user } = req
    const sameUser = (value: unknown) =>
      Boolean(user) && String(relationId(value)) === String(user?.id)
    // Four eyes: remember who last changed what the public reads; a change voids the approval.
    const contentChanged = changesPublicContent(kind, originalDoc, data)
    const people = contentPeople(contentChanged, user?.id ?? null, originalDoc)

    const from = originalDoc?.status as Status
    const to = data.status as Status | undefined
    // Four eyes hold for what is already out too: a person's change may not go public unseen.
    if (contentChanged && user && from === 'published' && (to ?? from) === 'published') {
      throw new InputError(
        'This item is public: archive it first (that takes it down at once), make the change, then someone else approves and publishes it.',
        409,
      )
    }
    // What is public stays resolved: someone added to a public item must be settled before the
    // save, or the item archived first (publishing itself checks the same, below).
    if (from === 'published' && (to ?? from) === 'published' && 'people' in data) {
      const problems = await peopleProblems(req, kind, String(originalDoc?.id), peopleOf(data))
      if (problems.length)
        throw new InputError(
          `This item is public: archive it first, or resolve everyone in it (${problems.join('; ')}).`,
          409,
        )
    }
    if (!to || to === from) return { ...data, ...people }

    const actors: Actor[] = []
    if (isStaffUser(user)) actors.push('staff')
    if (isOwner(user, originalDoc)) actors.push('owner')
    const verdict = judgeTransition({
      from,
      to,
      actors,
      actorIsCreator:
        Boolean(user) && (isOwner(user, originalDoc) || sameUser(originalDoc?.createdBy)),
      hasCreator: relationId(originalDoc?.createdBy) !== undefined,
      actorChangedContent: sameUser(people.contentChangedBy),
      actorSentToReview: sameUser(originalDoc?.sentToReviewBy),
      // Archived items were published with an approval; a change since then voided it.
      approvalCurrent: people.approvedBy !== null,
      consent: consentFromSummary(originalDoc?.consent as ConsentSummary | undefined, now()),
      checklistRequired: kind === 'stories',
      safetyChecklist: { ...checklistOf(originalDoc), ...checklistOf(data) },
      imagesWithoutAlt:
        to === 'published' ? await imagesWithoutAlt(req, kind, { ...originalDoc, ...data }) : [],
      recordingWithoutTranscript:
        to === 'published' &&
        (await recordingWithoutTranscript(req, kind, originalDoc as Doc | undefined, data)),
      storytellerApproved:
        to === 'published' ? await storytellerApprovalCurrent(req, kind, originalDoc, data) : true,
      peopleProblems:
        to === 'published'
          ? await peopleProblems(
              req,
              kind,
              String(originalDoc?.id),
              peopleOf({ ...originalDoc, ...data }),
            )
          : [],
    })
    if (!verdict.ok) throw new InputError(verdict.message, verdict.status)
    return { ...data, ...people, ...movePeople(from, to, user?.id ?? null, originalDoc) }
  }

const peopleOf = (item: Doc): Person[] | undefined => item.people as Person[] | undefined

/**
 * A recording is published only with what it says in words, in the item's own language (read
 * back without fallback: an English transcript does not stand in for a Spanish story's).
 */
async function recordingWithoutTranscript(
  req: PayloadRequest,
  kind: SubjectKind,
  original: Doc | undefined,
  data: Doc,
): Promise<boolean> {
  const recordings = (data.recordings ?? original?.recordings ?? []) as unknown[]
  if (!recordings.length) return false
  const locale = localeFor(
    typeof (data.language ?? original?.language) === 'string'
      ? String(data.language ?? original?.language)
      : null,
  )
  const written = (value: unknown) => typeof value === 'string' && value.trim() !== ''
  if (req.locale === locale && 'transcript' in data) return !written(data.transcript)
  if (original?.id === undefined) return true
  const stored = await keepingRequestLocale(req, () =>
    req.payload.findByID({
      collection: kind,
      id: original.id as string,
      locale,
      fallbackLocale: false,
      depth: 0,
      select: { transcript: true },
      overrideAccess: true,
      req,
    }),
  )
  return !written((stored as { transcript?: unknown }).transcript)
}

async function imagesWithoutAlt(
  req: PayloadRequest,
  kind: SubjectKind,
  item: Doc,
): Promise<string[]> {
  const raw =
    kind === 'stories' ? ((item.images as unknown[]) ?? []) : item.image ? [item.image] : []
  const ids = raw
    .map(relationId)
    .filter((id) => id !== undefined)
    .map(String)
  if (!ids.length) return []
  // A Spanish story's images need Spanish alt text; any other language falls back to English.
  const locale = localeFor(typeof item.language === 'string' ? item.language : null)
  const { docs } = await keepingRequestLocale(req, () =>
    req.payload.find({
      collection: 'media',
      where: { id: { in: ids } },
      locale,
      fallbackLocale: false,
      depth: 0,
      limit: ids.length,
      pagination: false,
      req,
    }),
  )
  const withAlt = new Set(
    docs
      .filter((doc) => typeof doc.alt === 'string' && doc.alt.trim())
      .map((doc) => String(doc.id)),
  )
  return ids.filter((id) => !withAlt.has(id))
}

/**
 * Every creation and status change goes to the audit log, in the same transaction: for stories
 * and artworks, and for the organisation's resources, which follow the same workflow.
 */
export const auditStatusChange =
  (kind: SubjectKind | 'resources'): CollectionAfterChangeHook<{ id: string; status: string }> =>
  async ({ doc, previousDoc, operation, req }) => {
    const subject = subjectKey(kind, doc.id)
    if (operation === 'create') {
      await recordAudit(req, { action: 'created', subject, to: doc.status })
    } else if (previousDoc?.status !== doc.status) {
      await recordAudit(req, {
        action: 'status-changed',
        subject,
        from: previousDoc?.status,
        to: doc.status,
      })
    }
    return doc
  }

/** The hooks every item with an editorial workflow carries. */
export const workflowHooks = (kind: SubjectKind) => ({
  // The review hook runs second: it needs the owner the workflow hook sets on creation.
  beforeChange: [enforceWorkflow(kind), trackStorytellerReview(kind)],
  afterChange: [auditStatusChange(kind), announceStorytellerReview(kind)],
})
