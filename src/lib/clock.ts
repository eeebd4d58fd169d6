/**
 * The one clock consent expiry is measured against. Tests move it forward to check that
 * expiry hides an item with no job running; nothing else may.
 */
let offsetMs = 0

export const now = (): Date => new Date(Date.now() + offsetMs)

export function advanceClockForTests(ms: number): void {
  if (process.env.NODE_ENV !== 'test') throw new Error('The clock can only be moved in tests.')
  offsetMs += ms
}

export function resetClockForTests(): void {
  if (process.env.NODE_ENV !== 'test') throw new Error('The clock can only be moved in tests.')
  offsetMs = 0
}
