import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import type { Payload } from 'payload'

import { STAMP_CHECK_INTERVAL_MS } from '../lib/follow'
import { processOrigin } from './changes'
import type { PublicReadModel } from './readModel'

export { STAMP_CHECK_INTERVAL_MS }

/**
 * How far back a poll looks. A change record carries its writer's clock at the time of the write,
 * and becomes visible only at commit: MongoDB aborts transactions older than 60 s, SQLite has none
 * here, and clocks of different machines drift a little. A record older than this when it
 * becomes visible would be missed.
 */
export const CHANGE_WINDOW_MS = 120_000

/** How long change records are kept, and how often the old ones are deleted. */
export const CHANGE_RETENTION_MS = 60 * 60_000
const PRUNE_EVERY_MS = 10 * 60_000

export type ChangeRecord = { id: string; at: number }

/**
 * Which other processes' change records this process has already caught up with, within the
 * window a poll looks at. Pure bookkeeping (unit-tested): the database query is in followChanges.
 */
export class ChangeWindow {
  private seen = new Map<string, number>()

  /** Records the changes a poll returned; true when one is new (the model must reload). */
  observe(records: ChangeRecord[], now: number): boolean {
    let fresh = false
    for (const record of records) {
      if (this.seen.has(record.id)) continue
      this.seen.set(record.id, record.at)
      fresh = true
    }
    // Anything older than the window can no longer come back from a poll.
    for (const [id, at] of this.seen) if (at < now - CHANGE_WINDOW_MS) this.seen.delete(id)
    return fresh
  }
}

/** Other processes' change records within the window, oldest first. */
export async function readForeignChanges(payload: Payload, now: number): Promise<ChangeRecord[]> {
  const { docs } = await payload.find({
    collection: 'public-changes',
    where: {
      and: [
        { createdAt: { greater_than: new Date(now - CHANGE_WINDOW_MS).toISOString() } },
        { origin: { not_equals: processOrigin() } },
      ],
    },
    select: { createdAt: true },
    sort: 'createdAt',
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  return docs.map((doc) => ({ id: String(doc.id), at: new Date(doc.createdAt).getTime() }))
}

/** Deletes change records past retention (every process does it now and then; idempotent). */
export async function pruneChanges(payload: Payload, now = Date.now()): Promise<void> {
  await payload.db.deleteMany({
    collection: 'public-changes',
    where: { createdAt: { less_than: new Date(now - CHANGE_RETENTION_MS).toISOString() } },
  })
}

/** What follows other processes' changes: the read model, and the kit view (src/kits/view.ts). */
export type Following = Pick<PublicReadModel, 'changes' | 'rebuild'>

export type Follower = (() => Promise<void>) & {
  stop: () => Promise<void>
  mode: () => 'change-stream' | 'polling'
}

/**
 * Keeps this process's read model in step with changes other server processes make to the
 * shared database. On a MongoDB replica set, a change stream on `public-changes` tells it at
 * once (no polling); elsewhere (SQLite; MongoDB without a replica set, or when the stream fails)
 * the returned `fresh()` polls before answering, at most every 250 ms. Either way the model
 * rebuilds when another process changed anything; its own changes are already applied.
 */
export function followChanges(payload: Payload, model: Following): Follower {
  let lastCheck = 0
  let running: Promise<void> | null = null
  let checking: Promise<void> | null = null
  let again = false
  let stream: { close: () => Promise<unknown> } | null = null
  let stopped = false

  /** One rebuild at a time; a change arriving during one asks for another after it. */
  function rebuild(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        await model.rebuild()
      } while (again)
    })()
      .catch((error: unknown) =>
        payload.logger.error({ err: error, msg: 'read model rebuild failed' }),
      )
      .finally(() => (running = null))
    return running
  }

  async function poll(): Promise<void> {
    const now = Date.now()
    if (model.changes.observe(await readForeignChanges(payload, now), now)) await rebuild()
  }

  function watch(): void {
    const adapter = payload.db as unknown as MongooseAdapter
    if (adapter.name !== 'mongoose' || adapter.transactionOptions === false) return
    try {
      const changes = adapter.collections['public-changes'].watch([
        { $match: { operationType: 'insert', 'fullDocument.origin': { $ne: processOrigin() } } },
      ])
      type Inserted = { fullDocument?: { _id?: unknown; createdAt?: Date | string } }
      changes.on('change', (event: Inserted) => {
        const now = Date.now()
        const doc = event.fullDocument
        if (doc?._id !== undefined)
          model.changes.observe(
            [{ id: String(doc._id), at: doc.createdAt ? new Date(doc.createdAt).getTime() : now }],
            now,
          )
        void rebuild()
      })
      // The stream sees only what commits after it is open; its first resume token says it is.
      // One poll then catches a change that committed between the model's start and that moment.
      let open = false
      changes.on('resumeTokenChanged', () => {
        if (open) return
        open = true
        void poll().catch((error: unknown) =>
          payload.logger.warn({ err: error, msg: 'public-changes catch-up poll failed' }),
        )
      })
      changes.on('error', (error: unknown) => {
        // Not a replica set after all, or the stream broke: poll from now on, and catch up.
        payload.logger.warn({
          err: error,
          msg: 'public-changes change stream failed; polling instead',
        })
        stream = null
        void changes.close().catch(() => undefined)
        if (!stopped) void rebuild()
      })
      stream = changes
    } catch (error) {
      payload.logger.warn({
        err: error,
        msg: 'public-changes change stream unavailable; polling instead',
      })
    }
  }

  watch()
  const prune = () =>
    void pruneChanges(payload).catch((error: unknown) =>
      payload.logger.warn({ err: error, msg: 'pruning public-changes failed' }),
    )
  prune()
  const pruning = setInterval(prune, PRUNE_EVERY_MS)
  pruning.unref()

  /** Resolves once the model reflects every change committed before the call (within the interval). */
  async function fresh(): Promise<void> {
    if (stream) return running ?? undefined
    const at = Date.now()
    if (at - lastCheck < STAMP_CHECK_INTERVAL_MS) return checking ?? running ?? undefined
    lastCheck = at
    checking ??= poll().finally(() => (checking = null))
    return checking
  }

  return Object.assign(fresh, {
    mode: () => (stream ? ('change-stream' as const) : ('polling' as const)),
    stop: async () => {
      stopped = true
      clearInterval(pruning)
      await stream?.close().catch(() => undefined)
      stream = null
      await running
    },
  })
}
