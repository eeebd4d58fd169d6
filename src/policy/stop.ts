import {
  type CollectionBeforeOperationHook,
  NotFound,
  type Payload,
  type PayloadRequest,
  type Where,
} from 'payload'

import { relationId } from '../lib/relations'
import { STAMP_CHECK_INTERVAL_MS } from '../lib/follow'
import { decodeSegment } from '../lib/request'
import { hasRole, isStaffUser, type RoleBearer } from '../lib/roles'
import { parseSubjectKey, SUBJECT_KINDS, type SubjectKind, subjectKey } from '../lib/subjects'

/**
 * The emergency stop (the `safety` global): while it is on, every public surface answers 503
 * with Retry-After and no content; a paused campaign's own surfaces do the same. It is a
 * visibility rule, so it is decided here; an item a paused campaign holds leaves every public
 * surface (see `heldItems`). The state is per process (shared by the process's two
 * Payload instances through globalThis): the process that flips the switch sets it before the
 * switch's request returns; other processes read it again at most STAMP_CHECK_INTERVAL_MS after.
 */
export type StopState = {
  publicPaused: boolean
  /** Slugs of the paused campaigns: their own surfaces answer 503. */
  pausedCampaigns: string[]
  pausedCampaignIds: string[]
  /**
   * Every story and artwork a paused campaign holds or features (subject keys): a campaign is
   * paused because it is being used to find people, so its items leave every public surface,
   * not only the campaign's own. Read with the switch; an item's own campaigns are checked too.
   */
  heldItems: ReadonlySet<string>
}

export const NO_STOP: StopState = {
  publicPaused: false,
  pausedCampaigns: [],
  pausedCampaignIds: [],
  heldItems: new Set(),
}

const SLOT = Symbol.for('relato.emergencyStop')
type Held = { state: StopState; readAt: number; stamp: string; generation: number }
type Slot = { [SLOT]?: Held }
const slot = globalThis as Slot

export const STOP_RETRY_AFTER_SECONDS = 300

export const currentStop = (): StopState => slot[SLOT]?.state ?? NO_STOP

/** Moves whenever the stop's effect changes: caches built on public answers compare it. */
export const stopGeneration = (): number => slot[SLOT]?.generation ?? 0

/** Set by the switch's own hook, inside its request, and by `refreshStop`. */
export function setStop(state: StopState, at = Date.now()): void {
  const held = slot[SLOT]
  const stamp = JSON.stringify([
    state.publicPaused,
    [...state.pausedCampaigns].sort(),
    [...state.pausedCampaignIds].sort(),
    [...state.heldItems].sort(),
  ])
  const generation = (held?.generation ?? 0) + (held?.stamp === stamp ? 0 : 1)
  slot[SLOT] = { state, readAt: at, stamp, generation }
}

/** Reads the switch from the database when this process's copy is older than the bound. */
export async function refreshStop(payload: Payload, at = Date.now()): Promise<StopState> {
  const held = slot[SLOT]
  if (held && at - held.readAt < STAMP_CHECK_INTERVAL_MS) return held.state
  const state = await readStop(payload)
  setStop(state, at)
  return state
}

/** The switch as stored, with what its paused campaigns hold. `req` inside the switch's hook. */
export async function readStop(payload: Payload, req?: PayloadRequest): Promise<StopState> {
  const doc = (await payload.findGlobal({
    slug: 'safety' as never,
    depth: 1,
    overrideAccess: true,
    req,
  })) as { publicPaused?: boolean | null; pausedCampaigns?: unknown }
  // Depth 1: paused campaigns come with their slugs (a campaign deleted since is dropped).
  const campaigns = (Array.isArray(doc.pausedCampaigns) ? doc.pausedCampaigns : []).filter(
    (entry): entry is { id: string | number; slug: string; featured?: unknown } =>
      typeof entry?.slug === 'string' && entry.slug !== '',
  )
  const pausedCampaignIds = campaigns.map((campaign) => String(campaign.id))
  const heldItems = new Set<string>()
  for (const campaign of campaigns) {
    for (const entry of Array.isArray(campaign.featured) ? campaign.featured : []) {
      const { relationTo, value } = entry as { relationTo?: unknown; value?: unknown }
      const id = relationId(value)
      if (typeof relationTo === 'string' && id !== undefined)
        heldItems.add(subjectKey(relationTo, id))
    }
  }
  if (pausedCampaignIds.length) {
    // Artworks join a campaign only by being featured (read above).
    for (const kind of SUBJECT_KINDS.filter((slug) =>
      payload.collections[slug].config.flattenedFields.some((field) => field.name === 'campaigns'),
    )) {
      const { docs } = await payload.find({
        collection: kind,
        where: { campaigns: { in: pausedCampaignIds } },
        select: {},
        depth: 0,
        pagination: false,
        overrideAccess: true,
        req,
      })
      for (const doc of docs) heldItems.add(subjectKey(kind, doc.id))
    }
  }
  return {
    publicPaused: Boolean(doc.publicPaused),
    pausedCampaigns: campaigns.map((campaign) => campaign.slug),
    pausedCampaignIds,
    heldItems,
  }
}

