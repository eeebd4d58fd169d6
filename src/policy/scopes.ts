/** What a storyteller or artist can agree to. `press` is recorded for editors only. */
export const SCOPES = ['gallery', 'partners', 'social', 'press', 'named', 'photo', 'voice'] as const
export type Scope = (typeof SCOPES)[number]

/** Where public output appears. */
export const SURFACES = ['site', 'embed', 'social'] as const
export type Surface = (typeof SURFACES)[number]

/** The consent scopes each surface needs, all of them. */
export const SURFACE_SCOPES: Record<Surface, readonly Scope[]> = {
  site: ['gallery'],
  embed: ['gallery', 'partners'],
  social: ['social'],
}

/**
 * oEmbed answers are read by other sites (a blog's editor, a chat's link preview) and shown
 * there, as an embed is: whoever asks, they need the embed surface's consent.
 */
export const OEMBED_SURFACE = 'embed' satisfies Surface

/** Publishing needs consent for at least one of these. */
export const PUBLISHING_SCOPES: readonly Scope[] = ['gallery', 'partners', 'social']

export const SCOPE_LABELS: Record<Scope, { en: string; es: string }> = {
  gallery: { en: 'Publish on the site', es: 'Publicar en el sitio' },
  partners: { en: 'Share with partner sites', es: 'Compartir con sitios aliados' },
  social: { en: 'Use in social media', es: 'Usar en redes sociales' },
  press: { en: 'Share with the press', es: 'Compartir con la prensa' },
  named: { en: 'Show my name', es: 'Mostrar mi nombre' },
  photo: { en: 'Show my photo', es: 'Mostrar mi foto' },
  voice: { en: 'Use my voice', es: 'Usar mi voz' },
}
