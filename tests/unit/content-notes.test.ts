import { describe, expect, it } from 'vitest'

import { captions } from '../../src/kits/captions'
import { contentNoteLine, contentNotesOf } from '../../src/policy/contentNotes'

describe('content notes', () => {
  it('are labelled in the request’s language, in the list’s order, unknown codes dropped', () => {
    expect(contentNotesOf(['death', 'detention', 'nonsense'], 'en')).toEqual([
      { code: 'detention', label: 'Detention' },
      { code: 'death', label: 'Death' },
    ])
    expect(contentNotesOf(['family-separation'], 'es')).toEqual([
      { code: 'family-separation', label: 'Separación familiar' },
    ])
    expect(contentNotesOf(null, 'es')).toEqual([])
  })

  it('open every kit caption, whole, in both languages', () => {
    for (const locale of ['en', 'es'] as const) {
      const note = contentNoteLine(contentNotesOf(['detention', 'deportation'], locale), locale)
      const all = captions({
        text: 'word '.repeat(600),
        attribution: 'Luz',
        link: 'https://relato.example/stories/1',
        hashtags: ['WeAreHome'],
        locale,
        note,
      })
      for (const caption of Object.values(all)) expect(caption.startsWith(`${note}\n\n`)).toBe(true)
    }
    expect(contentNoteLine(contentNotesOf(['detention', 'deportation'], 'es'), 'es')).toBe(
      'Aviso de contenido: Detención, Deportación.',
    )
  })
})
