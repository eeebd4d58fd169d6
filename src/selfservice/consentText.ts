import type { Payload, PayloadRequest } from 'payload'

import { now } from '../lib/clock'
import { InputError } from '../lib/errors'
import type { Locale } from '../lib/locales'
import { type ConsentChoice, expiresAt } from './form'
import { TEXT } from './text'

export type ShownConsentText = {
  id: string
  version: string
  body: string
  hash: string | null
  language: Locale
}

/**
 * The active consent text as a person reads it: in their language, or in English when it has
 * not been translated yet (the record then says English was shown). Null: none is active.
 */
export async function activeConsentText(
  payload: Payload,
  lang: Locale,
  req?: PayloadRequest,
): Promise<ShownConsentText | null> {
  for (const language of lang === 'en' ? (['en'] as const) : ([lang, 'en'] as const)) {
    const { docs } = await payload.find({
      collection: 'consent-texts',
      where: { active: { equals: true } },
      sort: '-createdAt',
      limit: 1,
      // No count beside the find (it may run on a transaction's session: one operation at a time).
      pagination: false,
      depth: 0,
      locale: language,
      fallbackLocale: false,
      req,
    })
    const text = docs[0]
    if (text?.body)
      return {
        id: String(text.id),
        version: text.version,
        body: text.body,
        hash: text.hash ?? null,
        language,
      }
  }
  return null
}

/** The text a grant cites, or a 503 saying that submissions and changes are closed for now. */
export async function consentTextOrClosed(
  payload: Payload,
  lang: Locale,
): Promise<ShownConsentText> {
  const text = await activeConsentText(payload, lang)
  if (!text) throw new InputError(TEXT[lang].noConsentText, 503)
  return text
}

/** A grant made on one of our forms: the scopes chosen, the text shown and its language. */
export const recordWebFormGrant = (
  req: PayloadRequest,
  storyId: string,
  choice: ConsentChoice,
  text: ShownConsentText,
) =>
  req.payload.create({
    collection: 'consent-records',
    req,
    data: {
      subject: { relationTo: 'stories', value: storyId },
      action: 'grant',
      scopes: choice.scopes,
      consentText: text.id,
      method: 'web-form',
      language: text.language,
      expiresAt: expiresAt(choice.expiry, now()),
    },
  })
