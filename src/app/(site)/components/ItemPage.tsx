import type { Locale } from '@/lib/locales'
import type { ItemDetail } from '@/public/types'

import { TEXT } from '../i18n'
import { Picture } from './Picture'
import { SiteShell, withLang } from './SiteShell'

/** A public story or artwork. Its HTML comes from our own Slate serializer, which escapes all text. */
export function ItemPage({ item, lang }: { item: ItemDetail; lang: Locale }) {
  const text = TEXT[lang]
  const path = `/${item.kind === 'story' ? 'stories' : 'artworks'}/${item.id}`
  const images = item.kind === 'story' ? item.images : item.image ? [item.image] : []
  return (
    <SiteShell lang={lang} path={path}>
      <article className="item" lang={item.language}>
        <header>
          <p className="kind" lang={lang}>
            {item.kind === 'story' ? text.story : text.artwork}
          </p>
          <h1>{item.title}</h1>
          <p className="attribution" lang={lang}>
            {text.by} {item.attribution}
          </p>
        </header>
        {images.map((image, index) => (
          <figure key={image.url}>
            <Picture image={image} sizes="(min-width: 48rem) 48rem, 100vw" priority={index === 0} />
          </figure>
        ))}
        {item.kind === 'story' && item.pullQuote ? <blockquote className="pull-quote">{item.pullQuote}</blockquote> : null}
        <div className="prose" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} />
        <dl className="facts" lang={lang}>
          {item.kind === 'story' && item.location ? (
            <>
              <dt>{text.place}</dt>
              <dd>{item.location}</dd>
            </>
          ) : null}
          {item.kind === 'story' && item.themes.length ? (
            <>
              <dt>{text.themes}</dt>
              <dd>{item.themes.join(', ')}</dd>
            </>
          ) : null}
          {item.kind === 'artwork' ? (
            <>
              <dt>{text.licence}</dt>
              <dd>{item.licence.url ? <a href={item.licence.url} rel="license noopener">{item.licence.name}</a> : item.licence.name}</dd>
            </>
          ) : null}
          {item.publishedAt ? (
            <>
              <dt>{text.published}</dt>
              <dd>
                <time dateTime={item.publishedAt}>{new Date(item.publishedAt).toLocaleDateString(lang === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long' })}</time>
              </dd>
            </>
          ) : null}
        </dl>
        {item.campaigns.length ? (
          <ul className="campaign-links" lang={lang}>
            {item.campaigns.map((slug) => (
              <li key={slug}>
                <a href={withLang(`/campaigns/${slug}`, lang)}>
                  {text.campaigns}: {slug}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </article>
    </SiteShell>
  )
}
