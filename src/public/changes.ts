import { randomUUID } from 'node:crypto'
import type { PayloadRequest } from 'payload'

import { relationId } from '../lib/relations'
import { runAfterCommit } from '../lib/afterCommit'
import { campaignKey } from './keys'
import { purgeCaches } from './purge'

// The process's name in `public-changes`, shared by the two Payload instances of one process
// (server.ts and Next's), which update one read model: so it lives on globalThis.
const ORIGIN = Symbol.for('relato.publicChangesOrigin')
type Slot = { [ORIGIN]?: string }

export function processOrigin(): string {
  const slot = globalThis as Slot
  slot[ORIGIN] ??= randomUUID()
  return slot[ORIGIN]
}

/**
 * Records a public-affecting change in the writing request's transaction (append-only); once it
 * has committed, runs `update` (this process's read model) and then purges the same keys from
 * shared caches (src/public/purge.ts), in that order: a cache refilled after the purge gets the
 * new answer. Both before the changing request returns.
 */
export async function recordPublicChange(
  req: PayloadRequest,
  keys: string[],
  update?: () => Promise<void> | void,
): Promise<void> {
  await req.payload.create({
    collection: 'public-changes',
    data: { keys: [...new Set(keys)], origin: processOrigin() },
    depth: 0,
    overrideAccess: true,
    req,
  })
  if (update) await runAfterCommit(req, update)
  await runAfterCommit(req, () => purgeCaches(keys, req.payload.logger))
}

/** Campaign slugs for campaign ids (one read, in the writing request's transaction). */
export async function campaignSlugs(req: PayloadRequest, values: unknown[]): Promise<string[]> {
  const ids = [
    ...new Set(
      values
        .map(relationId)
        .filter((id) => id !== undefined)
        .map(String),
    ),
  ]
  if (!ids.length) return []
  const { docs } = await req.payload.find({
    collection: 'campaigns',
    where: { id: { in: ids } },
    select: { slug: true },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  return docs.map((doc) => campaignKey(doc.slug))
}
