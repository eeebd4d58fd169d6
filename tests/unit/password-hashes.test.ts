import crypto from 'node:crypto'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

import { rememberedPasswordHashes } from '../helpers/passwordHashes'

// tests/helpers/passwordHashes.ts (installed by tests/helpers/setup.ts) answers repeated PBKDF2
// calls from memory: the answers must be the real ones, for every input.
const pbkdf2 = promisify(crypto.pbkdf2)
type Input = [password: string, salt: string, rounds: number, length: number, digest: string]
const real = (...input: Input) => crypto.pbkdf2Sync(...input)

describe.skipIf(process.env.RELATO_TEST_SHORTCUTS === '0')('remembered password hashes', () => {
  it('are installed in test workers, and answer a repeated call with the real hash from memory', async () => {
    expect(crypto.pbkdf2.name).toBe('rememberingPbkdf2')
    const input: Input = ['a long password', 'salt-1', 1000, 32, 'sha256']
    const before = rememberedPasswordHashes()
    expect(await pbkdf2(...input)).toEqual(real(...input))
    expect(rememberedPasswordHashes()).toBe(before + 1)
    expect(await pbkdf2(...input)).toEqual(real(...input))
    expect(rememberedPasswordHashes()).toBe(before + 1)
  })

  it('compute anew for another password, salt, round count, length or digest', async () => {
    await pbkdf2('a long password', 'salt-1', 1000, 32, 'sha256')
    const variants: Input[] = [
      ['another password', 'salt-1', 1000, 32, 'sha256'],
      ['a long password', 'salt-2', 1000, 32, 'sha256'],
      ['a long password', 'salt-1', 1001, 32, 'sha256'],
      ['a long password', 'salt-1', 1000, 64, 'sha256'],
      ['a long password', 'salt-1', 1000, 32, 'sha512'],
    ]
    for (const input of variants) expect(await pbkdf2(...input)).toEqual(real(...input))
    // A Buffer and a string of the same bytes are the same input to PBKDF2.
    expect(await pbkdf2(Buffer.from('a long password'), 'salt-1', 1000, 32, 'sha256')).toEqual(
      real('a long password', 'salt-1', 1000, 32, 'sha256'),
    )
  })
})
