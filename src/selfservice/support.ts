import type { Locale } from '../lib/locales'
import { currentReadModel, type PublicResource } from '../public'

/**
 * Support contacts shown to a storyteller after they submit and on their management page
 * (issue 15): emotional support, legal help and hotlines, in their language, from the published
 * `resources` (issue 16).
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

const MAX_CONTACTS = 8

/** One public resource as a contact: its first phone line, its link, its hours or summary. */
export function toSupportContact(resource: PublicResource): SupportContact | null {
  const kind = resource.kind as SupportKind
  if (!SUPPORT_KINDS.includes(kind) || !resource.title) return null
  const phone = resource.phones[0]
  return {
    kind,
    name: resource.title,
    phone: phone?.number ?? null,
    url: resource.url,
    note: phone?.hours ?? resource.summary,
  }
}

/**
 * The support contacts serving `lang`, from the public read model: the policy has already
 * decided which resources are public and current (src/policy/resources.ts), so a resource past
 * its review date is never offered. [] before the model has started.
 */
export function supportContactsFor(lang: Locale): SupportContact[] {
  const resources = currentReadModel()?.resourceList({ locale: lang, reader: lang }) ?? []
  return resources
    .filter((resource) => !resource.languages.length || resource.languages.includes(lang))
    .map(toSupportContact)
    .filter((contact): contact is SupportContact => contact !== null)
    .slice(0, MAX_CONTACTS)
}
