import type { Payload, PayloadRequest } from 'payload'

import type { Locale } from '../lib/locales'

export type ShownConsentText = { id: string; version: string; body: string; hash: string | null; language: Locale }

/**
 * The active consent text as a person reads it: in their language, or in English when it has
 * not been translated yet (the record then says English was shown). Null: none is active.
 */
export async function activeConsentText(payload: Payload, lang: Locale, req?: PayloadRequest): Promise<ShownConsentText | null> {
  for (const language of lang === 'en' ? (['en'] as const) : ([lang, 'en'] as const)) {
    const { docs } = await payload.find({
      collection: 'consent-texts',
      where: { active: { equals: true } },
      sort: '-createdAt',
      limit: 1,
      depth: 0,
      locale: language,
      fallbackLocale: false,
      req,
    })
    const text = docs[0]
    if (text?.body) return { id: String(text.id), version: text.version, body: text.body, hash: text.hash ?? null, language }
  }
  return null
}
