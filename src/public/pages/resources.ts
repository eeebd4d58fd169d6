import { escapeHtml } from '../../lib/html'
import type { Locale } from '../../lib/locales'
import { servesLanguage } from '../../lib/languageTags'
import { RESOURCE_KINDS, type ResourceKind } from '../../policy/resources'
import { withLang } from '../../ui'
import { listenSection } from '../../ui/audio'
import type { PublicReadModel } from '../readModel'
import { type PublicResource, resourceAnchor } from '../resources'
import { type SitePage, sitePage } from './page'

// `/resources` and the help block on every story and campaign page (issue 16): what to do and
// whom to call, from the read model (published resources before their review date, in current
// translations only: src/policy/resources.ts decides).

export const RESOURCE_TEXT = {
  en: {
    title: 'Know your rights and where to get help',
    intro:
      'Cards to carry, hotlines, legal aid and support. Every entry here is checked by our team on a schedule; anything not checked in time is taken down.',
    help: 'Where to get help',
    allResources: 'All resources',
    doThis: 'What to do',
    toAgent: 'What to say to an agent',
    phones: 'Phone',
    area: 'Area served',
    languages: 'Languages',
    website: 'Website',
    checked: 'Last checked',
    inLanguage: 'This entry is shown in its original language.',
    empty: 'No resources are listed right now.',
    kinds: {
      'know-your-rights': 'Know your rights',
      hotline: 'Hotlines',
      'legal-aid': 'Legal aid',
      'mental-health': 'Mental health',
      sanctuary: 'Sanctuary',
      other: 'Other help',
    } satisfies Record<ResourceKind, string>,
  },
  es: {
    title: 'Conozca sus derechos y dónde pedir ayuda',
    intro:
      'Tarjetas para llevar, líneas de ayuda, asistencia legal y apoyo. Nuestro equipo revisa cada entrada con regularidad; lo que no se revisa a tiempo se retira.',
    help: 'Dónde pedir ayuda',
    allResources: 'Todos los recursos',
    doThis: 'Qué hacer',
    toAgent: 'Qué decirle a un agente',
    phones: 'Teléfono',
    area: 'Zona que atiende',
    languages: 'Idiomas',
    website: 'Sitio web',
    checked: 'Revisado por última vez',
    inLanguage: 'Esta entrada se muestra en su idioma original.',
    empty: 'No hay recursos en este momento.',
    kinds: {
      'know-your-rights': 'Conozca sus derechos',
      hotline: 'Líneas de ayuda',
      'legal-aid': 'Asistencia legal',
      'mental-health': 'Salud mental',
      sanctuary: 'Santuario',
      other: 'Otra ayuda',
    } satisfies Record<ResourceKind, string>,
  },
} as const

const languageName = (tag: string, lang: Locale): string => {
  try {
    return new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' }).of(tag) ?? tag
  } catch {
    return tag
  }
}

const telHref = (number: string) => `tel:${number.replace(/[^\d+]/g, '')}`

