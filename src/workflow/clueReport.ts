import type { PayloadRequest, Where } from 'payload'

import { LOCALES, type Locale } from '../lib/locales'
import { slateToPlainText } from '../lib/slate'
import {
  consentFromSummary,
  type ConsentSummary,
  project,
  projectionInputs,
  visibleWhere,
} from '../policy'
import { SUBJECT_KINDS, type SubjectKind } from '../policy/projection'
import { type Clue, findClues, type SharedDetail, sameNameOrPlace } from './clues'

// The clue finder's report for reviewers (issue 15): every clue in an item's public text, in
// every language, and the public items that share its name or place. Staff only: the report
// quotes the very details it warns about.

/** The public text a reader sees, per collection (rich text read as plain text). */
const TEXT_FIELDS: Record<SubjectKind, readonly string[]> = {
  stories: ['title', 'body', 'pullQuote'],
  artworks: ['title', 'description'],
}
const RICH_TEXT = new Set(['body', 'description'])

type Doc = Record<string, unknown>

/** One field's text in one language. */
export type TextPart = { field: string; lang: Locale; text: string }

/** Each text field in each language of an item read with `locale: 'all'` (empty ones left out). */
export function textParts(kind: SubjectKind, doc: Doc): TextPart[] {
  const parts: TextPart[] = []
  for (const field of TEXT_FIELDS[kind]) {
    const byLocale = (doc[field] ?? {}) as Record<string, unknown>
    for (const lang of LOCALES) {
      const value = byLocale?.[lang]
      const text = RICH_TEXT.has(field)
        ? value
          ? slateToPlainText(value)
          : ''
        : typeof value === 'string'
          ? value
          : ''
      if (text.trim()) parts.push({ field, lang, text })
    }
  }
  return parts
}

const EXCERPT_CONTEXT = 40

export type FoundClue = Pick<Clue, 'kind' | 'confidence' | 'text'> & {
  field: string
  lang: Locale
  /** The clue with a little text either side, to find it in the editor. */
  excerpt: { before: string; match: string; after: string }
}

export function cluesInParts(parts: readonly TextPart[]): FoundClue[] {
  return parts.flatMap(({ field, lang, text }) =>
    findClues(text).map((clue) => ({
      field,
      lang,
      kind: clue.kind,
      confidence: clue.confidence,
      text: clue.text,
      excerpt: {
        before: text.slice(Math.max(0, clue.start - EXCERPT_CONTEXT), clue.start),
        match: text.slice(clue.start, clue.end),
        after: text.slice(clue.end, clue.end + EXCERPT_CONTEXT),
      },
    })),
  )
}

/** Which of an item's own fields another kind's public items could share. */
const MATCHED: Record<SubjectKind, { names: readonly string[]; place: string | null }> = {
  stories: { names: ['displayName', 'pseudonym'], place: 'location' },
  artworks: { names: ['creditLine'], place: null },
}
const NEIGHBOURS_PER_KIND = 50

const textOf = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? value.trim() : null

/**
 * Public items (as the policy projects them for the site now) sharing this item's display name,
 * pseudonym, credit line or place. Only what the public actually reads counts: a name hidden by
 * consent cannot be combined by a reader.
 */
export async function publicNeighbours(
  req: PayloadRequest,
  kind: SubjectKind,
  doc: Doc,
  now: Date,
): Promise<SharedDetail[]> {
  const names = ['displayName', 'pseudonym', 'creditLine'].map((f) => textOf(doc[f]))
  const place = textOf(doc.location)
  const values = [...names, place].filter((value): value is string => Boolean(value))
  if (!values.length) return []
  const shared: SharedDetail[] = []
  for (const other of SUBJECT_KINDS) {
    const { names: nameFields, place: placeField } = MATCHED[other]
    const fields = [...nameFields, ...(placeField ? [placeField] : [])]
    // `like` finds candidates whatever their case; sameNameOrPlace keeps exact matches only.
    const or: Where[] = fields.flatMap((field) =>
      values.map((value) => ({ [field]: { like: value } })),
    )
    const { docs } = await req.payload.find({
      collection: other,
      where: { and: [visibleWhere('site', now), { or }] },
      select: Object.fromEntries(projectionInputs(other).map((field) => [field, true])),
      depth: 0,
      limit: NEIGHBOURS_PER_KIND,
      overrideAccess: true,
      req,
    })
    const visible = (docs as unknown as (Doc & { id: string })[]).flatMap((item) => {
      const projected = project(
        other,
        item,
        consentFromSummary(item.consent as ConsentSummary | undefined, now),
        'site',
        now,
        'en',
      )
      return projected
        ? [{ id: projected.id, kind: other, ...(projected.fields as Record<string, string>) }]
        : []
    })
    const self = {
      id: String(doc.id),
      kind,
      displayName: textOf(doc.displayName),
      pseudonym: textOf(doc.pseudonym),
      creditLine: textOf(doc.creditLine),
      location: place,
    }
    shared.push(
      ...sameNameOrPlace(
        self,
        visible.filter((item) => !(other === kind && item.id === self.id)),
      ),
    )
  }
  return shared
}
