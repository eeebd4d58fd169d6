/** The kinds of item the consent law covers, named by their collection slugs. */
export const SUBJECT_KINDS = ['stories', 'artworks'] as const
export type SubjectKind = (typeof SUBJECT_KINDS)[number]

/**
 * `<collection>/<id>`: how consent records, audit entries, kit assets, public changes and the
 * read model name one item. Kept as text so that it outlives an erased item.
 */
export type SubjectKey<K extends string = SubjectKind> = `${K}/${string}`

export const subjectKey = <K extends string>(kind: K, id: string | number): SubjectKey<K> =>
  `${kind}/${String(id)}`

const isSubjectKind = (kind: string): kind is SubjectKind =>
  (SUBJECT_KINDS as readonly string[]).includes(kind)

/** The kind and id of a story's or artwork's key; null for anything else. */
export function parseSubjectKey(key: string): { kind: SubjectKind; id: string } | null {
  const slash = key.indexOf('/')
  const kind = key.slice(0, slash)
  const id = key.slice(slash + 1)
  return slash > 0 && id && isSubjectKind(kind) ? { kind, id } : null
}
