import type { IncomingMessage } from 'node:http'
import { isIPv4, isIPv6 } from 'node:net'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

export type Limit = { points: number; seconds: number }

export type RateLimits = {
  /** Stories saved from one client. Attempts (mistakes included) may be ten times as many. */
  submissions: Limit
  /** Management pages and actions from one client: also bounds guessing tokens. */
  management: Limit
  /** Management links emailed to one address (so that nobody can flood someone's mailbox). */
  emailsPerAddress: Limit
  /** Management links emailed for one story. */
  emailsPerStory: Limit
}

type Env = Record<string, string | undefined>

const limitFrom = (raw: string | undefined, fallback: Limit): Limit => {
  const match = raw?.match(/^(\d+)\/(\d+)$/)
  return match ? { points: Number(match[1]), seconds: Number(match[2]) } : fallback
}

/** Each limit's environment variable, as "<requests>/<seconds>" (README, "Limits"). */
export const rateLimitsFromEnv = (env: Env = process.env): RateLimits => ({
  submissions: limitFrom(env.SUBMISSION_RATE_LIMIT, { points: 5, seconds: 3600 }),
  management: limitFrom(env.MY_STORY_RATE_LIMIT, { points: 60, seconds: 600 }),
  emailsPerAddress: limitFrom(env.EMAIL_LINK_ADDRESS_LIMIT, { points: 3, seconds: 86_400 }),
  emailsPerStory: limitFrom(env.EMAIL_LINK_STORY_LIMIT, { points: 1, seconds: 86_400 }),
})

/**
 * The client's address, used only as a key in this process's memory: never stored, hashed
 * into anything kept, or logged. Behind a reverse proxy (TRUST_PROXY=true) it is the address
 * the proxy itself appended to X-Forwarded-For, the last one: the ones before it are whatever
 * the client chose to send.
 */
export function clientKey(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy
    ? String(req.headers['x-forwarded-for'] ?? '')
        .split(',')
        .at(-1)
        ?.trim()
    : ''
  return addressKey(forwarded || req.socket.remoteAddress || 'unknown')
}

/**
 * One key per client network: an IPv4 address as it is (an IPv4-mapped IPv6 address as its IPv4),
 * an IPv6 address by its /64, since one subscriber usually holds a whole /64 and could rotate
 * through it. Anything else (a proxy's odd header) is used as written.
 */
export function addressKey(address: string): string {
  const plain = address
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase()
  if (isIPv4(plain)) return plain
  const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain)
  if (mapped && isIPv4(mapped[1])) return mapped[1]
  if (!isIPv6(plain)) return address
  const groups = expandIPv6(plain)
  // ::ffff:7f00:1, the hexadecimal form of a mapped IPv4 address.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.')
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded IPv4 tail included). */
function expandIPv6(address: string): number[] {
  let text = address
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (tail) {
    const [a, b, c, d] = tail[1].split('.').map(Number)
    text = `${text.slice(0, -tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, rest] = text.split('::')
  const left = head ? head.split(':') : []
  const right = rest === undefined ? [] : rest ? rest.split(':') : []
  const missing = 8 - left.length - right.length
  return [...left, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...right].map(
    (group) => parseInt(group, 16),
  )
}

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number }

export type Limiter = {
  /** Counts one request and says whether it is within the limit. */
  take: (key: string) => Promise<Verdict>
  /** Says whether one more would be within the limit, without counting it. */
  peek: (key: string) => Promise<Verdict>
}

const OK: Verdict = { ok: true }
const refused = (msBeforeNext: number): Verdict => ({
  ok: false,
  retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
})

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
