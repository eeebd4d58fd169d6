import type { ContentNote } from '../policy/contentNotes'
import type { Locale } from '../lib/locales'
import type { SubjectKind } from '../policy'

/** The public API's JSON shapes (DESIGN.md, "Public API contract"). */

export type ImageRef = {
  url: string
  width: number
  height: number
  alt: string
  srcset: { url: string; width: number }[]
}

export type ItemKind = 'story' | 'artwork'

/** One encoding of a recording: Opus in WebM first, then AAC in M4A (Safari). */
export type AudioSource = { url: string; type: string }

/** What a list needs to play a recording (issue 18): only with the item's `voice` consent. */
export type GalleryAudio = { sources: AudioSource[]; duration: number }

/** A recording as players use it (issue 18): only with the item's `voice` consent. */
export type AudioRef = GalleryAudio & {
  peaks: number[]
  transcriptHtml: string | null
}

/** A JSON Feed attachment (an encoding of an item's public recording). */
export type FeedAttachment = {
  url: string
  mime_type: string
  size_in_bytes?: number
  duration_in_seconds: number
}

/** What an item's detail says aloud: the sound only with `voice`, the transcript either way. */
export type Spoken = { audio: AudioRef | null; transcriptHtml: string | null }

export type GalleryItem = {
  id: string
  kind: ItemKind
  title: string
  excerpt: string
  attribution: string
  image: ImageRef | null
  language: string
  campaigns: string[]
  publishedAt: string | null
  url: string
  /** Content notes in the request's language (issue 15); empty when none. */
  contentNotes: ContentNote[]
  /** The recording's sources and length, or null (no recording, or no `voice` consent). */
  audio: GalleryAudio | null
}

export type StoryDetail = GalleryItem &
  Spoken & {
    kind: 'story'
    bodyHtml: string
    pullQuote: string | null
    location: string | null
    themes: string[]
    images: ImageRef[]
  }

export type ArtworkDetail = GalleryItem &
  Spoken & {
    kind: 'artwork'
    bodyHtml: string
    credit: string
    licence: { code: string; name: string; url: string | null }
    medium: string | null
    year: number | null
  }

export type ItemDetail = StoryDetail | ArtworkDetail

export type CampaignPublic = {
  slug: string
  title: string
  summary: string
  status: 'live' | 'ended'
  startsAt: string | null
  endsAt: string | null
  hashtags: string[]
  callToAction: { label: string; url: string } | null
  brand: { primaryColor: string; accentColor: string; logo: ImageRef | null }
  languages: string[]
  featured: GalleryItem[]
  url: string
}

export const KIND_OF: Record<SubjectKind, ItemKind> = { stories: 'story', artworks: 'artwork' }
export type { Locale }
