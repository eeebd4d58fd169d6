import { describe, expect, it } from 'vitest'

import { type KitCampaign, type MediaDoc, planItem } from '../../src/kits/plan'

const NAME = 'Canary Realname'
const at = new Date('2026-06-01T12:00:00Z')
const campaign: KitCampaign = {
  id: 'c1',
  slug: 'we-are-home',
  doc: { id: 'c1', brand: { primaryColor: '#123456' } },
  languages: ['en', 'es'],
  hashtags: ['#WeAreHome'],
  isPublic: true,
}
const media = new Map<string, MediaDoc>([
  [
    'm1',
    {
      id: 'm1',
      filename: 'face.jpg',
      alt: { en: 'A kitchen', es: 'Una cocina' },
      focalX: 30,
      focalY: 40,
    },
  ],
])

const story = (scopes: string[], extra: Record<string, unknown> = {}) => ({
  id: 's1',
  status: 'published',
  language: 'en',
  title: { en: 'The kitchen' },
  pullQuote: { en: 'We rebuilt our kitchen.' },
  displayName: NAME,
  pseudonym: null,
  images: ['m1'],
  consent: { state: 'granted', ...Object.fromEntries(scopes.map((scope) => [scope, true])) },
  ...extra,
})

const plan = (doc: ReturnType<typeof story>, lang: 'en' | 'es' = 'en') =>
  planItem(campaign, { kind: 'stories', doc }, lang, at, media, null)
const drawnText = (assets: ReturnType<typeof plan>) =>
  JSON.stringify(
    assets.map(({ quote, title, attribution, licence, hashtag }) => [
      quote,
      title,
      attribution,
      licence,
      hashtag,
    ]),
  )

describe('what a kit may draw for a story (from the policy)', () => {
  it('draws nothing without `social`, unpublished, withdrawn or expired', () => {
    expect(plan(story(['gallery', 'named', 'photo']))).toEqual([])
    expect(plan(story(['social'], { status: 'approved' }))).toEqual([])
    expect(plan(story(['social'], { consent: { state: 'withdrawn', social: false } }))).toEqual([])
    expect(
      plan(
        story(['social'], {
          consent: { state: 'granted', social: true, expiresAt: '2026-06-01T11:59:59Z' },
        }),
      ),
    ).toEqual([])
  })

  it('draws no photo card without `photo`, and one per format with it, needing `photo`', () => {
    expect(new Set(plan(story(['social'])).map((asset) => asset.card))).toEqual(new Set(['quote']))
    const withPhoto = plan(story(['social', 'photo']))
    expect(withPhoto.filter((asset) => asset.card === 'photo')).toHaveLength(6)
    for (const asset of withPhoto.filter((candidate) => candidate.card === 'photo'))
      expect(asset.needs).toContain('photo')
  })

  it('puts the name in no card without `named`, and marks the cards that show it', () => {
    for (const lang of ['en', 'es'] as const) {
      const anonymous = plan(story(['social', 'photo']), lang)
      expect(drawnText(anonymous)).not.toContain(NAME)
      expect(anonymous[0].attribution).toBe(lang === 'es' ? 'Anónimo' : 'Anonymous')
      for (const asset of anonymous) expect(asset.needs).not.toContain('named')
    }
    const named = plan(story(['social', 'named']))
    expect(named[0].attribution).toBe(NAME)
    for (const asset of named) expect(asset.needs).toEqual(['social', 'named'])
  })

  it('gives each card a hash of its inputs: the same inputs, the same hash; a new quote, a new hash', () => {
    const first = plan(story(['social']))
    expect(plan(story(['social'])).map((asset) => asset.hash)).toEqual(
      first.map((asset) => asset.hash),
    )
    const changed = plan(story(['social'], { pullQuote: { en: 'Something else.' } }))
    for (const [index, asset] of changed.entries()) expect(asset.hash).not.toBe(first[index].hash)
    expect(new Set(first.map((asset) => asset.hash)).size).toBe(first.length)
  })
})
