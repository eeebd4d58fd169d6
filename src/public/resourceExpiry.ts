import type { Payload } from 'payload'

import { RESOURCES_KEY, resourceKey } from './keys'
import { purgeCaches } from './purge'

// A resource past its review date is hidden by the read model at that moment with no write
// (src/policy/resources.ts), so no change hook purges shared caches. The scheduled expiry sweep
// (src/kits/job.ts, each minute) calls this to purge what just expired.

/**
 * How far back a sweep looks for review dates that passed. Several sweeps see the same expiry
 * (a purge is idempotent); one that ran late by less than this still catches it.
 */
export const EXPIRY_PURGE_LOOKBACK_MS = 10 * 60_000

/** Purges the keys of the published resources whose review date passed recently; returns how many. */
export async function purgeExpiredResources(payload: Payload, at: Date): Promise<number> {
  const { docs } = await payload.find({
    collection: 'resources',
    where: {
      and: [
        { status: { equals: 'published' } },
        {
          nextReviewAt: {
            greater_than: new Date(at.getTime() - EXPIRY_PURGE_LOOKBACK_MS).toISOString(),
          },
        },
        { nextReviewAt: { less_than_equal: at.toISOString() } },
      ],
    },
    select: {},
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  if (!docs.length) return 0
  // RESOURCES_KEY: every list, page and help block showing resources; each key: its answers and
  // the kits drawing its card (their files carry `resources/<id>`).
  await purgeCaches([RESOURCES_KEY, ...docs.map((doc) => resourceKey(doc.id))], payload.logger)
  return docs.length
}
