import type { Payload } from 'payload'

import type { PublicReadModel } from './readModel'

/** How often, at most, a process asks the database whether another process changed anything. */
export const STAMP_CHECK_INTERVAL_MS = 250

/**
 * Several server processes may share one database. Each changing request moves a counter in the
 * same transaction; before answering, a process checks the counter (at most every 250 ms) and
 * rebuilds its model when another process moved it. Staleness is bounded by the interval plus
 * one rebuild (bench/public-api measures it).
 */
/** The shared change counter, read as the system (no API exposes it). */
export async function readChangeCounter(payload: Payload): Promise<number> {
  const state = await payload.findGlobal({ slug: 'public-state', depth: 0, overrideAccess: true })
  return state.counter ?? 0
}

export function followChanges(payload: Payload, model: PublicReadModel) {
  let lastCheck = 0
  let running: Promise<void> | null = null

  async function check(): Promise<void> {
    if (model.changes.observe(await readChangeCounter(payload))) await model.rebuild()
  }

  /** Resolves once the model reflects every change committed before the call (within the interval). */
  return async function fresh(): Promise<void> {
    const at = Date.now()
    if (at - lastCheck < STAMP_CHECK_INTERVAL_MS) return running ?? undefined
    lastCheck = at
    running ??= check().finally(() => (running = null))
    return running
  }
}
