import type { Metadata } from 'next'

import type { Locale } from '@/lib/locales'
import type { ImageRef } from '@/public/types'

type PageMeta = { title: string; description: string; path: string; base: string; lang: Locale; image?: ImageRef | null; oembed?: boolean }

/** Open Graph, language alternates and oEmbed discovery for a public page. */
export function pageMetadata({ title, description, path, base, lang, image, oembed }: PageMeta): Metadata {
  const url = `${base}${path}`
  return {
    title: `${title} · Relato`,
    description,
    metadataBase: new URL(base),
    alternates: {
      canonical: `${url}?lang=${lang}`,
      languages: { en: `${url}?lang=en`, es: `${url}?lang=es` },
      ...(oembed ? { types: { 'application/json+oembed': `${base}/api/public/oembed?url=${encodeURIComponent(url)}&format=json` } } : {}),
    },
    openGraph: {
      title,
      description,
      url,
      siteName: 'Relato',
      locale: lang === 'es' ? 'es_US' : 'en_US',
      type: oembed ? 'article' : 'website',
      ...(image ? { images: [{ url: image.url, width: image.width, height: image.height, alt: image.alt }] } : {}),
    },
    twitter: { card: image ? 'summary_large_image' : 'summary', title, description },
  }
}
