import { createHash } from 'node:crypto'
import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import { isOwner, relationId } from '../lib/relations'
import { recordAudit } from '../lib/audit'
import { now } from '../lib/clock'
import { InputError } from '../lib/errors'
import {
  contentLocale,
  isLocale,
  keepingRequestLocale,
  type Locale,
  LOCALES,
  localeFor,
} from '../lib/locales'
import { slateToPlainText } from '../lib/slate'
import type { SubjectKind } from '../policy/projection'
import { changesPublicContent, PUBLIC_CONTENT } from './content'
import { SYSTEM_CHANGE, type SystemChange } from './hooks'

// The storyteller has the last word (issue 15): when an item has a storyteller or artist (an
// owner, or a management link), what the public reads goes out only in a version they approved.
// Each save hashes the public content in every language; a change by anyone else puts the item
// in `awaiting_storyteller`, and publishing needs `approvedHash` equal to the current hash.
//
// "Before" in the changes shown to them is the content they last approved — at submission, at
// their own last edit or at their last approval — kept as a snapshot (`approvedContent`). With no
// approval yet (an editor entered the item for them), every field is shown as new.

export const REVIEW_STATES = [
  'not_needed',
  'awaiting_storyteller',
  'approved',
  'changes_requested',
] as const
export type ReviewState = (typeof REVIEW_STATES)[number]
export const APPROVAL_METHODS = [
  'own-account',
  'management-link',
  'submission',
  'paper',
  'verbal',
] as const
export type ApprovalMethod = (typeof APPROVAL_METHODS)[number]

/** Context flag: this save is made by the storyteller themselves (self-service submission). */
export const STORYTELLER_ACTION = 'relatoStorytellerAction'
/** Context flag: this save writes only the review group (an approval or a request for changes). */
const REVIEW_WRITE = 'relatoReviewWrite'

export type StorytellerReview = {
  state?: ReviewState | null
  contentHash?: string | null
  approvedHash?: string | null
  approvedAt?: string | null
  approvedBy?: string | null
  approvalMethod?: ApprovalMethod | null
  offlineWho?: string | null
  offlineEvidence?: string | null
  note?: string | null
  /** A Snapshot, stored as JSON. */
  approvedContent?: Record<string, unknown> | null
  /** Set once the item has had a storyteller (owner or link); never cleared. */
  signoffRequired?: boolean | null
}

type Doc = Record<string, unknown>
/** The public content of an item: each field's value, localized ones as `{ en, es }`. */
export type Snapshot = Record<string, unknown>
export type Change = { field: string; lang: Locale | null; before: unknown; after: unknown }

const LOCALIZED: Record<SubjectKind, ReadonlySet<string>> = {
  stories: new Set(['title', 'body', 'pullQuote', 'transcript']),
  artworks: new Set(['title', 'description', 'transcript']),
}
const UPLOADS = new Set(['images', 'image', 'recordings'])
const RICH_TEXT = new Set(['body', 'description'])

/**
 * Public content that came after sign-off did (issue 18's recordings and transcripts): left out of
 * the snapshot while empty, so an approval given before they existed still matches its item.
 */
const ADDED_LATER = new Set(['recordings', 'transcript'])
const isEmpty = (value: unknown): boolean =>
  value === null ||
  (typeof value === 'object' && Object.values(value as object).every((entry) => entry === null))

/** One value as compared and hashed: empty is null, uploads are their ids. */
function normal(field: string, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null
  if (UPLOADS.has(field)) {
    const list = (Array.isArray(value) ? value : [value]).map((item) => String(relationId(item)))
    return list.length ? list : null
  }
  return value
}

/** The public content of an item read with `locale: 'all'`. */
export function snapshotOf(kind: SubjectKind, doc: Doc): Snapshot {
  const snapshot: Snapshot = {}
  for (const field of PUBLIC_CONTENT[kind]) {
    if (LOCALIZED[kind].has(field)) {
      const byLocale = (doc[field] ?? {}) as Record<string, unknown>
      // A language holding the very words of an earlier one shows nothing new: Payload copies a
      // required field's fallback into a language when the system saves in it (the consent
      // summary is saved in the item's own language), and the storyteller saw those words.
      const seen: string[] = []
      snapshot[field] = Object.fromEntries(
        LOCALES.map((locale) => {
          const value = normal(field, byLocale?.[locale])
          const text = stable(value)
          if (value !== null && seen.includes(text)) return [locale, null]
          seen.push(text)
          return [locale, value]
        }),
      )
    } else snapshot[field] = normal(field, doc[field])
    if (ADDED_LATER.has(field) && isEmpty(snapshot[field])) delete snapshot[field]
  }
  return snapshot
}

