import { randomBytes } from 'node:crypto'
import path from 'node:path'

import { keptSecret } from './keptSecret'

export class MissingSecretError extends Error {
  constructor() {
    super(
      'PAYLOAD_SECRET is not set. Production needs a long random secret, e.g. PAYLOAD_SECRET="$(openssl rand -hex 32)" npm start',
    )
    this.name = 'MissingSecretError'
  }
}

type Env = Record<string, string | undefined>

/**
 * Production must be given a secret. Development keeps a generated one in data/ so that
 * sessions survive restarts without anyone writing a .env file.
 */
export function resolveSecret(env: Env, dataDir: string): string {
  if (env.PAYLOAD_SECRET) return env.PAYLOAD_SECRET
  if (env.NODE_ENV === 'production') {
    // `next build` evaluates the config but never signs anything; start-up checks again.
    if (env.NEXT_PHASE === 'phase-production-build') return 'build-only-placeholder'
    throw new MissingSecretError()
  }
  const file = path.join(dataDir, '.payload-secret')
  return keptSecret(file, () => randomBytes(32).toString('hex')).trim()
}
