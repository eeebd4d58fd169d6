import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  attribution,
  type ConsentRecordLike,
  consentFromSummary,
  currentConsent,
  isFieldPublic,
  isHeldByPause,
  isVisible,
  NO_STOP,
  notHeldWhere,
  project,
  PUBLIC_FIELDS,
  SCOPES,
  type StopState,
  SUBJECT_KINDS,
  summarizeConsent,
  SURFACES,
} from '../../src/policy'

const NOW = new Date('2026-06-01T12:00:00Z')
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString()
const grant = (
  minute: number,
  scopes: ConsentRecordLike['scopes'],
  expiresAt?: string,
): ConsentRecordLike => ({
  action: 'grant',
  scopes,
  givenAt: at(minute),
  recordedAt: at(minute),
  expiresAt,
})
const withdraw = (minute: number): ConsentRecordLike => ({
  action: 'withdraw',
  recordedAt: at(minute),
})

describe('current consent', () => {
  it('is the newest record, whatever order the records come in', () => {
    const records = [grant(-10, ['gallery']), grant(-5, ['social']), grant(-20, ['partners'])]
    expect(currentConsent(records, NOW)?.scopes).toEqual(['social'])
    expect(currentConsent([...records].reverse(), NOW)?.scopes).toEqual(['social'])
  })

  it('is nothing after a withdrawal, or once the newest grant has expired', () => {
    expect(currentConsent([grant(-10, ['gallery']), withdraw(-5)], NOW)).toBeNull()
    expect(currentConsent([grant(-10, ['gallery'], at(-1))], NOW)).toBeNull()
    expect(currentConsent([grant(-10, ['gallery'], at(0))], NOW)).toBeNull()
    expect(currentConsent([grant(-10, ['gallery'], at(1))], NOW)?.scopes).toEqual(['gallery'])
    // An older, unexpired grant does not come back when the newest one expires.
    expect(
      currentConsent([grant(-20, ['gallery']), grant(-10, ['social'], at(-1))], NOW),
    ).toBeNull()
    expect(currentConsent([], NOW)).toBeNull()
  })

  it('reads the same from the stored summary as from the ledger', () => {
    const record = fc.record({
      action: fc.constantFrom('grant' as const, 'withdraw' as const),
      scopes: fc.subarray([...SCOPES]),
      minute: fc.integer({ min: -600, max: 0 }),
      expiresIn: fc.option(fc.integer({ min: -600, max: 600 })),
    })
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 900 }),
        (specs, later) => {
          const records = specs.map((spec, index): ConsentRecordLike => ({
            id: `r${index}`,
            action: spec.action,
            scopes: spec.scopes,
            givenAt: at(spec.minute),
            recordedAt: at(index),
            expiresAt:
              spec.expiresIn === null ? null : at(spec.minute + Math.abs(spec.expiresIn) + 1),
          }))
          const when = new Date(NOW.getTime() + later * 60_000)
          const summary = summarizeConsent(records[records.length - 1])
          const fromLedger = currentConsent(records, when)
          const fromSummary = consentFromSummary(summary, when)
          expect(fromSummary && { ...fromSummary, scopes: [...fromSummary.scopes].sort() }).toEqual(
            fromLedger && { ...fromLedger, scopes: [...fromLedger.scopes].sort() },
          )
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('isVisible', () => {
  const consent = (scopes: ConsentRecordLike['scopes'], expiresAt: string | null = null) =>
    currentConsent([{ ...grant(-1, scopes), expiresAt }], NOW)

  it('needs published status and every scope of the surface', () => {
    const published = { status: 'published' }
    expect(isVisible(published, consent(['gallery']), 'site', NOW)).toBe(true)
    expect(isVisible(published, consent(['gallery']), 'embed', NOW)).toBe(false)
    expect(isVisible(published, consent(['gallery', 'partners']), 'embed', NOW)).toBe(true)
    expect(isVisible(published, consent(['partners']), 'site', NOW)).toBe(false)
    expect(isVisible(published, consent(['social']), 'social', NOW)).toBe(true)
    expect(isVisible(published, consent(['press', 'named', 'photo', 'voice']), 'site', NOW)).toBe(
      false,
    )
    for (const status of [
      'submitted',
      'in_review',
      'approved',
      'archived',
      'withdrawn',
      'rejected',
      undefined,
    ]) {
      for (const surface of SURFACES) {
        expect(
          isVisible({ status }, consent(['gallery', 'partners', 'social']), surface, NOW),
        ).toBe(false)
      }
    }
    expect(isVisible(published, null, 'site', NOW)).toBe(false)
  })

  it('re-checks expiry at the moment asked', () => {
    const expiring = consent(['gallery'], at(30))
    expect(isVisible({ status: 'published' }, expiring, 'site', NOW)).toBe(true)
    expect(
      isVisible({ status: 'published' }, expiring, 'site', new Date(NOW.getTime() + 31 * 60_000)),
    ).toBe(false)
  })
})

describe('public projection', () => {
  const story = {
    id: 's1',
    status: 'published',
    title: 'Title',
    displayName: 'Real Name',
    pseudonym: 'Alias',
    images: ['m1'],
    legalName: 'Secret Legal',
    contactEmail: 'secret@example.org',
    reviewNotes: 'internal',
    owner: 'u1',
    consent: { state: 'granted' },
  }

  it('never copies a field the table does not name, for any consent', () => {
    fc.assert(
      fc.property(fc.subarray([...SCOPES]), fc.constantFrom(...SURFACES), (scopes, surface) => {
        const projection = project(
          'stories',
          story,
          currentConsent([grant(-1, scopes)], NOW),
          surface,
          NOW,
          'en',
        )
        if (!projection) return
        for (const key of Object.keys(projection.fields))
          expect(Object.keys(PUBLIC_FIELDS.stories)).toContain(key)
        const text = JSON.stringify(projection)
        for (const secret of ['Secret Legal', 'secret@example.org', 'internal', 'u1'])
          expect(text).not.toContain(secret)
      }),
    )
  })

  it('credits the name only with named, else the pseudonym, else Anonymous / Anónimo', () => {
    const named = currentConsent([grant(-1, ['gallery', 'named'])], NOW)
    const unnamed = currentConsent([grant(-1, ['gallery'])], NOW)
    expect(attribution('stories', story, named, 'en')).toBe('Real Name')
    expect(attribution('stories', story, unnamed, 'en')).toBe('Alias')
    expect(attribution('stories', { displayName: 'Real Name' }, unnamed, 'es')).toBe('Anónimo')
    expect(attribution('stories', {}, named, 'en')).toBe('Anonymous')
    expect(attribution('artworks', { creditLine: 'Artist' }, unnamed, 'en')).toBe('Anonymous')
    expect(attribution('artworks', { creditLine: 'Artist' }, named, 'en')).toBe('Artist')
  })

  it('includes images only with photo, and the pseudonym only without named', () => {
    const withPhoto = project(
      'stories',
      story,
      currentConsent([grant(-1, ['gallery', 'photo'])], NOW),
      'site',
      NOW,
      'en',
    )
    const without = project(
      'stories',
      story,
      currentConsent([grant(-1, ['gallery'])], NOW),
      'site',
      NOW,
      'en',
    )
    expect(withPhoto?.fields.images).toEqual(['m1'])
    expect(without?.fields).not.toHaveProperty('images')
    expect(without?.fields.pseudonym).toBe('Alias')
    expect(
      isFieldPublic('stories', 'pseudonym', currentConsent([grant(-1, ['gallery', 'named'])], NOW)),
    ).toBe(false)
    expect(
      isFieldPublic('stories', 'legalName', currentConsent([grant(-1, [...SCOPES])], NOW)),
    ).toBe(false)
    expect(isFieldPublic('stories', 'title', null)).toBe(false)
  })
})

describe('campaign pause', () => {
  const paused: StopState = {
    publicPaused: false,
    pausedCampaigns: ['targeted'],
    pausedCampaignIds: ['c1'],
    heldItems: new Set(['stories/s-featured', 'artworks/a-featured']),
  }
  const campaigns = fc.array(fc.constantFrom('c1', 'c2', 'c3', { id: 'c1' }, { id: 'c2' }), {
    maxLength: 3,
  })

  it('holds exactly the items that a paused campaign holds or features', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SUBJECT_KINDS),
        fc.constantFrom('s-featured', 'a-featured', 'other'),
        campaigns,
        (kind, id, itemCampaigns) => {
          const inPaused = itemCampaigns.some((c) => (typeof c === 'string' ? c : c.id) === 'c1')
          const featured = paused.heldItems.has(`${kind}/${id}`)
          expect(isHeldByPause(kind, id, itemCampaigns, paused)).toBe(inPaused || featured)
          expect(isHeldByPause(kind, id, itemCampaigns, NO_STOP)).toBe(false)
        },
      ),
    )
  })

  it('excludes the held items of each kind from database reads, and nothing when none is paused', () => {
    expect(notHeldWhere('stories', paused)).toEqual({ id: { not_in: ['s-featured'] } })
    expect(notHeldWhere('artworks', paused)).toEqual({ id: { not_in: ['a-featured'] } })
    expect(notHeldWhere('stories', NO_STOP)).toBeNull()
  })
})
