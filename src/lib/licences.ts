import type { Locale } from './locales'

type Licence = { name: Record<Locale, string>; url: string | null }

/**
 * Artwork licences, by the code stored on the artwork: their names in each language (admin,
 * public API, site, kits) and where to read them.
 */
export const LICENCES = {
  'arr-with-permission': {
    name: {
      en: 'All rights reserved, used with permission',
      es: 'Todos los derechos reservados, usada con permiso',
    },
    url: null,
  },
  'cc-by': {
    name: { en: 'CC BY 4.0', es: 'CC BY 4.0' },
    url: 'https://creativecommons.org/licenses/by/4.0/',
  },
  'cc-by-sa': {
    name: { en: 'CC BY-SA 4.0', es: 'CC BY-SA 4.0' },
    url: 'https://creativecommons.org/licenses/by-sa/4.0/',
  },
  'cc-by-nc': {
    name: { en: 'CC BY-NC 4.0', es: 'CC BY-NC 4.0' },
    url: 'https://creativecommons.org/licenses/by-nc/4.0/',
  },
  'cc-by-nc-nd': {
    name: { en: 'CC BY-NC-ND 4.0', es: 'CC BY-NC-ND 4.0' },
    url: 'https://creativecommons.org/licenses/by-nc-nd/4.0/',
  },
} as const satisfies Record<string, Licence>

export type LicenceCode = keyof typeof LICENCES

/** The licence stored under `code`, or undefined for an unknown one. */
export const licence = (code: unknown): Licence | undefined =>
  Object.hasOwn(LICENCES, String(code)) ? LICENCES[String(code) as LicenceCode] : undefined
