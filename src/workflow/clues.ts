// The clue finder (issue 15): what in a story's text could identify someone, for the reviewer to
// look at before ticking "identifying details removed". Separately harmless facts combine (jigsaw
// identification), so it also lists other public items sharing a name or place (sameNameOrPlace).
// Patterns, not understanding: it finds candidates in English and Spanish and misses what it
// cannot pattern-match; a reviewer still reads every word.

export const CLUE_KINDS = [
  'address',
  'phone',
  'email',
  'a-number',
  'case-number',
  'plate',
  'school',
  'workplace',
  'date',
] as const
export type ClueKind = (typeof CLUE_KINDS)[number]
export type Confidence = 'high' | 'low'
export type Clue = {
  kind: ClueKind
  text: string
  start: number
  end: number
  confidence: Confidence
}

type Rule = { kind: ClueKind; confidence: Confidence; pattern: RegExp }

const MONTHS_EN =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec'
const MONTHS_ES =
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre'
const STREET_EN =
  'street|st|avenue|ave|boulevard|blvd|road|rd|drive|dr|lane|ln|way|court|ct|place|pl'
const STREET_ES = 'calle|avenida|av|avda|bulevar|camino|callejón|calzada|paseo'
// Capitalised words (an initial keeps its dot; a full stop ends the name).
const WORD = "(?:[A-ZÁÉÍÓÚÑ]\\.|[A-ZÁÉÍÓÚÑ][\\p{L}'’-]*)"
const NAME = `${WORD}(?:\\s+(?:de\\s+(?:la\\s+|los\\s+)?)?${WORD}){0,4}`

