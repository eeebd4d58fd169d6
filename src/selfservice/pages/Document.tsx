import type { ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'

import type { Locale } from '../../lib/locales'
import { SiteShell } from '../../app/(site)/components/SiteShell'

type Props = { lang: Locale; path: string; title: string; noindex: boolean; children: ReactNode }

/**
 * A whole HTML page with the site's header and footer. These pages are rendered by our own
 * server (not Next): they need no JavaScript, load nothing from other hosts, and their
 * headers (no-referrer, noindex, CSP) are set in one place, src/selfservice/http.ts.
 */
export function renderPage({ lang, path, title, noindex, children }: Props): string {
  const body = renderToStaticMarkup(
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {noindex ? <meta name="robots" content="noindex, nofollow" /> : null}
        <meta name="referrer" content="no-referrer" />
        <title>{`${title} · Relato`}</title>
        <link rel="stylesheet" href="/self-service.css" />
      </head>
      <body>
        <SiteShell lang={lang} path={path}>
          <div className="self-service">{children}</div>
        </SiteShell>
      </body>
    </html>,
  )
  return `<!doctype html>${body}`
}

/** A label, its hint and its error, wired to the control with ids. */
export function describedBy(name: string, hint: boolean, error: string | undefined): string | undefined {
  const ids = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean)
  return ids.length ? ids.join(' ') : undefined
}
