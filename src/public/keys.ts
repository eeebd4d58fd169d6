import { subjectKey } from '../lib/subjects'
import type { GalleryItem } from './types'

// Surrogate keys: the names of what a public answer shows, the same names a change records in
// `public-changes` (src/public/hooks.ts): `stories/<id>`, `artworks/<id>`, `campaigns/<slug>`,
// `gallery`. Caches in front (Varnish xkey, Fastly, Cloudflare) keep each answer under its keys,
// and a change purges its keys (src/public/purge.ts).

/** On every public answer: purging it empties shared caches of everything public (the emergency stop). */
export const ALL_KEY = 'relato'

/** Every list (gallery, feeds) and every 404 of a list or an unknown address: purged by any change. */
export const GALLERY_KEY = 'gallery'

export const itemKey = (item: Pick<GalleryItem, 'kind' | 'id'>): string =>
  subjectKey(item.kind === 'story' ? 'stories' : 'artworks', item.id)

/** Every answer that shows resources (issue 16): /resources, help blocks, embeds, feeds. */
export const RESOURCES_KEY = 'resources'

export const resourceKey = (id: string | number): string => `resources/${id}`

/** A campaign's key: its page, feed, kit and embed, and the lists it filters. */
export const campaignKey = (slug: string): string => `campaigns/${slug}`

/** What a key may be: an address's id can be anything, and a header cannot (a newline would throw). */
const SAFE_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)?$/

/**
 * The header's value: keys separated by spaces, each once. A key that is no real id or slug
 * (only a 404 for a made-up address has one) is left out: nothing will ever purge it.
 */
export const keyList = (keys: readonly string[]): string =>
  [...new Set(keys)].filter((key) => SAFE_KEY.test(key)).join(' ')

/** The Surrogate-Key header of a public answer: its keys and ALL_KEY. */
export const surrogateKey = (keys: readonly string[]): string => keyList([...keys, ALL_KEY])