/** JSON with sorted keys, so that equal content always hashes the same. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Doc).filter(([, item]) => item !== undefined)
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, item]) => `${JSON.stringify(key)}:${stable(item)}`)
      .join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

export const hashOf = (snapshot: Snapshot): string =>
  createHash('sha256').update(stable(snapshot), 'utf8').digest('hex')

/**
 * The item as it will be stored after saving `data` (the fields sent, localized ones in the
 * request's locale, or all of them with `locale: 'all'`) over `stored` (read with `locale: 'all'`).
 */
export function mergeSave(
  kind: SubjectKind,
  stored: Doc,
  data: Doc,
  locale: string | undefined,
): Doc {
  const merged: Doc = { ...stored }
  for (const [field, value] of Object.entries(data)) {
    if (!LOCALIZED[kind].has(field)) merged[field] = value
    else if (locale === 'all')
      merged[field] = { ...((stored[field] as Doc) ?? {}), ...((value as Doc) ?? {}) }
    else
      merged[field] = {
        ...((stored[field] as Doc) ?? {}),
        [isLocale(locale) ? locale : 'en']: value,
      }
  }
  return merged
}

/** An item has someone to sign off when it has an owner account or a management link. */
export const hasStoryteller = (doc: Doc): boolean =>
  relationId(doc.owner) !== undefined || Boolean(doc.managementTokenHash)

/**
 * Sign-off is needed for good once an item has had a storyteller (the lead's decision on issue
 * 15): removing the owner or the link must not remove the need, or an editor could publish words
 * the storyteller never saw by taking them off the item for a moment. With no one reachable, an
 * editor records an offline approval of the exact hash (who and evidence, audited).
 */
export const needsSignoff = (doc: Doc): boolean =>
  hasStoryteller(doc) ||
  (doc.storytellerReview as StorytellerReview | null | undefined)?.signoffRequired === true

/** The approver's id as text, whether the group came populated or not. */
const relationIdText = (review: unknown): string | null => {
  const id = relationId((review as { approvedBy?: unknown } | null | undefined)?.approvedBy)
  return id === undefined ? null : String(id)
}

const readable = (field: string, value: unknown): unknown =>
  value !== null && RICH_TEXT.has(field) ? slateToPlainText(value) : value

/** Every field (and language) that differs between two snapshots, readable: rich text as plain text. */
export function changesBetween(
  kind: SubjectKind,
  before: Snapshot | null,
  after: Snapshot,
): Change[] {
  const changes: Change[] = []
  for (const field of PUBLIC_CONTENT[kind]) {
    const pairs: [Locale | null, unknown, unknown][] = LOCALIZED[kind].has(field)
      ? LOCALES.map((lang) => [
          lang,
          (before?.[field] as Doc | undefined)?.[lang] ?? null,
          (after[field] as Doc | undefined)?.[lang] ?? null,
        ])
      : [[null, before?.[field] ?? null, after[field] ?? null]]
    for (const [lang, old, now] of pairs) {
      if (stable(old) !== stable(now))
        changes.push({ field, lang, before: readable(field, old), after: readable(field, now) })
    }
  }
  return changes
}

export async function loadAllLocales(
  req: PayloadRequest,
  kind: SubjectKind,
  id: string | number,
): Promise<Doc | null> {
  const doc = await keepingRequestLocale(req, () =>
    req.payload.findByID({
      collection: kind,
      id,
      locale: 'all',
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
      req,
    }),
  )
  return (doc as Doc | null) ?? null
}

/**
 * Whether saving `data` over the stored item leaves publishable content the storyteller has
 * approved: always true for items with no storyteller.
 */
export async function storytellerApprovalCurrent(
  req: PayloadRequest,
  kind: SubjectKind,
  original: object | undefined,
  data: Doc,
): Promise<boolean> {
  const { locale } = req
  const originalDoc = original as Doc | undefined
  const stored =
    originalDoc?.id !== undefined ? await loadAllLocales(req, kind, originalDoc.id as string) : null
  const merged = mergeSave(kind, stored ?? originalDoc ?? {}, data, locale)
  if (!needsSignoff(merged)) return true
  const review = (merged.storytellerReview ?? {}) as StorytellerReview
  return Boolean(review.approvedHash) && review.approvedHash === hashOf(snapshotOf(kind, merged))
}

