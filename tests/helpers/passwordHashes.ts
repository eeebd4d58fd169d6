import crypto, { type BinaryLike } from 'node:crypto'

/**
 * Payload hashes passwords with PBKDF2 at 600,000 rounds (about half a second of a core each),
 * once when an account is made and again at every sign-in with the right password: most test
 * files make a few accounts and sign each one in, and many sign in again later. PBKDF2 is a pure
 * function of its inputs, so this worker remembers each result and answers a repeated call
 * (a sign-in with the salt and password the account was made with) from memory. Every hash stays
 * the real one, so nothing a test checks about sign-in changes: a wrong password, a new salt or
 * a changed password is a new input, computed for real.
 */
const remembered = new Map<string, Buffer>()
const compute = crypto.pbkdf2

const text = (value: BinaryLike): string =>
  typeof value === 'string' ? `s${value}` : `b${Buffer.from(value as Uint8Array).toString('hex')}`

type Done = (error: Error | null, key: Buffer) => void

function rememberingPbkdf2(
  password: BinaryLike,
  salt: BinaryLike,
  iterations: number,
  keylen: number,
  digest: string,
  done: Done,
): void {
  const key = [digest, iterations, keylen, text(salt), text(password)].join(':')
  const known = remembered.get(key)
  if (known) {
    process.nextTick(done, null, Buffer.from(known))
    return
  }
  compute(password, salt, iterations, keylen, digest, (error, derived) => {
    if (!error) remembered.set(key, Buffer.from(derived))
    done(error, derived)
  })
}

export function rememberPasswordHashes(): void {
  ;(crypto as { pbkdf2: unknown }).pbkdf2 = rememberingPbkdf2
}

/** How many results this worker holds (for its own test). */
export const rememberedPasswordHashes = (): number => remembered.size
