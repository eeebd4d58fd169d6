import type { Payload } from 'payload'

import { keyList } from './keys'

// Purging shared caches (a CDN, Varnish) when public output changes: `PURGE` with an
// `xkey-purge: <keys>` header to each address in CACHE_PURGE_URLS (comma-separated), sent after
// the change committed and the read model took it, before the changing request returns. A cache
// that does not answer in time is retried in the background: a withdrawal is never held up for
// long, and never fails, because a cache is down.

const TIMEOUT_MS = 2_000
/** Seconds after a failed purge to try again; the answers expire on their own after 30 s anyway. */
const RETRY_AFTER_MS = [1_000, 5_000, 15_000]

type Logger = Pick<Payload['logger'], 'warn' | 'error'>

export const purgeTargets = (value = process.env.CACHE_PURGE_URLS ?? ''): string[] =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)

/** Only the address's origin is ever logged (a purge URL could carry a token in its path or query). */
const where = (target: string) =>
  URL.canParse(target) ? new URL(target).origin : 'an invalid CACHE_PURGE_URLS entry'

async function purgeOnce(target: string, keys: string): Promise<string | null> {
  try {
    const response = await fetch(target, {
      method: 'PURGE',
      headers: { 'xkey-purge': keys },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    await response.arrayBuffer().catch(() => undefined)
    return response.ok ? null : `status ${response.status}`
  } catch (error) {
    // fetch's TypeError says little; its cause has the code (ECONNREFUSED) or the timeout's name.
    const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code
    return typeof cause === 'string' ? cause : error instanceof Error ? error.name : 'unknown error'
  }
}

function retry(target: string, keys: string, logger: Logger, attempt: number): void {
  const delay = RETRY_AFTER_MS[attempt]
  if (delay === undefined) {
    logger.error({ msg: 'cache purge gave up', cache: where(target), attempts: attempt + 1 })
    return
  }
  setTimeout(() => {
    void purgeOnce(target, keys).then((failure) => {
      if (failure) retry(target, keys, logger, attempt + 1)
    })
  }, delay).unref()
}

/** Purges `keys` from every cache in CACHE_PURGE_URLS; never throws, at most TIMEOUT_MS long. */
export async function purgeCaches(
  keys: readonly string[],
  logger: Logger,
  targets = purgeTargets(),
): Promise<void> {
  const header = keyList(keys)
  if (!targets.length || !header) return
  await Promise.all(
    targets.map(async (target) => {
      const failure = await purgeOnce(target, header)
      if (!failure) return
      // The keys name public items only, but none of them is needed to find the fault.
      logger.warn({
        msg: 'cache purge failed; retrying in the background',
        cache: where(target),
        reason: failure,
      })
      retry(target, header, logger, 0)
    }),
  )
}
