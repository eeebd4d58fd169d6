import { describe, expect, it } from 'vitest'

import { ByteLru } from '../../src/public/lru'

describe('ByteLru', () => {
  it('evicts the least recently used entries to stay within its bytes', () => {
    const cache = new ByteLru<string, string>(100)
    cache.set('a', 'A', 40)
    cache.set('b', 'B', 40)
    expect(cache.get('a')).toBe('A') // now b is the oldest
    cache.set('c', 'C', 40)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBe('A')
    expect(cache.get('c')).toBe('C')
    expect(cache.bytes).toBe(80)
  })

  it('keeps nothing larger than itself, and counts a replaced entry once', () => {
    const cache = new ByteLru<string, string>(100)
    cache.set('big', 'x', 101)
    expect(cache.get('big')).toBeUndefined()
    cache.set('a', 'one', 60)
    cache.set('a', 'two', 70)
    expect(cache.bytes).toBe(70)
    expect(cache.size).toBe(1)
    cache.delete('a')
    expect(cache.bytes).toBe(0)
  })
})
