import { SiteShell } from './components/SiteShell'
import { TEXT } from './i18n'

export default function NotFound() {
  return (
    <SiteShell lang="en" path="/gallery">
      <h1>{TEXT.en.notFound}</h1>
      <p lang="es">{TEXT.es.notFound}</p>
      <p>
        <a href="/gallery">{TEXT.en.gallery}</a> · <a href="/gallery?lang=es" lang="es">{TEXT.es.gallery}</a>
      </p>
    </SiteShell>
  )
}
