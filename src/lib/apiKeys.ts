import { createHash, randomBytes } from 'node:crypto'

/** Partner API keys: 32 random bytes, shown once; only their SHA-256 is stored. */
export const newApiKey = (): string => `rk_${randomBytes(32).toString('base64url')}`

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex')

/** The key from `Authorization: Bearer …` or `X-Relato-Key`, if any. */
export function apiKeyFrom(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(String(headers.authorization ?? ''))
  const value = bearer?.[1] ?? headers['x-relato-key']
  return typeof value === 'string' && value.startsWith('rk_') ? value : undefined
}
