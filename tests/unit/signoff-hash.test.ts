import { describe, expect, it } from 'vitest'

import { hashOf, snapshotOf } from '../../src/workflow/storytellerReview'

const story = {
  title: { en: 'The bakery', es: 'La panadería' },
  body: { en: [{ children: [{ text: 'Four in the morning' }] }] },
  displayName: 'Rosa M.',
  images: ['m1'],
}
const hash = (doc: Record<string, unknown>) => hashOf(snapshotOf('stories', doc))

describe('the sign-off hash', () => {
  it('is the same for an item with no recording or transcript as before those fields existed', () => {
    // What an approval given before issue 18 hashed: the snapshot without the two fields.
    const before = hashOf({
      title: story.title,
      body: { en: story.body.en, es: null },
      pullQuote: { en: null, es: null },
      displayName: 'Rosa M.',
      pseudonym: null,
      location: null,
      images: ['m1'],
    })
    expect(hash(story)).toBe(before)
    expect(hash({ ...story, recordings: [], transcript: { en: null, es: '' } })).toBe(before)
    expect(hash({ ...story, recordings: null, transcript: null })).toBe(before)
  })

  it('moves when a recording or a transcript is added', () => {
    const before = hash(story)
    expect(hash({ ...story, recordings: ['r1'] })).not.toBe(before)
    expect(hash({ ...story, transcript: { es: 'Cuatro de la mañana' } })).not.toBe(before)
  })
})