/**
 * Whether a save in one language leaves content in the other languages that differs from what the
 * storyteller last approved (every non-empty value, when they have approved nothing yet).
 */
function unseenLanguages(
  kind: SubjectKind,
  previous: StorytellerReview,
  after: Snapshot,
  locale: string | undefined,
): boolean {
  if (locale === 'all') return false
  const saved = isLocale(locale) ? locale : 'en'
  const approved = (
    previous.approvedContent && typeof previous.approvedContent === 'object'
      ? previous.approvedContent
      : {}
  ) as Snapshot
  return [...LOCALIZED[kind]].some((field) =>
    LOCALES.some(
      (lang) =>
        lang !== saved &&
        stable((approved[field] as Doc | undefined)?.[lang] ?? null) !==
          stable((after[field] as Doc | undefined)?.[lang] ?? null),
    ),
  )
}

/**
 * Keeps the review group true to the content on every save. Runs after the workflow hook (which
 * sets the owner on creation).
 */
export const trackStorytellerReview =
  (kind: SubjectKind): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, operation, req, context }) => {
    if (context[REVIEW_WRITE]) return data
    // Most saves (a status, a checklist) change no public content: nothing to recompute.
    const sameOwner =
      String(relationId(data.owner ?? originalDoc?.owner)) ===
      String(relationId(originalDoc?.owner))
    const known = (originalDoc?.storytellerReview as StorytellerReview | undefined)?.state
    if (
      operation === 'update' &&
      known &&
      sameOwner &&
      !changesPublicContent(kind, originalDoc, data)
    )
      return data
    const { locale } = req
    const stored =
      operation === 'update' && originalDoc?.id !== undefined
        ? ((await loadAllLocales(req, kind, originalDoc.id)) ?? {})
        : {}
    const merged = mergeSave(kind, stored, data, locale)
    const snapshot = snapshotOf(kind, merged)
    const hash = hashOf(snapshot)
    const storedReview = (stored.storytellerReview ?? {}) as StorytellerReview
    // Sticky: the item had a storyteller before this save (or has one now).
    const required = needsSignoff(stored) || needsSignoff(merged)
    const previous: StorytellerReview = {
      ...storedReview,
      approvedBy: relationIdText(stored.storytellerReview),
      ...(required ? { signoffRequired: true } : {}),
    }
    if (!required)
      return { ...data, storytellerReview: { ...previous, state: 'not_needed', contentHash: hash } }

    // The owner before the save too: staff may change the owner, and an editor who makes
    // themselves the owner in the same save must not approve in the storyteller's place.
    const ownerSaves =
      isOwner(req.user, merged) && (operation === 'create' || isOwner(req.user, stored))
    const byStoryteller = ownerSaves || context[STORYTELLER_ACTION] === true
    const changed =
      operation === 'create' ||
      hash !== previous.contentHash ||
      previous.state === 'not_needed' ||
      !previous.state
    // Handed to someone else: an approval given by the former owner's own account is not theirs.
    const newOwner = relationId(merged.owner)
    const handedOver =
      operation === 'update' &&
      !sameOwner &&
      newOwner !== undefined &&
      previous.approvalMethod === 'own-account' &&
      previous.approvedBy !== String(newOwner)
    if (handedOver && !byStoryteller) {
      const voided: StorytellerReview = {
        ...previous,
        state: 'awaiting_storyteller',
        contentHash: hash,
        approvedHash: null,
        approvedAt: null,
        approvedBy: null,
        approvalMethod: null,
        approvedContent: null,
      }
      return { ...data, storytellerReview: voided }
    }
    // Nothing to recompute, but a flag not yet stored (the owner was just removed) is kept now.
    if (!changed)
      return storedReview.signoffRequired === true ? data : { ...data, storytellerReview: previous }
    // An owner editing one language sees only that language: another language changed by
    // someone else since their last approval still waits for them (they approve it in the panel).
    if (
      byStoryteller &&
      context[STORYTELLER_ACTION] !== true &&
      operation === 'update' &&
      unseenLanguages(kind, previous, snapshot, locale)
    ) {
      return {
        ...data,
        storytellerReview: { ...previous, state: 'awaiting_storyteller', contentHash: hash },
      }
    }
    if (byStoryteller) {
      // Their own words, as they saved them, are the version they approve.
      const approval: StorytellerReview = {
        state: 'approved',
        contentHash: hash,
        approvedHash: hash,
        approvedAt: now().toISOString(),
        approvedBy: req.user ? String(req.user.id) : null,
        approvalMethod: req.user ? 'own-account' : 'submission',
        offlineWho: null,
        offlineEvidence: null,
        note: null,
        approvedContent: snapshot,
        signoffRequired: true,
      }
      return { ...data, storytellerReview: approval }
    }
    // Someone else changed it: back to them, unless it is again exactly what they approved.
    const state: ReviewState = previous.approvedHash === hash ? 'approved' : 'awaiting_storyteller'
    return { ...data, storytellerReview: { ...previous, state, contentHash: hash } }
  }

