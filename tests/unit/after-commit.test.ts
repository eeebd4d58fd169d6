import { describe, expect, it } from 'vitest'

import { deferToCommit, runAfterCommit } from '../../src/lib/afterCommit'
import { ChangeWindow, CHANGE_WINDOW_MS } from '../../src/public/follow'

/**
 * A stand-in for a database adapter's transaction calls (the only part of the adapter
 * deferToCommit touches), logging what happens in which order.
 */
function fakeAdapter(log: string[], { failCommit = false } = {}) {
  return {
    commitTransaction: async (id: number | Promise<number | string> | string) => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      if (failCommit) throw new Error('WriteConflict')
      log.push(`commit ${await id}`)
    },
    rollbackTransaction: async (id: number | Promise<number | string> | string) => {
      log.push(`rollback ${await id}`)
    },
  }
}

const requestOn = (
  db: ReturnType<typeof fakeAdapter>,
  transactionID?: string | Promise<string | null> | object,
) => ({ payload: { db }, transactionID }) as unknown as Parameters<typeof runAfterCommit>[0]

describe('the read model changes only after the write commits', () => {
  it('runs a change queued in a transaction after the commit, in order, before the commit returns', async () => {
    const log: string[] = []
    const db = fakeAdapter(log)
    deferToCommit(db, (error) => log.push(`error ${String(error)}`))
    const req = requestOn(db, 't1')
    await runAfterCommit(req, () => void log.push('model: publish'))
    await runAfterCommit(req, () => void log.push('model: withdraw'))
    expect(log).toEqual([])
    await db.commitTransaction('t1')
    expect(log).toEqual(['commit t1', 'model: publish', 'model: withdraw'])
  })

  it('never applies a rolled-back change, nor one whose commit failed', async () => {
    const log: string[] = []
    const db = fakeAdapter(log)
    deferToCommit(db, () => undefined)
    await runAfterCommit(requestOn(db, 't1'), () => void log.push('model: named'))
    await db.rollbackTransaction('t1')
    // A later commit (another request) does not pick it up.
    await db.commitTransaction('t1')
    expect(log).toEqual(['rollback t1', 'commit t1'])

    const failing = fakeAdapter(log, { failCommit: true })
    deferToCommit(failing, () => undefined)
    await runAfterCommit(requestOn(failing, 't2'), () => void log.push('model: grant'))
    await expect(failing.commitTransaction('t2')).rejects.toThrow('WriteConflict')
    expect(log).not.toContain('model: grant')
  })

  it('keeps transactions apart', async () => {
    const log: string[] = []
    const db = fakeAdapter(log)
    deferToCommit(db, () => undefined)
    await runAfterCommit(requestOn(db, 'a'), () => void log.push('model: a'))
    await runAfterCommit(requestOn(db, 'b'), () => void log.push('model: b'))
    await db.rollbackTransaction('b')
    await db.commitTransaction('a')
    expect(log).toEqual(['rollback b', 'commit a', 'model: a'])
  })

  it('applies at once without a transaction: a promise of null, or the `{}` Payload leaves behind', async () => {
    const log: string[] = []
    const db = fakeAdapter(log)
    deferToCommit(db, () => undefined)
    await runAfterCommit(requestOn(db), () => void log.push('none'))
    await runAfterCommit(
      requestOn(db, Promise.resolve(null)),
      () => void log.push('promise of null'),
    )
    await runAfterCommit(requestOn(db, {}), () => void log.push('{}'))
    expect(log).toEqual(['none', 'promise of null', '{}'])
  })

  it('reports a failing model update without failing the committed write', async () => {
    const errors: unknown[] = []
    const log: string[] = []
    const db = fakeAdapter(log)
    deferToCommit(db, (error) => errors.push(error))
    await runAfterCommit(requestOn(db, 't'), () => {
      throw new Error('read failed')
    })
    await runAfterCommit(requestOn(db, 't'), () => void log.push('next still runs'))
    await db.commitTransaction('t')
    expect(errors).toHaveLength(1)
    expect(log).toEqual(['commit t', 'next still runs'])
  })
})

describe('following other processes’ change records', () => {
  it('reloads once per new record, never for one already seen, and forgets records past the window', () => {
    const window = new ChangeWindow()
    const now = 1_000_000_000
    expect(window.observe([], now)).toBe(false)
    expect(window.observe([{ id: 'a', at: now - 10 }], now)).toBe(true)
    expect(window.observe([{ id: 'a', at: now - 10 }], now + 100)).toBe(false)
    // A record that committed late (written earlier than one already seen) still counts.
    expect(
      window.observe(
        [
          { id: 'a', at: now - 10 },
          { id: 'b', at: now - 5_000 },
        ],
        now + 200,
      ),
    ).toBe(true)
    // Past the window a poll no longer returns it, and the bookkeeping drops it.
    const later = now + CHANGE_WINDOW_MS + 10_000
    expect(window.observe([], later)).toBe(false)
    expect(window.observe([{ id: 'c', at: later - 1 }], later)).toBe(true)
  })
})
