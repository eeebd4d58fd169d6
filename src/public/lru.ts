/**
 * A least-recently-used cache bounded by bytes (as the caller counts them), not by entries:
 * a gallery page and a one-line 404 should not weigh the same. A Map keeps insertion order,
 * so re-inserting on a hit makes the first key the least recently used one.
 */
export class ByteLru<K, V> {
  private entries = new Map<K, { value: V; bytes: number }>()
  private used = 0

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size
  }

  /** Bytes held now (never more than `maxBytes`). */
  get bytes(): number {
    return this.used
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.value
  }

  /** Keeps `value` unless it alone is larger than the whole cache; evicts the oldest to fit it. */
  set(key: K, value: V, bytes: number): void {
    this.delete(key)
    if (bytes > this.maxBytes) return
    this.entries.set(key, { value, bytes })
    this.used += bytes
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.maxBytes) break
      this.entries.delete(oldest)
      this.used -= entry.bytes
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    this.used -= entry.bytes
  }

  clear(): void {
    this.entries.clear()
    this.used = 0
  }
}
