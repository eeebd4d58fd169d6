import type { Where } from 'payload'

import { type CurrentConsent, isExpired } from './consent'
import { SURFACE_SCOPES, type Surface } from './scopes'

/** A story or artwork, as far as visibility is concerned. */
export type VisibilityItem = { status?: string | null }

/**
 * THE rule: an item appears on a surface only when it is published and its current consent
 * (not withdrawn, not expired) includes every scope that surface needs.
 */
export function isVisible(
  item: VisibilityItem,
  consent: CurrentConsent | null,
  surface: Surface,
  now: Date,
): boolean {
  if (item.status !== 'published' || !consent) return false
  if (isExpired(consent.expiresAt, now)) return false
  return SURFACE_SCOPES[surface].every((scope) => consent.scopes.includes(scope))
}

/**
 * `isVisible` as a database query over the stored consent summary (group `consent`), for
 * Payload access control. Tests check that both always agree.
 */
export function visibleWhere(surface: Surface, now: Date): Where {
  return {
    and: [
      { status: { equals: 'published' } },
      { 'consent.state': { equals: 'granted' } },
      ...SURFACE_SCOPES[surface].map((scope) => ({ [`consent.${scope}`]: { equals: true } })),
      {
        or: [
          { 'consent.expiresAt': { exists: false } },
          { 'consent.expiresAt': { greater_than: now.toISOString() } },
        ],
      },
    ],
  }
}
