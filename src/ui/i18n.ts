import type { IncomingMessage } from 'node:http'

import { isLocale, type Locale } from '../lib/locales'

// The public site's words, in every interface language (the site pages and the self-service
// pages' shell share them).

export const TEXT = {
  en: {
    site: 'Relato',
    tagline: 'Stories, art and campaigns from immigrant communities, shared only with consent.',
    skip: 'Skip to content',
    gallery: 'Gallery',
    share: 'Share your story',
    help: 'Get help',
    campaigns: 'Campaign',
    language: 'Language',
    switchTo: 'Español',
    story: 'Story',
    artwork: 'Artwork',
    by: 'By',
    read: 'Read',
    previous: 'Previous page',
    next: 'Next page',
    page: (page: number, total: number) => `Page ${page} of ${total}`,
    empty: 'Nothing has been published here yet.',
    notFound: 'This page is not available.',
    licence: 'Licence',
    published: 'Published',
    place: 'Place',
    themes: 'Themes',
    allItems: 'See all stories and art',
    footer:
      'Everything here is shared with the consent of the people who made it. Consent can be withdrawn at any time.',
    contentNote: 'Content note',
    showImages: 'Show the images',
    imagesHidden: 'The images are blurred because of the content note.',
    listen: 'Listen',
    recordingOf: (title: string) => `Recording: ${title}`,
    length: 'Length',
    transcript: 'Read the transcript',
    noPlayer: 'Your browser cannot play this recording.',
    download: 'Download it (M4A)',
  },
  es: {
    site: 'Relato',
    tagline:
      'Historias, arte y campañas de comunidades inmigrantes, compartidas solo con consentimiento.',
    skip: 'Saltar al contenido',
    gallery: 'Galería',
    share: 'Comparte tu historia',
    help: 'Pedir ayuda',
    campaigns: 'Campaña',
    language: 'Idioma',
    switchTo: 'English',
    story: 'Historia',
    artwork: 'Obra',
    by: 'Por',
    read: 'Leer',
    previous: 'Página anterior',
    next: 'Página siguiente',
    page: (page: number, total: number) => `Página ${page} de ${total}`,
    empty: 'Todavía no se ha publicado nada aquí.',
    notFound: 'Esta página no está disponible.',
    licence: 'Licencia',
    published: 'Publicado',
    place: 'Lugar',
    themes: 'Temas',
    allItems: 'Ver todas las historias y obras',
    footer:
      'Todo lo que aparece aquí se comparte con el consentimiento de quienes lo crearon, que pueden retirarlo en cualquier momento.',
    contentNote: 'Aviso de contenido',
    showImages: 'Mostrar las imágenes',
    imagesHidden: 'Las imágenes están difuminadas por el aviso de contenido.',
    listen: 'Escuchar',
    recordingOf: (title: string) => `Grabación: ${title}`,
    length: 'Duración',
    transcript: 'Leer la transcripción',
    noPlayer: 'Tu navegador no puede reproducir esta grabación.',
    download: 'Descargarla (M4A)',
  },
} as const

export type Text = (typeof TEXT)[Locale]

/** `path` with `lang=` added to its query. */
export const withLang = (path: string, lang: Locale): string =>
  `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`

/**
 * The page language: `?lang=` when it names one, else the first language the browser asks for
 * (`Accept-Language: es-MX,…` → es), else English.
 */
export function requestLocale(req: Pick<IncomingMessage, 'headers'>, url: URL): Locale {
  const lang = url.searchParams.get('lang')
  if (isLocale(lang)) return lang
  return /^\s*es\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'es' : 'en'
}
