export const LOCALES = ['en', 'es'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'en'

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale)

/** The interface locale closest to a language tag (es-MX → es), or the default. */
export const localeFor = (language: string | null | undefined): Locale => {
  const base = language?.toLowerCase().split('-')[0]
  return isLocale(base) ? base : DEFAULT_LOCALE
}
