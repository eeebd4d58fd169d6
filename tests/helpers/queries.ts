import type { Payload } from 'payload'

// Every read and write Payload's Local API makes goes through one of these adapter methods.
const OPERATIONS = /^(find|count|query|create|update|upsert|delete)/

/**
 * Counts the database operations `payload` makes while `work` runs, by wrapping its adapter's
 * methods (the real adapter still does the work; nothing is replaced).
 */
export async function countQueries(
  payload: Payload,
  work: () => Promise<void>,
): Promise<{ total: number; byName: Record<string, number> }> {
  const db = payload.db as unknown as Record<string, unknown>
  const byName: Record<string, number> = {}
  const originals = new Map<string, (...args: unknown[]) => unknown>()
  for (const name of Object.keys(db)) {
    const method = db[name]
    if (typeof method !== 'function' || !OPERATIONS.test(name)) continue
    originals.set(name, method as (...args: unknown[]) => unknown)
    db[name] = function (this: unknown, ...args: unknown[]) {
      byName[name] = (byName[name] ?? 0) + 1
      return (method as (...args: unknown[]) => unknown).apply(this, args)
    }
  }
  try {
    await work()
  } finally {
    for (const [name, method] of originals) db[name] = method
  }
  return { total: Object.values(byName).reduce((sum, count) => sum + count, 0), byName }
}
