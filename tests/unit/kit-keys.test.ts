import { describe, expect, it } from 'vitest'

import { kitKeys } from '../../src/kits/http'
import type { LoadedKit } from '../../src/kits/manifest'
import { surrogateKey } from '../../src/public'

const kitOf = (items: number) =>
  ({
    files: Array.from({ length: items * 2 }, (_, index) => ({
      subject: `stories/${'x'.repeat(24)}${Math.floor(index / 2)}`,
    })),
  }) as unknown as LoadedKit

describe('a kit manifest’s Surrogate-Key', () => {
  it('names each item of a small kit, so a withdrawal purges exactly it', () => {
    expect(kitKeys('home', kitOf(3))).toEqual([
      'campaigns/home',
      `stories/${'x'.repeat(24)}0`,
      `stories/${'x'.repeat(24)}1`,
      `stories/${'x'.repeat(24)}2`,
    ])
  })

  it('stays within a header’s limits for a big campaign, purged then by any item change', () => {
    const keys = kitKeys('home', kitOf(400))
    expect(keys).toEqual(['campaigns/home', 'gallery'])
    expect(surrogateKey(keys).length).toBeLessThan(8 * 1024)
    // At the bound, the header is still far below Varnish's and Node's limits.
    expect(surrogateKey(kitKeys('home', kitOf(50))).length).toBeLessThan(4 * 1024)
  })
})
