import type { Payload } from 'payload'

import { STAMP_CHECK_INTERVAL_MS } from '../lib/follow'
import { decodeSegment } from '../lib/request'

/**
 * The emergency stop (the `safety` global): while it is on, every public surface answers 503
 * with Retry-After and no content; a paused campaign's own surfaces do the same. It is a
 * visibility rule, so it is decided here. The state is per process (shared by the process's two
 * Payload instances through globalThis): the process that flips the switch sets it before the
 * switch's request returns; other processes read it again at most STAMP_CHECK_INTERVAL_MS after.
 */
export type StopState = { publicPaused: boolean; pausedCampaigns: string[] }

const SLOT = Symbol.for('relato.emergencyStop')
type Slot = { [SLOT]?: { state: StopState; readAt: number } }
const slot = globalThis as Slot

export const STOP_RETRY_AFTER_SECONDS = 300

export const currentStop = (): StopState =>
  slot[SLOT]?.state ?? { publicPaused: false, pausedCampaigns: [] }

/** Set by the switch's own hook, inside its request. */
export function setStop(state: StopState, at = Date.now()): void {
  slot[SLOT] = { state, readAt: at }
}

/** Reads the switch from the database when this process's copy is older than the bound. */
export async function refreshStop(payload: Payload, at = Date.now()): Promise<StopState> {
  const held = slot[SLOT]
  if (held && at - held.readAt < STAMP_CHECK_INTERVAL_MS) return held.state
  const doc = (await payload.findGlobal({
    slug: 'safety' as never,
    depth: 1,
    overrideAccess: true,
  })) as { publicPaused?: boolean | null; pausedCampaigns?: unknown }
  const state = {
    publicPaused: Boolean(doc.publicPaused),
    pausedCampaigns: campaignSlugsOf(doc.pausedCampaigns),
  }
  setStop(state, at)
  return state
}

// Depth 1: paused campaigns come with their slugs (a campaign deleted since is dropped).
const campaignSlugsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [])
    .map((entry) => (entry as { slug?: unknown } | null)?.slug)
    .filter((slug): slug is string => typeof slug === 'string' && slug !== '')

// Public surfaces by path: everything the route table's public routes, Next's /embed.js and
// public media files answer. The home page also as `//`: the route table ignores a trailing slash.
export const PUBLIC_PATHS =
  /^\/(api\/public\/|embed\/|embed\.js$|gallery(\/|$)|resources(\/|$)|stories\/|artworks\/|campaigns\/|api\/media\/file\/|\/?$)/
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
