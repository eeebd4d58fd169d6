import { now } from '../lib/clock'
import { relationId } from '../lib/relations'
import type { Status } from './statuses'

/*
 * The people the four-eyes rule (transition.ts) remembers on an item, kept the same way on
 * stories, artworks and resources: who entered it, who last changed what the public reads, who
 * sent it to review and who approved it.
 */

type UserId = string | number | null
type Original =
  { contentChangedBy?: unknown; approvedBy?: unknown; publishedAt?: unknown } | null | undefined

/** A new item starts submitted, entered and last changed by `user`, not yet reviewed. */
export const newItemPeople = (user: UserId) => ({
  status: 'submitted' as const,
  createdBy: user,
  contentChangedBy: user,
  sentToReviewBy: null,
  approvedBy: null,
})

/** Who last changed the public content: a change by `user` voids the approval. */
export const contentPeople = (changed: boolean, user: UserId, original: Original) =>
  changed
    ? { contentChangedBy: user, approvedBy: null }
    : {
        contentChangedBy: relationId(original?.contentChangedBy) ?? null,
        approvedBy: relationId(original?.approvedBy) ?? null,
      }

/** What a move by `user` records: who sent it to review or approved it, when it first went out. */
export const movePeople = (from: Status, to: Status, user: UserId, original: Original) => ({
  ...(from === 'submitted' && to === 'in_review' ? { sentToReviewBy: user } : {}),
  ...(to === 'approved' ? { approvedBy: user } : {}),
  ...(to === 'published' && !original?.publishedAt ? { publishedAt: now().toISOString() } : {}),
})
