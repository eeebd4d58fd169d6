/**
 * A partner's site, as it may appear in `Content-Security-Policy: frame-ancestors`: exactly
 * `scheme://host[:port]`, https (http only for this machine), a DNS name or IPv4 address.
 * WHATWG URLs accept characters such as `;` or `*` in hosts, which would end or widen the CSP
 * directive, so the text itself is checked, not only what `new URL` makes of it.
 */
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const ORIGIN = new RegExp(`^(https|http)://(${LABEL}(?:\\.${LABEL})*|\\[::1\\])(?::(\\d{1,5}))?$`)
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

export function isFrameableOrigin(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = ORIGIN.exec(value)
  if (!match) return false
  const [, scheme, host, port] = match
  if (scheme === 'http' && !LOOPBACK.has(host)) return false
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535 || port.startsWith('0')))
    return false
  try {
    // Also what a browser would compare: no default port, no other spelling of the same origin.
    return new URL(value).origin === value
  } catch {
    return false
  }
}
