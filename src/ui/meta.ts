import { escapeHtml } from '../lib/html'
import type { Locale } from '../lib/locales'
import type { ImageRef } from '../public/types'

export type PageMeta = {
  title: string
  description: string
  /** The page's path (no query); `base` is the site's public address. */
  path: string
  base: string
  lang: Locale
  image?: ImageRef | null
  /** Stories and artworks can be embedded: their pages name the oEmbed endpoint. */
  oembed?: boolean
}

const meta = (attribute: 'name' | 'property', key: string, value: string | number) =>
  `<meta ${attribute}="${key}" content="${escapeHtml(String(value))}">`

/** Description, canonical and language alternates, Open Graph, Twitter card and oEmbed discovery. */
export function pageMeta({
  title,
  description,
  path,
  base,
  lang,
  image,
  oembed,
}: PageMeta): string {
  const url = `${base}${path}`
  const link = (rel: string, href: string, extra = '') =>
    `<link rel="${rel}" href="${escapeHtml(href)}"${extra}>`
  return [
    meta('name', 'description', description),
    link('canonical', `${url}?lang=${lang}`),
    link('alternate', `${url}?lang=en`, ' hreflang="en"'),
    link('alternate', `${url}?lang=es`, ' hreflang="es"'),
    oembed
      ? link(
          'alternate',
          `${base}/api/public/oembed?url=${encodeURIComponent(url)}&format=json`,
          ' type="application/json+oembed"',
        )
      : '',
    meta('property', 'og:title', title),
    meta('property', 'og:description', description),
    meta('property', 'og:url', url),
    meta('property', 'og:site_name', 'Relato'),
    meta('property', 'og:locale', lang === 'es' ? 'es_US' : 'en_US'),
    meta('property', 'og:type', oembed ? 'article' : 'website'),
    ...(image
      ? [
          meta('property', 'og:image', image.url),
          meta('property', 'og:image:width', image.width),
          meta('property', 'og:image:height', image.height),
          meta('property', 'og:image:alt', image.alt),
        ]
      : []),
    meta('name', 'twitter:card', image ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', title),
    meta('name', 'twitter:description', description),
  ].join('')
}
