import { randomBytes } from 'node:crypto'
import path from 'node:path'

import { keptSecret } from './keptSecret'

/** Production start-up stops with this one line when the data key is missing or unusable. */
export class DataKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataKeyError'
  }
}

const HOW =
  'e.g. RELATO_DATA_KEY="$(openssl rand -base64 32)" — and keep a copy offline: without it the encrypted names and contacts cannot be read.'

/** The keys that protect names and contact details at rest: the current one and, while rotating, the previous one. */
export type DataKeys = { current: Buffer; previous: Buffer | null }

type Env = Record<string, string | undefined>

function decode(name: string, value: string): Buffer {
  const key = Buffer.from(value.trim(), 'base64')
  if (key.length !== 32 || key.toString('base64') !== value.trim()) {
    throw new DataKeyError(`${name} must be 32 bytes written in base64 (44 characters), ${HOW}`)
  }
  return key
}

/**
 * Like the session secret (src/lib/secret.ts): production must be given the key; development
 * keeps a generated one in data/ so that `npm run dev` needs no setup.
 */
export function resolveDataKeys(env: Env, dataDir: string): DataKeys {
  const previous = env.RELATO_DATA_KEY_PREVIOUS
    ? decode('RELATO_DATA_KEY_PREVIOUS', env.RELATO_DATA_KEY_PREVIOUS)
    : null
  if (env.RELATO_DATA_KEY)
    return { current: decode('RELATO_DATA_KEY', env.RELATO_DATA_KEY), previous }
  if (env.NODE_ENV === 'production') {
    // `next build` evaluates the config but never reads or writes a document; start-up checks again.
    if (env.NEXT_PHASE === 'phase-production-build')
      return { current: Buffer.alloc(32), previous: null }
    throw new DataKeyError(
      `RELATO_DATA_KEY is not set. Production needs the key that encrypts names and contacts at rest, ${HOW}`,
    )
  }
  const file = path.join(dataDir, '.relato-data-key')
  const kept = keptSecret(file, () => randomBytes(32).toString('base64'))
  return { current: decode(file, kept), previous }
}
