import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

import { SITE_CSS } from './css'

/**
 * The site stylesheet as served: its URL carries a hash of its content, so it may be cached for
 * a year (a changed stylesheet has a new URL).
 */
function asset(css: string) {
  const body = Buffer.from(css)
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16)
  return {
    href: `/assets/site.${hash}.css`,
    body,
    gzip: gzipSync(body),
    etag: `"${hash}"`,
    type: 'text/css; charset=utf-8',
  }
}

export const SITE_STYLESHEET = asset(SITE_CSS)
export type StaticAsset = typeof SITE_STYLESHEET
