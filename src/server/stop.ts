import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Payload } from 'payload'

import { type Handler, requestUrl } from '../lib/request'
import {
  isStopped,
  PUBLIC_FILE_PATHS,
  PUBLIC_PATHS,
  refreshStop,
  STOP_RETRY_AFTER_SECONDS,
} from '../policy/stop'
import { problem } from './send'

/**
 * The emergency stop's one gate, before every route and before Next (src/policy/stop.ts decides):
 * a stopped public surface answers 503 with Retry-After and no content. Self-service (/submit,
 * /my-story) stays open: a storyteller must be able to withdraw during a crisis.
 */
export function createStopGate(payload: Payload): Handler {
  return async function answerIfStopped(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    const url = requestUrl(req)
    if (!url || (!PUBLIC_PATHS.test(url.pathname) && !url.pathname.startsWith('/api/')))
      return false
    if (!isStopped(url, await refreshStop(payload))) return false
    // Staff and owners keep their images and recordings (the admin shows them): the files' own
    // access decides for them.
    const { authorization, cookie } = req.headers
    if (
      PUBLIC_FILE_PATHS.test(url.pathname) &&
      (authorization || /(^|;\s*)payload-token=/.test(cookie ?? ''))
    )
      return false
    problem(res, 503, 'paused', 'This content is temporarily unavailable.', {
      'Retry-After': String(STOP_RETRY_AFTER_SECONDS),
    })
    return true
  }
}
