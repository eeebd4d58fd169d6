import {
  commitTransaction,
  createLocalReq,
  initTransaction,
  killTransaction,
  type Payload,
  type PayloadRequest,
} from 'payload'

import { now } from '../lib/clock'
import { contentLocale, type Locale } from '../lib/locales'
import { slateToPlainText } from '../lib/slate'
import { subjectKey } from '../lib/subjects'
import type { ConsentRecord, Media, Recording } from '../payload-types'
import { type ContentNote, contentNotesOf } from '../policy/contentNotes'
import { type RetentionView, retentionViewOf } from '../safety/retention'
import {
  type ConsentRecordLike,
  currentConsent,
  type CurrentConsent,
  isVisible,
  type OwnRecordView,
  ownRecordView,
  SURFACES,
  type Surface,
} from '../policy'
import { updateAsSystem } from '../workflow/system'
import { type Previews, previewsFor } from '../workflow/reviewPreviews'
import { decideReview, type ReviewView, reviewView } from '../workflow/storytellerReview'
import type { Status } from '../workflow/statuses'
import { consentTextOrClosed, recordWebFormGrant } from './consentText'
import type { ConsentChoice, StoryDetails } from './form'
import type { TokenStory } from './token'

export type MyStory = StoryDetails & {
  id: string
  title: string
  body: string
  status: Status
  images: { id: string; alt: string; width: number | null; height: number | null }[]
  /** Their recording(s), played back to them from their link (issue 18). */
  recordings: { id: string; duration: number | null }[]
  consent: CurrentConsent | null
  /** Where the consent law shows the story right now (src/policy). */
  visible: Record<Surface, boolean>
  history: OwnRecordView[]
  /** The version waiting for their sign-off and what changed since they last approved (issue 15). */
  review: ReviewView
  /** How that version would look on each surface their consent allows now. */
  previews: Previews
  /** The content notes on the story, labelled in the story's language. */
  contentNotes: ContentNote[]
  /** When their contact details and legal name are deleted (issue 17). */
  retention: RetentionView
}

export const consentHistory = async (
  payload: Payload,
  storyId: string,
  req?: PayloadRequest,
): Promise<ConsentRecord[]> =>
  (
    await payload.find({
      collection: 'consent-records',
      where: { subjectKey: { equals: subjectKey('stories', storyId) } },
      // The ledger's order (collections/ConsentRecords/summary.ts), oldest first.
      sort: ['recordedAt', 'id'],
      depth: 0,
      pagination: false,
      overrideAccess: true,
      req,
    })
  ).docs

/** What the holder of a management token sees of their story. */
export async function loadMyStory(payload: Payload, { id, locale }: TokenStory): Promise<MyStory> {
  const story = await payload.findByID({
    collection: 'stories',
    id,
    locale,
    depth: 1,
    overrideAccess: true,
  })
  const everyLanguage = (await payload.findByID({
    collection: 'stories',
    id,
    locale: 'all',
    depth: 0,
    overrideAccess: true,
  })) as unknown as Record<string, unknown>
  const history = await consentHistory(payload, id)
  const at = now()
  const consent = currentConsent(history as ConsentRecordLike[], at)
  const images = (story.images ?? []).filter(
    (image): image is Media => typeof image === 'object' && image !== null,
  )
  const recordings = (story.recordings ?? []).filter(
    (recording): recording is Recording => typeof recording === 'object' && recording !== null,
  )
  return {
    id,
    title: story.title,
    body: slateToPlainText(story.body),
    pullQuote: story.pullQuote ?? null,
    language: story.language,
    displayName: story.displayName ?? null,
    pseudonym: story.pseudonym ?? null,
    location: story.location ?? null,
    contactEmail: story.contactEmail ?? null,
    contactPhone: story.contactPhone ?? null,
    status: story.status,
    images: images.map((image) => ({
      id: String(image.id),
      alt: image.alt,
      width: image.width ?? null,
      height: image.height ?? null,
    })),
    recordings: recordings.map((recording) => ({
      id: String(recording.id),
      duration: recording.duration ?? null,
    })),
    consent,
    visible: Object.fromEntries(
      SURFACES.map((surface) => [surface, isVisible(story, consent, surface, at)]),
    ) as Record<Surface, boolean>,
    history: history.map(ownRecordView),
    review: reviewView('stories', everyLanguage),
    previews: previewsFor('stories', everyLanguage, locale, at),
    contentNotes: contentNotesOf(story.contentNotes, locale),
    retention: await retentionViewOf(payload, 'stories', story),
  }
}

/** The token holder approves the version they saw (409 when it changed since), or asks for changes. */
export async function decideAsStoryteller(
  payload: Payload,
  story: TokenStory,
  decision: { approve: true; contentHash: unknown } | { approve: false; note: unknown },
): Promise<void> {
  await inTransaction(payload, (req) =>
    decideReview(
      req,
      'stories',
      story.id,
      decision.approve
        ? { kind: 'approve', contentHash: decision.contentHash, method: 'management-link' }
        : { kind: 'request-changes', note: decision.note, method: 'management-link' },
    ),
  )
}

/**
 * Runs changes for a token holder as the system (they have no account), in one transaction
 * where the database has them (not SQLite here: see src/lib/database.ts).
 */
export async function inTransaction<T>(
  payload: Payload,
  work: (req: PayloadRequest) => Promise<T>,
): Promise<T> {
  const req = await createLocalReq({}, payload)
  await initTransaction(req)
  try {
    const result = await work(req)
    await commitTransaction(req)
    return result
  } catch (error) {
    await killTransaction(req)
    throw error
  }
}
/**
 * A new grant with the scopes the storyteller chose now. A withdrawn story goes back to
 * `submitted` for an editor to review again: the token holder is its owner, and the workflow
 * lets an owner resubmit after a new grant.
 */
export async function changeConsent(
  payload: Payload,
  story: TokenStory,
  choice: ConsentChoice,
  lang: Locale,
): Promise<void> {
  const text = await consentTextOrClosed(payload, lang)
  await inTransaction(payload, async (req) => {
    await recordWebFormGrant(req, story.id, choice, text)
    const { status, title } = await payload.findByID({
      collection: 'stories',
      id: story.id,
      depth: 0,
      req,
      locale: 'all',
      select: { status: true, title: true },
    })
    if (status !== 'withdrawn') return
    await updateAsSystem(req, {
      collection: 'stories',
      id: story.id,
      locale: contentLocale(title),
      data: { status: 'submitted' },
    })
  })
}

/** Withdraws everything, with the same effect as an editor's withdrawal (the ledger's hook). */
export async function withdrawConsent(
  payload: Payload,
  story: TokenStory,
  lang: Locale,
): Promise<void> {
  await inTransaction(payload, (req) =>
    payload.create({
      collection: 'consent-records',
      req,
      data: {
        subject: { relationTo: 'stories', value: story.id },
        action: 'withdraw',
        method: 'web-form',
        language: lang,
      },
    }),
  )
}