/**
 * Whether a paused campaign holds this item (its own campaigns, or the held items read with the
 * switch: those it features). Such an item is on no public surface while the pause lasts.
 */
export function isHeldByPause(
  kind: SubjectKind,
  id: string | number,
  campaigns: readonly unknown[] = [],
  state: StopState = currentStop(),
): boolean {
  if (!state.pausedCampaignIds.length) return false
  if (state.heldItems.has(subjectKey(kind, id))) return true
  return campaigns.some((campaign) =>
    state.pausedCampaignIds.includes(String(relationId(campaign))),
  )
}

/**
 * `isHeldByPause` for a database query (the held items as read with the switch, so an item put in
 * a paused campaign since is caught within the change-counter bound); null when nothing is held.
 */
export function notHeldWhere(kind: SubjectKind, state: StopState = currentStop()): Where | null {
  const ids = [...state.heldItems]
    .map(parseSubjectKey)
    .filter((parsed) => parsed?.kind === kind)
    .map((parsed) => parsed!.id)
  return ids.length ? { id: { not_in: ids } } : null
}

/** `held` without the items `owner` owns (one query, only for signed-in owners during a pause). */
async function notHeldByOthers(
  kind: SubjectKind,
  held: Where,
  owner: string | number,
  req: PayloadRequest,
): Promise<Where | null> {
  const ids = (held.id as { not_in: string[] }).not_in
  const { docs } = await req.payload.find({
    collection: kind,
    where: { and: [{ id: { in: ids } }, { owner: { equals: owner } }] },
    select: {},
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const own = new Set(docs.map((doc) => String(doc.id)))
  const others = ids.filter((id) => !own.has(String(id)))
  return others.length ? { id: { not_in: others } } : null
}

// Payload reads that take a caller's access: lists, by id, counts and distinct values.
const HELD_OPERATIONS = new Set(['read', 'count', 'readDistinct'])

/**
 * Keeps what a paused campaign holds out of every Payload read by someone who is neither staff
 * nor the item's owner. This is a beforeOperation hook, not part of the read access: Payload
 * hands the access `where` to anyone who asks (`/api/access`, `/api/<collection>/access/:id`,
 * GraphQL `Access`/`docAccess`), and the held ids name items that were never public.
 */
export const keepHeldOut =
  (kind: SubjectKind): CollectionBeforeOperationHook =>
  async ({ args, operation, req }) => {
    const read = args as { id?: string | number; where?: Where; overrideAccess?: boolean }
    // The system's own reads (Local API without a user) are not questions from a caller.
    if (!HELD_OPERATIONS.has(operation) || read.overrideAccess === true) return args
    const user = req.user as RoleBearer
    if (isStaffUser(user)) return args
    const held = notHeldWhere(kind)
    if (!held) return args
    // Storytellers and artists keep reaching their own items during a pause.
    const mine = user && !hasRole(user, 'partner') ? user.id : undefined
    if (read.id !== undefined) {
      if (!isHeldByPause(kind, read.id)) return args
      const doc =
        mine !== undefined &&
        (await req.payload.findByID({
          collection: kind,
          id: read.id,
          depth: 0,
          select: { owner: true },
          disableErrors: true,
          overrideAccess: true,
          req,
        }))
      if (doc && String(relationId(doc.owner)) === String(mine)) return args
      throw new NotFound(req.t)
    }
    // The caller's where is checked like theirs (Payload refuses `owner` to them), so their own
    // held items are taken out of the held set rather than added back by owner.
    const shown = mine === undefined ? held : await notHeldByOthers(kind, held, mine, req)
    if (!shown) return args
    return { ...args, where: read.where ? { and: [read.where, shown] } : shown }
  }

// Public surfaces by path: everything the route table's public routes, Next's /embed.js and
// public media and recording files answer. The home page also as `//`: the route table ignores a
// trailing slash.
export const PUBLIC_PATHS =
  /^\/(api\/public\/|embed\/|embed\.js$|gallery(\/|$)|resources(\/|$)|stories\/|artworks\/|campaigns\/|api\/media\/file\/|api\/recordings\/(audio|file)\/|\/?$)/

/** Files whose own access keeps answering signed-in staff and uploaders during the stop. */
export const PUBLIC_FILE_PATHS = /^\/api\/(media\/file|recordings\/(audio|file))\//
// Where a campaign is named in the path (or, for the gallery, in ?campaign=).
const CAMPAIGN_PATHS = /^\/(?:api\/public\/campaigns|campaigns|embed)\/([^/?#]+)/

/** Whether this request is for a public surface that the stop takes down now. */
export function isStopped(url: URL, state: StopState = currentStop()): boolean {
  if (!PUBLIC_PATHS.test(url.pathname)) return false
  if (state.publicPaused) return true
  if (!state.pausedCampaigns.length) return false
  const slug = CAMPAIGN_PATHS.exec(url.pathname)?.[1] ?? url.searchParams.get('campaign')
  const decoded = slug === null ? null : decodeSegment(slug)
  return Boolean(decoded && state.pausedCampaigns.includes(decoded))
}

/** Whether a public Payload read (anonymous REST/GraphQL, public media) must see nothing now. */
export const publicReadsStopped = (): boolean => currentStop().publicPaused
