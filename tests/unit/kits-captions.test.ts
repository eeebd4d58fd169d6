import { describe, expect, it } from 'vitest'

import { CAPTION_LIMITS, camelHashtag, captions, cutAtWord } from '../../src/kits/captions'

const graphemes = (text: string) => [...new Intl.Segmenter().segment(text)].length
const LINK = 'https://stories.example.org/stories/5f1c2a8e-1c1e-4a57-9d77-1a2b3c4d5e6f?lang=es'
const LONG = {
  en: 'Every morning at four I light the ovens. The street is still dark, and the first customers are the bus drivers who know my name and my bread. '.repeat(
    30,
  ),
  es: 'Cada mañana a las cuatro enciendo los hornos. La calle sigue oscura, y los primeros clientes son los choferes que conocen mi nombre y mi pan. '.repeat(
    30,
  ),
}

describe('captions', () => {
  for (const locale of ['en', 'es'] as const) {
    it(`stay within every platform's limit in ${locale}, cut at a word, with the link and CamelCase hashtags`, () => {
      const result = captions({
        text: LONG[locale],
        attribution: 'Añoranza Pérez',
        link: LINK,
        hashtags: ['we_are_home', 'familiasUnidas'],
        locale,
      })
      for (const [platform, caption] of Object.entries(result)) {
        expect(graphemes(caption), platform).toBeLessThanOrEqual(
          CAPTION_LIMITS[platform as keyof typeof CAPTION_LIMITS],
        )
        expect(caption).toContain(LINK)
        expect(caption).toContain('#WeAreHome #FamiliasUnidas')
        expect(caption).toContain('— Añoranza Pérez')
        const quoted = /^“(.*)…”/su.exec(caption)
        expect(quoted, platform).not.toBeNull()
        // A whole-word prefix: the next character in the original is not a letter.
        const kept = quoted![1]
        expect(LONG[locale].startsWith(kept)).toBe(true)
        expect(LONG[locale].charAt(kept.length)).toMatch(/[\s.,]/)
      }
      expect(result.x).toContain(locale === 'es' ? 'Lee más:' : 'Read more:')
      expect(graphemes(result.linkedin)).toBeGreaterThan(1500)
    })
  }

  it('keep a short quote whole', () => {
    const result = captions({
      text: 'Aquí estamos.',
      attribution: 'Anónimo',
      link: LINK,
      hashtags: ['EstamosEnCasa'],
      locale: 'es',
    })
    expect(result.x).toBe(`“Aquí estamos.” — Anónimo\n\nLee más: ${LINK}\n\n#EstamosEnCasa`)
  })

  it('drop hashtags from the end before the link when they cannot all fit', () => {
    const tags = Array.from({ length: 10 }, (_, i) => `campaign_tag_number_${i}_long`)
    const result = captions({
      text: 'Words.',
      attribution: 'A',
      link: LINK,
      hashtags: tags,
      locale: 'en',
    })
    expect(graphemes(result.x)).toBeLessThanOrEqual(280)
    expect(result.x).toContain(LINK)
    expect(result.x).toContain('#CampaignTagNumber0Long')
    expect(result.linkedin).toContain('#CampaignTagNumber9Long')
  })

  it('write hashtags in CamelCase, keeping accents', () => {
    expect(camelHashtag('we_are_home')).toBe('#WeAreHome')
    expect(camelHashtag('#weAreHome')).toBe('#WeAreHome')
    expect(camelHashtag('WeAreHome')).toBe('#WeAreHome')
    expect(camelHashtag('él_está_aquí')).toBe('#ÉlEstáAquí')
  })

  it('cut at a word boundary with an ellipsis, never mid-word', () => {
    expect(cutAtWord('Nuestra cocina, plato a plato', 22, 'es')).toBe('Nuestra cocina, plato…')
    expect(cutAtWord('Nuestra cocina, plato a plato', 21, 'es')).toBe('Nuestra cocina…')
    expect(cutAtWord('Supercalifragilistic', 5)).toBe('')
    expect(cutAtWord('short', 10)).toBe('short')
  })
})
