import type { Locale } from '@/lib/locales'
import type { GalleryItem } from '@/public/types'

import { TEXT } from '../i18n'
import { Picture } from './Picture'
import { withLang } from './SiteShell'

/** One story or artwork in a list: the whole title is the link; the rest describes it. */
export function ItemCard({ item, lang, headingLevel = 2 }: { item: GalleryItem; lang: Locale; headingLevel?: 2 | 3 }) {
  const text = TEXT[lang]
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  const path = `/${item.kind === 'story' ? 'stories' : 'artworks'}/${item.id}`
  return (
    <article className="card" lang={item.language}>
      {item.image ? <Picture image={item.image} sizes="(min-width: 60rem) 30vw, (min-width: 40rem) 45vw, 100vw" /> : null}
      <div className="card-body">
        <p className="kind" lang={lang}>
          {item.kind === 'story' ? text.story : text.artwork}
        </p>
        <Heading>
          <a href={withLang(path, lang)}>{item.title}</a>
        </Heading>
        {item.excerpt ? <p>{item.excerpt}</p> : null}
        <p className="attribution" lang={lang}>
          {text.by} {item.attribution}
        </p>
      </div>
    </article>
  )
}
