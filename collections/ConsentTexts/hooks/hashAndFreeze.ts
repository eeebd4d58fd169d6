import { createHash } from 'node:crypto'
import type { CollectionBeforeChangeHook } from 'payload'

import { InputError } from '../../../src/lib/errors'
import { DEFAULT_LOCALE, isLocale } from '../../../src/lib/locales'
import type { ConsentText } from '../../../src/payload-types'

/** Identifies the exact words a person agreed to, in one language. */
export const consentTextHash = (version: string, locale: string, body: string): string =>
  createHash('sha256').update(`${version}\n${locale}\n${body}`).digest('hex')

/**
 * Computes the hash of the text being written (per locale), and freezes the wording of a
 * version once any consent record cites it: a change of wording is a new version.
 */
export const hashAndFreeze: CollectionBeforeChangeHook<ConsentText> = async ({
  data,
  originalDoc,
  operation,
  req,
}) => {
  const locale = isLocale(req.locale) ? req.locale : DEFAULT_LOCALE
  if (operation === 'update' && originalDoc) {
    // Compare with this language's own wording: adding a translation is not a rewording.
    const stored = await req.payload.findByID({
      collection: 'consent-texts',
      id: originalDoc.id,
      locale,
      fallbackLocale: false,
      depth: 0,
      req,
    })
    const reworded =
      (data.version !== undefined && data.version !== stored.version) ||
      (data.body !== undefined && Boolean(stored.body) && data.body !== stored.body)
    if (reworded) {
      const cited = await req.payload.count({
        collection: 'consent-records',
        where: { consentText: { equals: originalDoc.id } },
        req,
      })
      if (cited.totalDocs > 0) {
        throw new InputError(
          `Consent text ${stored.version} is cited by consent records; create a new version instead.`,
        )
      }
    }
  }
  const version = data.version ?? originalDoc?.version
  const body = data.body ?? originalDoc?.body
  return typeof version === 'string' && typeof body === 'string'
    ? { ...data, hash: consentTextHash(version, locale, body) }
    : data
}