/** One resource as an article; `level` is its heading level (2 on /resources, 3 in help blocks). */
export function resourceArticle(
  resource: PublicResource,
  lang: Locale,
  { level = 3, full = true }: { level?: 2 | 3; full?: boolean } = {},
): string {
  const text = RESOURCE_TEXT[lang]
  const h = `h${level}`
  const own = escapeHtml(resource.language)
  const fact = (term: string, value: string) => `<dt>${term}</dt><dd>${value}</dd>`
  const phones = resource.phones
    .map(
      (phone) =>
        `<a href="${escapeHtml(telHref(phone.number))}">${escapeHtml(phone.number)}</a>` +
        (phone.hours ? ` <span lang="${own}">(${escapeHtml(phone.hours)})</span>` : ''),
    )
    .join('<br>')
  const facts = [
    phones ? fact(text.phones, phones) : '',
    resource.area ? fact(text.area, escapeHtml(resource.area)) : '',
    resource.languages.length
      ? fact(
          text.languages,
          escapeHtml(resource.languages.map((tag) => languageName(tag, lang)).join(', ')),
        )
      : '',
    resource.url
      ? fact(
          text.website,
          `<a href="${escapeHtml(resource.url)}" rel="noopener nofollow">${escapeHtml(new URL(resource.url).host)}</a>`,
        )
      : '',
    full && resource.reviewedAt
      ? fact(
          text.checked,
          `<time datetime="${escapeHtml(resource.reviewedAt)}">${new Date(resource.reviewedAt).toLocaleDateString(lang === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long' })}</time>`,
        )
      : '',
  ].join('')
  const card = resource.card
    ? (resource.card.doThis
        ? `<p><strong lang="${lang}">${text.doThis}:</strong> ${escapeHtml(resource.card.doThis)}</p>`
        : '') +
      (resource.card.toAgent
        ? `<blockquote class="pull-quote"><p><strong lang="${lang}">${text.toAgent}:</strong> ${escapeHtml(resource.card.toAgent)}</p></blockquote>`
        : '')
    : ''
  return (
    `<article class="card resource" id="${resourceAnchor(resource.id)}" lang="${own}"><div class="card-body">` +
    `<p class="kind" lang="${lang}">${text.kinds[resource.kind]}</p>` +
    `<${h}>${escapeHtml(resource.title)}</${h}>` +
    (resource.language !== lang ? `<p class="note" lang="${lang}">${text.inLanguage}</p>` : '') +
    (resource.summary ? `<p>${escapeHtml(resource.summary)}</p>` : '') +
    // Read aloud in the reader's language, for people who do not read (no autoplay, labelled).
    listenSection(
      {
        audio: resource.audio && { ...resource.audio, peaks: [], transcriptHtml: null },
        transcriptHtml: null,
        title: resource.title,
        language: lang,
      },
      lang,
      `listen-${resourceAnchor(resource.id)}`,
      level + 1,
    ) +
    card +
    (full && resource.bodyHtml ? `<div class="prose">${resource.bodyHtml}</div>` : '') +
    (facts ? `<dl class="facts" lang="${lang}">${facts}</dl>` : '') +
    `</div></article>`
  )
}

/** `/resources`: every public resource, grouped by kind, in the reader's language where current. */
export function resourcesPage(model: PublicReadModel, lang: Locale): SitePage {
  const text = RESOURCE_TEXT[lang]
  const all = model.resourceList({ locale: lang }) ?? []
  const sections = RESOURCE_KINDS.map((kind) => {
    const ofKind = all.filter((resource) => resource.kind === kind)
    if (!ofKind.length) return ''
    return (
      `<section aria-labelledby="kind-${kind}"><h2 id="kind-${kind}">${text.kinds[kind]}</h2>` +
      `<div class="resources">${ofKind.map((resource) => resourceArticle(resource, lang, { level: 3 })).join('')}</div></section>`
    )
  }).join('')
  return sitePage({
    lang,
    path: '/resources',
    title: text.title,
    content: `<h1>${text.title}</h1><p>${text.intro}</p>${sections || `<p>${text.empty}</p>`}`,
    meta: {
      title: text.title,
      description: text.intro,
      path: '/resources',
      base: model.baseUrl,
      lang,
    },
  })
}

/** How many entries a help block shows at most. */
export const HELP_BLOCK_SIZE = 6

/**
 * The help block on story and campaign pages: the campaigns' own resources first, then
 * mental-health and legal-aid contacts that serve the reader's language. Empty when none.
 */
export function helpBlock(
  model: PublicReadModel,
  campaigns: readonly string[],
  lang: Locale,
): string {
  const text = RESOURCE_TEXT[lang]
  const chosen = new Map<string, PublicResource>()
  for (const campaign of campaigns)
    for (const resource of model.resourceList({ locale: lang, campaign }) ?? [])
      chosen.set(resource.id, resource)
  for (const kind of ['mental-health', 'legal-aid'] as const)
    for (const resource of model.resourceList({ locale: lang, kind }) ?? [])
      if (servesLanguage(resource.languages, lang)) chosen.set(resource.id, resource)
  const shown = [...chosen.values()].slice(0, HELP_BLOCK_SIZE)
  if (!shown.length) return ''
  return (
    `<aside class="help" aria-labelledby="help-title" lang="${lang}"><h2 id="help-title">${text.help}</h2>` +
    shown.map((resource) => resourceArticle(resource, lang, { level: 3, full: false })).join('') +
    `<p><a href="${escapeHtml(withLang('/resources', lang))}">${text.allResources}</a></p></aside>`
  )
}
