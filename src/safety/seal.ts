import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

import type { DataKeys } from '../lib/dataKey'

/**
 * AES-256-GCM for single field values. A sealed value is one string:
 *
 *   rk1:<key id>:<seal id>:<nonce>:<ciphertext + tag>      (base64url parts)
 *
 * - a random 96-bit nonce per value;
 * - the associated data is `<collection>/<field>/<seal id>`, so a value copied into another
 *   field or another document does not open. The seal id is a random id the document gets when
 *   it is created and keeps for ever (its database id is not known before the insert); it is
 *   stored beside the values and repeated in each one, so that a read that selects only some
 *   fields can still open them, and a value whose seal id is not its document's is refused;
 * - the key id names which key sealed it (the current key, or the previous one while rotating).
 *
 * The encryption and index keys are derived from RELATO_DATA_KEY with HKDF, one for each use.
 */
const PREFIX = 'rk1'

export type Keyring = { current: DerivedKey; previous: DerivedKey | null }
type DerivedKey = { id: string; enc: Buffer; mac: Buffer }

const derive = (master: Buffer): DerivedKey => {
  const part = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32))
  return {
    id: part('relato key id v1').subarray(0, 6).toString('base64url'),
    enc: part('relato field encryption v1'),
    mac: part('relato contact index v1'),
  }
}

const cache = new WeakMap<DataKeys, Keyring>()

export function keyring(keys: DataKeys): Keyring {
  let ring = cache.get(keys)
  if (!ring) {
    ring = { current: derive(keys.current), previous: keys.previous ? derive(keys.previous) : null }
    cache.set(keys, ring)
  }
  return ring
}

/** Where a value belongs: its collection, field and the document's seal id. */
export type SealPlace = { collection: string; field: string; sealId: string }

const aad = ({ collection, field, sealId }: SealPlace) =>
  Buffer.from(`${collection}/${field}/${sealId}`, 'utf8')

export const isSealed = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith(`${PREFIX}:`)

export function seal(ring: Keyring, place: SealPlace, plain: string): string {
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', ring.current.enc, nonce)
  cipher.setAAD(aad(place))
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return [
    PREFIX,
    ring.current.id,
    place.sealId,
    nonce.toString('base64url'),
    body.toString('base64url'),
  ].join(':')
}

/** Why a sealed value could not be opened; never carries the value. */
export class UnreadableValue extends Error {
  constructor(readonly reason: 'malformed' | 'unknown-key' | 'wrong-place' | 'tampered') {
    super(`sealed value cannot be opened: ${reason}`)
    this.name = 'UnreadableValue'
  }
}

/** The parts of a sealed value (for rotation: which key sealed it, which document it belongs to). */
export function envelope(value: string): { keyId: string; sealId: string } {
  const parts = value.split(':')
  if (parts.length !== 5 || parts[0] !== PREFIX || !parts[2]) throw new UnreadableValue('malformed')
  return { keyId: parts[1], sealId: parts[2] }
}

/**
 * The plain value. `place.sealId` may be empty when the document's seal id was not read (a
 * `select`): the value's own seal id is used then; otherwise the two must agree.
 */
export function open(ring: Keyring, place: SealPlace, value: string): string {
  const { keyId, sealId } = envelope(value)
  const [, , , nonce, body] = value.split(':')
  if (place.sealId && place.sealId !== sealId) throw new UnreadableValue('wrong-place')
  const key = [ring.current, ring.previous].find((candidate) => candidate?.id === keyId)
  if (!key) throw new UnreadableValue('unknown-key')
  const bytes = Buffer.from(body, 'base64url')
  if (bytes.length < 16) throw new UnreadableValue('malformed')
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.enc, Buffer.from(nonce, 'base64url'))
    decipher.setAAD(aad({ ...place, sealId }))
    decipher.setAuthTag(bytes.subarray(bytes.length - 16))
    return Buffer.concat([
      decipher.update(bytes.subarray(0, bytes.length - 16)),
      decipher.final(),
    ]).toString('utf8')
  } catch {
    throw new UnreadableValue('tampered')
  }
}

/** Whether a sealed value was sealed with the current key (rotation skips those). */
export const sealedWithCurrent = (ring: Keyring, value: string): boolean =>
  envelope(value).keyId === ring.current.id

/**
 * Keyed hashes for exact-match search: one per key in the ring (current first), so that search
 * still finds documents not yet re-indexed while a rotation runs. The field name is part of the
 * input, so an email's hash never equals a phone's.
 */
export function indexHashes(ring: Keyring, field: string, normalized: string): string[] {
  return [ring.current, ring.previous]
    .filter((key): key is DerivedKey => key !== null)
    .map((key) =>
      createHmac('sha256', key.mac).update(`${field}\u0000${normalized}`).digest('base64url'),
    )
}
