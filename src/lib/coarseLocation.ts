const STREET_WORDS = [
  'street',
  'st',
  'avenue',
  'ave',
  'av',
  'avenida',
  'boulevard',
  'blvd',
  'road',
  'rd',
  'drive',
  'dr',
  'lane',
  'ln',
  'way',
  'court',
  'ct',
  'place',
  'pl',
  'terrace',
  'highway',
  'hwy',
  'calle',
  'camino',
  'carretera',
  'paseo',
  'callejón',
  'apt',
  'apartment',
  'suite',
  'unit',
  'apto',
  'departamento',
  'depto',
  'piso',
  'número',
  'num',
  'no',
]
const streetWord = new RegExp(`(^|[\\s,.#])(${STREET_WORDS.join('|')})\\.?(?=$|[\\s,.#\\d])`, 'iu')

const CHECKS: { test: RegExp; reason: string }[] = [
  { test: /-?\d{1,3}\.\d+\s*[,;\s]\s*-?\d{1,3}\.\d+/, reason: 'it looks like map coordinates' },
  { test: /\d+\s*°/, reason: 'it looks like map coordinates' },
  { test: /\b\d{5}(-\d{4})?\b/, reason: 'it looks like a postal code' },
  { test: /(^|\s)#\s*\d/, reason: 'it looks like an apartment or unit number' },
  { test: /^\s*\d+[a-z]?\b/i, reason: 'it starts with a house number' },
]

/**
 * A story's place must stay coarse (a city or a neighbourhood): returns why a value looks
 * like a street address or coordinates, or null when it is fine.
 */
export function whyNotCoarse(value: string): string | null {
  for (const { test, reason } of CHECKS) if (test.test(value)) return reason
  if (/\d/.test(value) && streetWord.test(value)) return 'it looks like a street address'
  if (streetWord.test(value) && /\b(st|ave|blvd|rd|dr|calle|avenida)\b\.?/iu.test(value))
    return 'it looks like a street name'
  return null
}
