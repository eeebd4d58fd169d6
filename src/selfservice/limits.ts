import type { IncomingMessage } from 'node:http'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

export type Limit = { points: number; seconds: number }

export type RateLimits = {
  /** Stories saved from one client. Attempts (mistakes included) may be ten times as many. */
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
 * into anything kept, or logged. Behind a reverse proxy (TRUST_PROXY=true) it is the address
 * the proxy itself appended to X-Forwarded-For, the last one: the ones before it are whatever
 * the client chose to send.
 */
export function clientKey(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',').at(-1)?.trim() : ''
  return forwarded || req.socket.remoteAddress || 'unknown'
}

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number }

export type Limiter = {
  /** Counts one request and says whether it is within the limit. */
  take: (key: string) => Promise<Verdict>
  /** Says whether one more would be within the limit, without counting it. */
  peek: (key: string) => Promise<Verdict>
}

const OK: Verdict = { ok: true }
const refused = (msBeforeNext: number): Verdict => ({ ok: false, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) })

export function limiter({ points, seconds }: Limit): Limiter {
  const memory = new RateLimiterMemory({ points, duration: seconds })
  return {
    take: async (key) => {
      try {
        await memory.consume(key)
        return OK
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection
        return refused(rejection.msBeforeNext)
      }
    },
    peek: async (key) => {
      const used = await memory.get(key)
      return used && used.consumedPoints >= points ? refused(used.msBeforeNext) : OK
    },
  }
}
