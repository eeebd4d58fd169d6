import { relationId } from '../lib/relations'
import type { SubjectKind } from '../policy/projection'

/**
 * What the public reads of an item: a change to any of these (in any language) is a change of
 * content that a second person must see before it goes out (four eyes, see transition.ts).
 */
export const PUBLIC_CONTENT: Record<SubjectKind, readonly string[]> = {
  stories: [
    'title',
    'body',
    'pullQuote',
    'displayName',
    'pseudonym',
    'location',
    'images',
    'recordings',
    'transcript',
  ],
  artworks: [
    'title',
    'description',
    'creditLine',
    'medium',
    'year',
    'licence',
    'image',
    'recordings',
    'transcript',
  ],
}

const UPLOADS = new Set(['images', 'image', 'recordings'])

/** A comparable form: empty is empty, relations are their ids, rich text its JSON. */
function comparable(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return 'null'
  if (UPLOADS.has(field)) {
    const list = Array.isArray(value) ? value : [value]
    return JSON.stringify(list.map((item) => String(relationId(item))))
  }
  return JSON.stringify(value)
}

/** Whether saving `data` over `original` changes the public content (in the locale(s) being saved). */
export function changesPublicContent(
  kind: SubjectKind,
  original: object | undefined,
  data: object,
): boolean {
  return changesFields(PUBLIC_CONTENT[kind], original, data)
}

/** Whether saving `data` over `original` changes any of `fields` (those `data` names). */
export function changesFields(
  fields: readonly string[],
  original: object | undefined,
  data: object,
): boolean {
  const before = original as Record<string, unknown> | undefined
  const after = data as Record<string, unknown>
  return fields.some(
    (field) =>
      field in after && comparable(field, after[field]) !== comparable(field, before?.[field]),
  )
}
