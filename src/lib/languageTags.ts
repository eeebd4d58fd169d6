/**
 * Any well-formed BCP 47 language tag, canonicalised (`ZAP` → `zap`, `es-mx` → `es-MX`), or null.
 * Resources serve people in languages the site's interface has no translation for (Zapotec
 * `zap`, K'iche' `quc`, Mixtec `mix`): the tag is checked for form only, never against a list.
 */
export function canonicalLanguageTag(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim() || value.length > 35) return null
  try {
    return Intl.getCanonicalLocales(value.trim())[0] ?? null
  } catch {
    return null
  }
}

/** Payload `validate` for a hasMany text field of language tags. */
export function validateLanguageTags(value: unknown): true | string {
  const list = Array.isArray(value) ? value : value == null ? [] : [value]
  const bad = list.filter((tag) => canonicalLanguageTag(tag) === null)
  return bad.length
    ? `Not a language tag (BCP 47, such as en, es-MX, zap, quc): ${bad.map(String).join(', ')}.`
    : true
}

/** Whether a resource serving `served` languages serves a reader of `reader` (es serves es-MX). */
export function servesLanguage(served: readonly string[], reader: string): boolean {
  const base = (tag: string) => tag.toLowerCase().split('-')[0]
  return served.some((tag) => base(tag) === base(reader))
}
