import type { ReactNode } from 'react'

import type { Locale } from '@/lib/locales'

import { TEXT } from '../i18n'

type Props = { lang: Locale; path: string; children: ReactNode }

const withLang = (path: string, lang: Locale) => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`

/** Landmarks, skip link and language switch shared by every public page. */
export function SiteShell({ lang, path, children }: Props) {
  const text = TEXT[lang]
  const other: Locale = lang === 'en' ? 'es' : 'en'
  return (
    <div lang={lang} className="site">
      <a className="skip" href="#content">
        {text.skip}
      </a>
      <header className="site-header">
        <a className="brand" href={withLang('/', lang)}>
          {text.site}
        </a>
        <nav aria-label={text.site}>
          <ul>
            <li>
              <a href={withLang('/gallery', lang)}>{text.gallery}</a>
            </li>
            <li>
              <a href={withLang('/submit', lang)}>{text.share}</a>
            </li>
            <li>
              <a href={withLang(path, other)} hrefLang={other} lang={other}>
                <span className="visually-hidden">{TEXT[other].language}: </span>
                {text.switchTo}
              </a>
            </li>
          </ul>
        </nav>
      </header>
      <main id="content" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{text.footer}</p>
      </footer>
    </div>
  )
}

export { withLang }
