/** The rows one page of items is made of, keyed by the plans' names. */
export type PageRows = {
  /** `id` and each main plan's key. */
  main: Record<string, unknown>[]
  /** `parent`, `locale` and each localized plan's key. */
  locales: Record<string, unknown>[]
  /** `parent`, `order`, `path` and the relationship columns. */
  rels: Record<string, unknown>[]
  /** `parent`, `order`, `path`, `text`. */
  texts: Record<string, unknown>[]
  /** Per hasMany select field: `parent`, `order`, `value`. */
  selects: Map<string, Record<string, unknown>[]>
  /** Where the next page starts. */
  next: unknown
}

/** A page of these main rows, before its child rows are read; `next`: where the following starts. */
export const pageOf = (main: Record<string, unknown>[], next: unknown): PageRows => ({
  main,
  locales: [],
  rels: [],
  texts: [],
  selects: new Map(),
  next,
})
