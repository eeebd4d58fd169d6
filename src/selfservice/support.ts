import type { CollectionSlug, Payload } from 'payload'

import type { Locale } from '../lib/locales'

/**
 * Support contacts shown to a storyteller after they submit and on their management page
 * (issue 15): emotional support, legal help and hotlines, in their language. They come from the
 * `resources` collection (issue 16) where it exists.
 */
export const SUPPORT_KINDS = ['mental-health', 'legal-aid', 'hotline'] as const
export type SupportKind = (typeof SUPPORT_KINDS)[number]

export type SupportContact = {
  kind: SupportKind
  name: string
  phone: string | null
  url: string | null
  /** When they answer, or who they are for, in a few words. */
  note: string | null
}

const RESOURCES = 'resources' as CollectionSlug
const MAX_CONTACTS = 8

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? value.trim() : null
const webUrl = (value: unknown): string | null => {
  const given = text(value)
  if (!given) return null
  try {
    const url = new URL(given)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}

/** One resource as a contact, or null when it is not a support kind or has no name. */
export function toSupportContact(doc: Record<string, unknown>): SupportContact | null {
  const kind = doc.kind as SupportKind
  const name = text(doc.title) ?? text(doc.name)
  if (!SUPPORT_KINDS.includes(kind) || !name) return null
  return {
    kind,
    name,
    phone: text(doc.phone),
    url: webUrl(doc.url ?? doc.website),
    note: text(doc.hours) ?? text(doc.summary),
  }
}

/**
 * The support contacts in `lang`, as the public may read them (access applies: no user).
 * [] while the resources collection does not exist, and when it cannot be read: the page
 * around the block must never fail because of it.
 */
export async function supportContactsFor(
  payload: Payload,
  lang: Locale,
): Promise<SupportContact[]> {
  if (!payload.collections[RESOURCES]) return []
  try {
    const { docs } = await payload.find({
      collection: RESOURCES,
      where: { kind: { in: [...SUPPORT_KINDS] } },
      locale: lang,
      depth: 0,
      limit: MAX_CONTACTS,
      overrideAccess: false,
    })
    return docs
      .map((doc) => toSupportContact(doc as unknown as Record<string, unknown>))
      .filter((contact): contact is SupportContact => contact !== null)
  } catch (error) {
    payload.logger.warn({
      msg: 'Support contacts could not be read.',
      reason: error instanceof Error ? error.name : 'unknown',
    })
    return []
  }
}
