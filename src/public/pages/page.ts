import type { Locale } from '../../lib/locales'
import { htmlDocument, pageMeta, type PageMeta, siteShell } from '../../ui'

/** A site page as rendered from the read model: its HTML and, for its CSP, any inline style. */
export type SitePage = { status: 200 | 404; html: string; lang: Locale; inlineStyle?: string }

type Parts = {
  lang: Locale
  path: string
  title: string
  meta?: PageMeta
  content: string
  inlineStyle?: string
  noindex?: boolean
}

/** The whole document: head (title, meta tags, stylesheet), the site shell around `content`. */
export function sitePage(
  { lang, path, title, meta, content, inlineStyle, noindex }: Parts,
  status: 200 | 404 = 200,
): SitePage {
  const head =
    (noindex ? '<meta name="robots" content="noindex">' : '') +
    (meta ? pageMeta(meta) : '') +
    (inlineStyle ? `<style>${inlineStyle}</style>` : '')
  return {
    status,
    lang,
    inlineStyle,
    html: htmlDocument({ lang, title, head, body: siteShell(lang, path, content) }),
  }
}