const REVIEW_MAIL: Record<Locale, { subject: string; text: string }> = {
  en: {
    subject: 'A new version of your story is waiting for you',
    text: 'Someone at the organisation changed your story. It will not be published until you see the changes and approve them. Open the private link you were given (or sign in) to review it. If you did not expect this message, you can ignore it.',
  },
  es: {
    subject: 'Una nueva versión de tu historia te espera',
    text: 'Alguien de la organización cambió tu historia. No se publicará hasta que veas los cambios y los apruebes. Abre el enlace privado que recibiste (o inicia sesión) para revisarla. Si no esperabas este mensaje, puedes ignorarlo.',
  },
}

/** Audits each review state change and tells the storyteller (if they left an address) a version waits. */
export const announceStorytellerReview =
  (kind: SubjectKind): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    const before = (previousDoc?.storytellerReview ?? {}) as StorytellerReview
    const after = (doc.storytellerReview ?? {}) as StorytellerReview
    const waitingAnew =
      after.state === 'awaiting_storyteller' &&
      (before.state !== 'awaiting_storyteller' || before.contentHash !== after.contentHash)
    if (!waitingAnew) return doc
    await recordAudit(req, {
      action: 'storyteller-review-requested',
      subject: `${kind}/${doc.id}`,
      from: before.state ?? null,
      to: after.state,
      details: { contentHash: after.contentHash ?? null },
    })
    await tellStoryteller(req, kind, doc)
    return doc
  }

async function tellStoryteller(req: PayloadRequest, kind: SubjectKind, doc: Doc): Promise<void> {
  try {
    let to = kind === 'stories' ? await privateContactEmail(req, String(doc.id)) : null
    const ownerId = relationId(doc.owner)
    if (!to && ownerId !== undefined) {
      const owner = await req.payload.findByID({
        collection: 'users',
        id: ownerId,
        depth: 0,
        overrideAccess: true,
        disableErrors: true,
        req,
      })
      to = owner?.email ?? null
    }
    if (!to) return
    const mail = REVIEW_MAIL[localeFor(typeof doc.language === 'string' ? doc.language : null)]
    await req.payload.sendEmail({ to, subject: mail.subject, text: mail.text })
  } catch (error) {
    // The address stays out of the log; the storyteller still sees the version when they look.
    req.payload.logger.warn({
      msg: 'A review notice could not be emailed.',
      reason: error instanceof Error ? error.name : 'unknown',
    })
  }
}

async function privateContactEmail(req: PayloadRequest, id: string): Promise<string | null> {
  const story = await req.payload.findByID({
    collection: 'stories',
    id,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    select: { contactEmail: true },
    req,
  })
  return (story?.contactEmail as string | null | undefined) || null
}

/** What the storyteller (and staff) see: the state, the hash to approve and every change. */
export type ReviewView = {
  state: ReviewState
  contentHash: string
  approvedAt: string | null
  approvalMethod: ApprovalMethod | null
  note: string | null
  changes: Change[]
}

