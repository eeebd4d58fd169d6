import type { Locale, LocalizedDoc } from '../lib/locales'
import { type ConsentSummary, consentFromSummary } from './consent'
import { isFieldPublic, project, type PublicProjection, type SubjectKind } from './projection'
import type { Scope } from './scopes'
import { isVisible } from './visibility'

// The social surface (social-media kits): which items, which of their fields, and what a kit
// asset made earlier may still be served. Kits read these; they decide nothing themselves.

type SubjectDoc = LocalizedDoc & { status?: string | null; consent?: unknown }

export type SocialView = {
  projection: PublicProjection
  /** The attribution is the person's own name (consent `named`); assets showing it need `named`. */
  showsName: boolean
  /** Images showing the storyteller may appear (stories: `photo`; artworks: their image always). */
  imagesAllowed: boolean
  /** What every asset of this item needs from consent. */
  needs: Scope[]
}

/** An item as a social-media kit may show it now, or null when it may not appear there. */
export function socialView(
  kind: SubjectKind,
  doc: SubjectDoc,
  now: Date,
  locale: Locale,
): SocialView | null {
  const consent = consentFromSummary(doc.consent as ConsentSummary | undefined, now)
  const projection = project(kind, doc, consent, 'social', now, locale)
  if (!projection || !consent) return null
  const nameField = kind === 'stories' ? 'displayName' : 'creditLine'
  const name = projection.fields[nameField]
  const showsName =
    isFieldPublic(kind, nameField, consent) && typeof name === 'string' && name.trim() !== ''
  return {
    projection,
    showsName,
    imagesAllowed: isFieldPublic(kind, kind === 'stories' ? 'images' : 'image', consent),
    needs: showsName ? ['social', 'named'] : ['social'],
  }
}

/**
 * Whether an asset made for an item, needing `needs` (e.g. `social`, `named`, `photo`), may be
 * served now: the item is visible on the social surface and its current consent holds them all.
 */
export function socialConsentCovers(doc: SubjectDoc, needs: readonly Scope[], now: Date): boolean {
  const consent = consentFromSummary(doc.consent as ConsentSummary | undefined, now)
  if (!isVisible(doc, consent, 'social', now)) return false
  return needs.every((scope) => consent!.scopes.includes(scope))
}

/** Whether the item's public page exists (the site surface): captions link there, else to the campaign. */
export function hasPublicPage(doc: SubjectDoc, now: Date): boolean {
  return isVisible(
    doc,
    consentFromSummary(doc.consent as ConsentSummary | undefined, now),
    'site',
    now,
  )
}
