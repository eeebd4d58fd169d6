import { SiteShell, withLang } from './components/SiteShell'
import { localeOf, TEXT } from './i18n'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

export default async function HomePage({ searchParams }: Props) {
  const lang = localeOf(await searchParams)
  const text = TEXT[lang]
  return (
    <SiteShell lang={lang} path="/">
      <h1>Relato</h1>
      <p>{text.tagline}</p>
      <p>
        <a className="button" href={withLang('/gallery', lang)}>
          {text.gallery}
        </a>
      </p>
    </SiteShell>
  )
}
