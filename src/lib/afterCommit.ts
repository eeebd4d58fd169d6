import type { BaseDatabaseAdapter, PayloadRequest } from 'payload'

/**
 * Work that must follow a write only once the write is durable (the public read model's update).
 *
 * Payload commits a transaction by calling its adapter's `commitTransaction(id)` (from
 * `commitTransaction(req)`, at the end of the outermost operation, or from our own multi-step
 * writes) and rolls back with `rollbackTransaction(id)` (`killTransaction`). `deferToCommit` wraps
 * both on one adapter: work queued for a transaction runs right after its commit succeeded, before
 * the committing operation returns (so a withdrawal is public before its request answers), and is
 * dropped on rollback or a failed commit (so a rolled-back change never reaches the model).
 * Without a transaction (SQLite here, MongoDB without a replica set) each write is already durable
 * when its hooks run: the work runs at once.
 */
type TransactionID = number | string
type Work = () => Promise<void> | void
type Adapter = Pick<BaseDatabaseAdapter, 'commitTransaction' | 'rollbackTransaction'>

const QUEUES = Symbol.for('relato.afterCommit')
type Deferring = Adapter & { [QUEUES]?: Map<TransactionID, Work[]> }

/** Makes `runAfterCommit` work on this adapter's transactions (once per adapter). */
export function deferToCommit(db: Adapter, onError: (error: unknown) => void): void {
  const adapter = db as Deferring
  if (adapter[QUEUES]) return
  const queues = new Map<TransactionID, Work[]>()
  adapter[QUEUES] = queues
  const commit = adapter.commitTransaction.bind(adapter)
  const rollback = adapter.rollbackTransaction.bind(adapter)

  adapter.commitTransaction = async (incoming) => {
    const id = await incoming
    try {
      await commit(id)
    } catch (error) {
      queues.delete(id)
      throw error
    }
    const work = queues.get(id) ?? []
    queues.delete(id)
    // One after the other, in the order the writes happened.
    for (const step of work) {
      try {
        await step()
      } catch (error) {
        onError(error)
      }
    }
  }
  adapter.rollbackTransaction = async (incoming) => {
    const id = await incoming
    queues.delete(id)
    await rollback(id)
  }
}

/** Runs `work` once `req`'s transaction has committed, or now when there is none. */
export async function runAfterCommit(
  req: Pick<PayloadRequest, 'payload' | 'transactionID'>,
  work: Work,
): Promise<void> {
  const id: unknown = await req.transactionID
  const queues = (req.payload.db as unknown as Deferring)[QUEUES]
  // Only a string or number names a transaction. Without one, `transactionID` is a promise of
  // null, or even `{}`: Payload's dataloader writes back a JSON round trip of that promise.
  if ((typeof id !== 'string' && typeof id !== 'number') || !queues) return work()
  const queue = queues.get(id) ?? []
  queue.push(work)
  queues.set(id, queue)
}
