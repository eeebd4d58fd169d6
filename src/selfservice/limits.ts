import type { IncomingMessage } from 'node:http'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

export type Limit = { points: number; seconds: number }

export type RateLimits = {
  /** New stories from one client. */
  submissions: Limit
  /** Management pages and actions from one client: also bounds guessing tokens. */
  management: Limit
}

type Env = Record<string, string | undefined>

const limitFrom = (raw: string | undefined, fallback: Limit): Limit => {
  const match = raw?.match(/^(\d+)\/(\d+)$/)
  return match ? { points: Number(match[1]), seconds: Number(match[2]) } : fallback
}

/** `SUBMISSION_RATE_LIMIT` and `MY_STORY_RATE_LIMIT` as "<requests>/<seconds>". */
export const rateLimitsFromEnv = (env: Env = process.env): RateLimits => ({
  submissions: limitFrom(env.SUBMISSION_RATE_LIMIT, { points: 5, seconds: 3600 }),
  management: limitFrom(env.MY_STORY_RATE_LIMIT, { points: 60, seconds: 600 }),
})

/**
 * The client's address, used only as a key in this process's memory: never stored, hashed
 * into anything kept, or logged. Behind a reverse proxy (TRUST_PROXY=true) it is the first
 * address in X-Forwarded-For.
 */
export function clientKey(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : ''
  return forwarded || req.socket.remoteAddress || 'unknown'
}

export type Limiter = (key: string) => Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>

export function limiter({ points, seconds }: Limit): Limiter {
  const memory = new RateLimiterMemory({ points, duration: seconds })
  return async (key) => {
    try {
      await memory.consume(key)
      return { ok: true }
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) }
    }
  }
}
