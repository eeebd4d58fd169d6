import type { PayloadRequest } from 'payload'

export const LOCALES = ['en', 'es'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'en'

/**
 * A stored item read as plain data (depth 0, usually with `locale: 'all'`): its fields by name,
 * a localized field as a map from locale to value. The one shape the read model, the policy and
 * the kits read documents in.
 */
export type LocalizedDoc = Record<string, unknown> & { id: string | number }

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale)

/** The interface locale closest to a language tag (es-MX → es), or the default. */
export const localeFor = (language: string | null | undefined): Locale => {
  const base = language?.toLowerCase().split('-')[0]
  return isLocale(base) ? base : DEFAULT_LOCALE
}

/**
 * The locale an item was written in, from its title read with `locale: 'all'`: system updates
 * (a consent summary, a status) must be saved in a locale where the required title exists, or
 * Payload refuses them — a Spanish-only story could then not be withdrawn.
 */
export const contentLocale = (title: unknown): Locale => {
  if (title && typeof title === 'object') {
    const found = LOCALES.find(
      (locale) =>
        typeof (title as Record<string, unknown>)[locale] === 'string' &&
        (title as Record<string, string>)[locale].trim(),
    )
    if (found) return found
  }
  return DEFAULT_LOCALE
}

/**
 * Runs nested Payload operations inside a hook and gives the request back its own locale: Payload
 * sets `req.locale` to a nested read's, and the caller's save would go on in that language (a
 * Spanish story published from English saved its English fields as Spanish).
 */
export async function keepingRequestLocale<T>(
  req: PayloadRequest,
  run: () => Promise<T>,
): Promise<T> {
  const { locale, fallbackLocale } = req
  try {
    return await run()
  } finally {
    req.locale = locale
    req.fallbackLocale = fallbackLocale
  }
}
