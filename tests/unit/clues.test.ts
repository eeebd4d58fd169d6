import { describe, expect, it } from 'vitest'

import {
  type ClueKind,
  findClues,
  sameNameOrPlace,
  unresolvedClues,
} from '../../src/workflow/clues'

// Fixture texts written for this test: every identifying detail is invented.
const ENGLISH = [
  'We lived at 1423 W. Cesar Chavez Avenue until the raid.',
  'Call my cousin at (323) 555-0142 or write to rosa.m@example.org.',
  'My A-number is A-123-456-789 and the case no. 2023-IMM-4471 is still open.',
  'They wrote down the plate 7ABC123 of our car.',
  'My daughter goes to Lincoln Heights Elementary School.',
  'I work at Golden Star Restaurant on weekends.',
  'They took him on March 3, 2023, and again on 04/11/2024.',
].join(' ')

const SPANISH = [
  'Vivíamos en Calle Olvera 125 hasta la redada.',
  'Llama a mi prima al 323-555-0187 o escribe a rosa.m@ejemplo.org.',
  'Mi número A es A098765432 y el número de caso: CV-2022-0099 sigue abierto.',
  'Anotaron la placa ABC-1234 de nuestro carro.',
  'Mi hija va a la Escuela Primaria Benito Juárez.',
  'Trabajo en La Fonda Michoacana los fines de semana.',
  'Se lo llevaron el 3 de marzo de 2023.',
].join(' ')

const EXPECTED: [ClueKind, string][] = [
  ['address', '1423 W. Cesar Chavez Avenue'],
  ['phone', '(323) 555-0142'],
  ['email', 'rosa.m@example.org'],
  ['a-number', 'A-123-456-789'],
  ['case-number', 'case no. 2023-IMM-4471'],
  ['plate', 'plate 7ABC123'],
  ['school', 'Lincoln Heights Elementary School'],
  ['workplace', 'work at Golden Star Restaurant'],
  ['date', 'March 3, 2023'],
  ['date', '04/11/2024'],
]

const ESPERADO: [ClueKind, string][] = [
  ['address', 'Calle Olvera 125'],
  ['phone', '323-555-0187'],
  ['email', 'rosa.m@ejemplo.org'],
  ['a-number', 'A098765432'],
  ['case-number', 'número de caso: CV-2022-0099'],
  ['plate', 'placa ABC-1234'],
  ['school', 'Escuela Primaria Benito Juárez'],
  ['workplace', 'Trabajo en La Fonda Michoacana'],
  ['date', '3 de marzo de 2023'],
]

describe('clue finder', () => {
  it('catches each listed pattern in an English text', () => {
    const found = findClues(ENGLISH).map((clue) => [clue.kind, clue.text])
    for (const expected of EXPECTED) expect(found).toContainEqual(expected)
  })

  it('misses none of them in Spanish', () => {
    const found = findClues(SPANISH).map((clue) => [clue.kind, clue.text])
    for (const expected of ESPERADO) expect(found).toContainEqual(expected)
  })

  it('leaves a coarse place, a year and ordinary numbers alone', () => {
    expect(findClues('We came to Boyle Heights in 2019 with 3 children and 2 suitcases.')).toEqual(
      [],
    )
    expect(findClues('Llegamos a Boyle Heights en 2019 con 3 hijos.')).toEqual([])
  })

  it('an override needs a reason; without one the clue stays unresolved', () => {
    const text = 'Write to rosa.m@example.org.'
    expect(unresolvedClues(text)).toHaveLength(1)
    expect(unresolvedClues(text, [{ text: 'rosa.m@example.org', reason: ' ' }])).toHaveLength(1)
    expect(
      unresolvedClues(text, [
        { text: 'rosa.m@example.org', reason: 'The organisation’s public address, on purpose.' },
      ]),
    ).toEqual([])
  })

  it('lists other public items with the same pseudonym, name or place', () => {
    const shared = sameNameOrPlace(
      { id: '1', kind: 'stories', pseudonym: 'Luz', location: 'Boyle Heights' },
      [
        { id: '1', kind: 'stories', pseudonym: 'Luz' },
        { id: '2', kind: 'stories', displayName: 'luz ', location: 'Pico-Union' },
        { id: '3', kind: 'artworks', creditLine: 'Someone', location: 'Boyle Heights' },
      ],
    )
    expect(shared).toEqual([
      { id: '2', kind: 'stories', field: 'name', value: 'luz ' },
      { id: '3', kind: 'artworks', field: 'place', value: 'Boyle Heights' },
    ])
  })
})
