import { escapeHtml } from '../lib/html'
import type { Locale } from '../lib/locales'
import { TEXT, withLang } from './i18n'
import { SITE_STYLESHEET } from './stylesheet'

// The frame of every public page, as HTML text: landmarks, skip link, language switch, footer.
// `content` and `head` are HTML already escaped by their makers.

/** Landmarks, skip link and language switch shared by every public page. */
export function siteShell(lang: Locale, path: string, content: string): string {
  const text = TEXT[lang]
  const other: Locale = lang === 'en' ? 'es' : 'en'
  return (
    `<div lang="${lang}" class="site"><a class="skip" href="#content">${text.skip}</a>` +
    `<header class="site-header"><a class="brand" href="${escapeHtml(withLang('/', lang))}">${text.site}</a>` +
    `<nav aria-label="${text.site}"><ul>` +
    `<li><a href="${escapeHtml(withLang('/gallery', lang))}">${text.gallery}</a></li>` +
    `<li><a href="${escapeHtml(withLang('/submit', lang))}">${text.share}</a></li>` +
    `<li><a href="${escapeHtml(withLang('/resources', lang))}">${text.help}</a></li>` +
    `<li><a href="${escapeHtml(withLang(path, other))}" hreflang="${other}" lang="${other}"><span class="visually-hidden">${TEXT[other].language}: </span>${text.switchTo}</a></li>` +
    `</ul></nav></header>` +
    `<main id="content" tabindex="-1">${content}</main>` +
    `<footer class="site-footer"><p>${text.footer}</p></footer></div>`
  )
}

type DocumentParts = {
  lang: Locale
  /** The page's own title; " · Relato" is added. */
  title: string
  /** More of <head>: meta tags, links, stylesheets (already HTML). */
  head?: string
  /** The whole <body> content (already HTML). */
  body: string
}

/** A whole HTML document with the site stylesheet. */
export function htmlDocument({ lang, title, head = '', body }: DocumentParts): string {
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)} · Relato</title><link rel="stylesheet" href="${SITE_STYLESHEET.href}">${head}</head><body>${body}</body></html>`
  )
}