export function reviewView(kind: SubjectKind, doc: Doc): ReviewView {
  const snapshot = snapshotOf(kind, doc)
  const review = (doc.storytellerReview ?? {}) as StorytellerReview
  const hash = hashOf(snapshot)
  const approvedContent =
    review.approvedContent && typeof review.approvedContent === 'object'
      ? (review.approvedContent as Snapshot)
      : null
  const state: ReviewState = !needsSignoff(doc)
    ? 'not_needed'
    : review.approvedHash === hash
      ? 'approved'
      : review.state === 'changes_requested'
        ? 'changes_requested'
        : 'awaiting_storyteller'
  return {
    state,
    contentHash: hash,
    approvedAt: state === 'approved' ? (review.approvedAt ?? null) : null,
    approvalMethod: state === 'approved' ? (review.approvalMethod ?? null) : null,
    note: review.note ?? null,
    changes:
      state === 'approved' || state === 'not_needed'
        ? []
        : changesBetween(kind, approvedContent, snapshot),
  }
}

/** What the storyteller (or staff, for an approval given offline) decided. */
export type Decision =
  | {
      kind: 'approve'
      contentHash: unknown
      method: ApprovalMethod
      who?: string | null
      evidence?: string | null
    }
  | { kind: 'request-changes'; note: unknown; method: ApprovalMethod }

const OFFLINE: readonly ApprovalMethod[] = ['paper', 'verbal']

/**
 * Records the storyteller's decision on the current version (their own link or account, or an
 * editor's record of a paper or verbal approval). Refused with 409 when `contentHash` is not the
 * current content's: they approve only what they saw. Audited in the same request.
 */
export async function decideReview(
  req: PayloadRequest,
  kind: SubjectKind,
  id: string,
  decision: Decision,
): Promise<ReviewView> {
  const doc = await loadAllLocales(req, kind, id)
  if (!doc) throw new InputError('No such item.', 404)
  if (!needsSignoff(doc))
    throw new InputError('This item has no storyteller or artist to sign it off.', 409)
  const current = hashOf(snapshotOf(kind, doc))
  const previous = {
    ...((doc.storytellerReview ?? {}) as StorytellerReview),
    approvedBy: relationIdText(doc.storytellerReview),
  }
  let review: StorytellerReview
  if (decision.kind === 'approve') {
    if (typeof decision.contentHash !== 'string' || !decision.contentHash)
      throw new InputError('Send the contentHash of the version you approve.', 400)
    if (decision.contentHash !== current)
      throw new InputError(
        'The content changed since you saw it: look at the new version and approve that one.',
        409,
      )
    if (OFFLINE.includes(decision.method) && !(decision.who?.trim() && decision.evidence?.trim())) {
      throw new InputError(
        'An offline approval needs who gave it (who) and what shows it (evidence).',
        400,
      )
    }
    review = {
      ...previous,
      state: 'approved',
      contentHash: current,
      approvedHash: current,
      approvedAt: now().toISOString(),
      approvedBy: req.user ? String(req.user.id) : null,
      approvalMethod: decision.method,
      offlineWho: OFFLINE.includes(decision.method) ? decision.who!.trim().slice(0, 200) : null,
      offlineEvidence: OFFLINE.includes(decision.method)
        ? decision.evidence!.trim().slice(0, 2000)
        : null,
      note: null,
      approvedContent: snapshotOf(kind, doc),
    }
  } else {
    if (typeof decision.note !== 'string' || !decision.note.trim())
      throw new InputError('Say what you would like changed (note).', 400)
    if (decision.note.length > 2000)
      throw new InputError('The note is too long (at most 2000 characters).', 400)
    review = {
      ...previous,
      state: 'changes_requested',
      contentHash: current,
      note: decision.note.trim(),
    }
  }
  const subject = `${kind}/${id}`
  try {
    await req.payload.update({
      collection: kind,
      id,
      req,
      depth: 0,
      overrideAccess: true,
      locale: contentLocale(doc.title),
      context: { [SYSTEM_CHANGE]: { subject } satisfies SystemChange, [REVIEW_WRITE]: true },
      data: { storytellerReview: review },
    })
  } finally {
    delete req.context[SYSTEM_CHANGE]
    delete req.context[REVIEW_WRITE]
  }
  // Hashes and methods only: the note, who and evidence are private.
  await recordAudit(req, {
    action: decision.kind === 'approve' ? 'storyteller-approved' : 'storyteller-requested-changes',
    subject,
    from: previous.state ?? null,
    to: review.state ?? null,
    details: { contentHash: current, method: decision.method },
  })
  return reviewView(kind, { ...doc, storytellerReview: review })
}
