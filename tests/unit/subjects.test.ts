import { parseSubjectKey, subjectKey } from '../../src/lib/subjects'
import { describe, expect, it } from 'vitest'

describe('subject keys', () => {
  it('name an item by its collection and id, and read back', () => {
    expect(subjectKey('stories', 'a1')).toBe('stories/a1')
    expect(subjectKey('artworks', 7)).toBe('artworks/7')
    expect(parseSubjectKey(subjectKey('artworks', 'b2'))).toEqual({ kind: 'artworks', id: 'b2' })
  })

  it('read nothing from a key of another collection or a malformed one', () => {
    for (const key of ['campaigns/1', 'stories/', '/1', 'stories', '', 'storiesX/1'])
      expect(parseSubjectKey(key), key).toBeNull()
  })
})
