import type { ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'

import type { Locale } from '../../lib/locales'
import { escapeHtml } from '../../lib/html'
import { htmlDocument, siteShell } from '../../ui'
import { QUICK_EXIT_SCRIPT, QUICK_EXIT_URL } from '../quickExit'
import { TEXT } from '../text'

type Props = { lang: Locale; path: string; title: string; noindex: boolean; children: ReactNode }

/** The form's own styles, on top of the site stylesheet (src/selfservice/http.ts serves them). */
export const SELF_SERVICE_STYLESHEET = '/self-service.css'

/**
 * A whole HTML page with the site's header and footer. These pages are rendered by our own
 * server (not Next): they need no JavaScript, load nothing from other hosts, and their
 * headers (no-referrer, noindex, CSP) are set in one place, src/selfservice/http.ts.
 */
export function renderPage({ lang, path, title, noindex, children }: Props): string {
  const head = `${noindex ? '<meta name="robots" content="noindex, nofollow">' : ''}<meta name="referrer" content="no-referrer"><link rel="stylesheet" href="${SELF_SERVICE_STYLESHEET}">`
  const content = renderToStaticMarkup(<div className="self-service">{children}</div>)
  return htmlDocument({
    lang,
    title,
    head,
    body:
      quickExit(lang) + siteShell(lang, path, content) + `<script>${QUICK_EXIT_SCRIPT}</script>`,
  })
}

/**
 * The quick exit: the first thing on the page and the first stop of the keyboard, on every
 * self-service page. No referrer is sent, so the neutral site learns nothing of where it came from.
 */
const quickExit = (lang: Locale): string =>
  `<div class="quick-exit-bar" lang="${lang}"><a id="quick-exit" class="quick-exit" href="${escapeHtml(QUICK_EXIT_URL)}" rel="noreferrer" aria-describedby="quick-exit-hint">${TEXT[lang].quickExit}</a>` +
  `<span id="quick-exit-hint" class="visually-hidden">${TEXT[lang].quickExitHint}</span></div>`

/** A label, its hint and its error, wired to the control with ids. */
export function describedBy(
  name: string,
  hint: boolean,
  error: string | undefined,
): string | undefined {
  const ids = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}