const RULES: Rule[] = [
  {
    kind: 'email',
    confidence: 'high',
    pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu,
  },
  // A-numbers: A + 8 or 9 digits, with or without dashes or spaces (A-123-456-789, A 12345678).
  { kind: 'a-number', confidence: 'high', pattern: /\bA[\s#-]?(?:\d[\s-]?){7,8}\d\b/g },
  // Court and agency case numbers: a label, then letters and digits.
  {
    kind: 'case-number',
    confidence: 'high',
    pattern:
      /\b(?:case|file|docket|caso|expediente|n[úu]mero de caso)\s*(?:no\.?|number|n[º°o]\.?|n[úu]m(?:ero)?\.?|#|:)?\s*[A-Z]{0,4}-?\d[\dA-Z-]{3,}\b/giu,
  },
  {
    kind: 'phone',
    confidence: 'high',
    pattern: /(?:\+?\d{1,3}[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/g,
  },
  // 123 Main Street / 4521 W. Cesar Chavez Ave / Calle Olvera 125 / Avenida Reforma #45
  {
    kind: 'address',
    confidence: 'high',
    pattern: new RegExp(
      `\\b\\d{1,6}\\s+(?:[NSEWO]\\.?\\s+)?${NAME}\\s+(?:${STREET_EN})\\b\\.?`,
      'giu',
    ),
  },
  {
    kind: 'address',
    confidence: 'high',
    pattern: new RegExp(
      `\\b(?:${STREET_ES})\\s+${NAME}\\s*(?:#|n[º°o]\\.?\\s*)?\\d{1,6}\\b`,
      'giu',
    ),
  },
  // Licence plates: "plate(s) 7ABC123", "placa(s) ABC-1234", or the California shape 1ABC234.
  {
    kind: 'plate',
    confidence: 'high',
    pattern:
      /\b(?:plates?|licen[cs]e(?: plate)?|placas?|matr[íi]cula)\s*(?:number|n[úu]mero)?\s*:?\s*[A-Z0-9]{1,4}[\s-]?[A-Z0-9]{2,5}\b/giu,
  },
  { kind: 'plate', confidence: 'low', pattern: /\b\d[A-Z]{3}\d{3}\b/g },
  {
    kind: 'school',
    confidence: 'high',
    pattern: new RegExp(
      `\\b${NAME}\\s+(?:Elementary|Middle|High|Primary|Academy)(?:\\s+School)?\\b`,
      'gu',
    ),
  },
  {
    kind: 'school',
    confidence: 'high',
    pattern: new RegExp(
      `\\b(?:[Ee]scuela|[Cc]olegio|[Pp]reparatoria|[Ss]ecundaria|[Pp]rimaria|[Uu]niversidad)\\s+(?:de\\s+|del\\s+)?${NAME}`,
      'gu',
    ),
  },
  {
    kind: 'school',
    confidence: 'low',
    pattern:
      /\b(?:my|our|his|her|their) (?:daughter'?s?|son'?s?|kids'?|children'?s?)? ?school\b/giu,
  },
  {
    kind: 'workplace',
    confidence: 'high',
    pattern: new RegExp(
      `(?:\\b[Ww]ork(?:s|ed)? (?:at|for)|\\b[Ee]mployed (?:at|by)|\\b[Jj]ob at|\\b[Tt]rabaj(?:o|a|aba|é|amos|an) (?:en|para))\\s+(?:el\\s+|la\\s+|the\\s+)?${NAME}`,
      'gu',
    ),
  },
  {
    kind: 'date',
    confidence: 'high',
    pattern: new RegExp(
      `\\b(?:${MONTHS_EN})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b`,
      'giu',
    ),
  },
  {
    kind: 'date',
    confidence: 'high',
    pattern: new RegExp(
      `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS_EN})\\.?,?\\s+\\d{4}\\b`,
      'giu',
    ),
  },
  {
    kind: 'date',
    confidence: 'high',
    pattern: new RegExp(
      `\\b\\d{1,2}\\s+de\\s+(?:${MONTHS_ES})(?:\\s+(?:de|del)\\s+\\d{4})?\\b`,
      'giu',
    ),
  },
  { kind: 'date', confidence: 'high', pattern: /\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b/g },
  { kind: 'date', confidence: 'high', pattern: /\b\d{4}-\d{2}-\d{2}\b/g },
]

/** Every candidate clue in `text`, in order; overlapping finds keep the longest (an A-number is not also a phone). */
export function findClues(text: string): Clue[] {
  const found: Clue[] = []
  for (const rule of RULES) {
    for (const match of text.matchAll(rule.pattern)) {
      const start = match.index ?? 0
      found.push({
        kind: rule.kind,
        text: match[0].trim(),
        start,
        end: start + match[0].length,
        confidence: rule.confidence,
      })
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start))
  const kept: Clue[] = []
  for (const clue of found) {
    const last = kept[kept.length - 1]
    if (last && clue.start < last.end) {
      if (clue.end - clue.start > last.end - last.start) kept[kept.length - 1] = clue
      continue
    }
    kept.push(clue)
  }
  return kept
}

/** An override a reviewer gave for one clue, with their reason (kept with the checklist). */
export type ClueOverride = { text: string; reason: string }

/** High-confidence clues still in the text that no override with a reason covers. */
export function unresolvedClues(text: string, overrides: readonly ClueOverride[] = []): Clue[] {
  const covered = new Set(
    overrides
      .filter((override) => override.reason?.trim())
      .map((override) => override.text.trim().toLowerCase()),
  )
  return findClues(text).filter(
    (clue) => clue.confidence === 'high' && !covered.has(clue.text.toLowerCase()),
  )
}

type Named = {
  id: string
  kind: string
  displayName?: string | null
  pseudonym?: string | null
  location?: string | null
  creditLine?: string | null
}
export type SharedDetail = { id: string; kind: string; field: 'name' | 'place'; value: string }

const norm = (value: string | null | undefined) => (value ?? '').trim().toLowerCase()

/** Other public items that share this item's name, pseudonym or place (jigsaw identification). */
export function sameNameOrPlace(item: Named, others: readonly Named[]): SharedDetail[] {
  const names = new Set(
    [item.displayName, item.pseudonym, item.creditLine].map(norm).filter(Boolean),
  )
  const place = norm(item.location)
  const shared: SharedDetail[] = []
  for (const other of others) {
    if (other.id === item.id) continue
    const name = [other.displayName, other.pseudonym, other.creditLine].find((value) =>
      names.has(norm(value)),
    )
    if (name) shared.push({ id: other.id, kind: other.kind, field: 'name', value: name })
    if (place && norm(other.location) === place)
      shared.push({ id: other.id, kind: other.kind, field: 'place', value: other.location! })
  }
  return shared
}
