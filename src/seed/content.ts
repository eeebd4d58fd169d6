import type { Scope } from '../policy/scopes'
import type { Status } from '../workflow/statuses'

// Demo content written for Relato. The people and places are invented.

export const CONSENT_TEXT = {
  version: '2026-1',
  en: 'I agree that Relato may publish my story as I choose below. I can change or withdraw this consent at any time; once withdrawn, my story leaves this site and partner sites right away, but copies others have already shared cannot be recalled.',
  es: 'Acepto que Relato publique mi historia según lo que elija abajo. Puedo cambiar o retirar este consentimiento cuando quiera; al retirarlo, mi historia sale de inmediato de este sitio y de los sitios aliados, pero no se pueden recuperar las copias que otras personas ya hayan compartido.',
}

export const CAMPAIGN = {
  slug: 'we-are-home',
  title: { en: 'We Are Home', es: 'Estamos en casa' },
  summary: {
    en: 'Neighbours in Los Angeles tell what home means to them, and why it is worth defending.',
    es: 'Vecinas y vecinos de Los Ángeles cuentan qué significa para ellos el hogar y por qué vale la pena defenderlo.',
  },
  hashtags: ['WeAreHome', 'EstamosEnCasa'],
  callToAction: {
    label: { en: 'Know your rights', es: 'Conoce tus derechos' },
    url: 'https://relato.invalid/rights',
  },
  brand: { primaryColor: '#1e3a5f', accentColor: '#f2a541' },
}

type SeedConsent = { scopes: Scope[]; expiresInDays?: number; withdrawLater?: boolean }

export type SeedStory = {
  title: { en: string; es: string }
  paragraphs: string[]
  pullQuote: string
  language: 'en' | 'es'
  displayName: string
  pseudonym?: string
  location: string
  themes: string[]
  image?: 'sunrise' | 'monarchs' | 'hands'
  /** Where the story ends up after the seed takes it through the workflow. */
  target: Status
  consent?: SeedConsent
}

export const STORIES: SeedStory[] = [
  {
    title: { en: 'The bakery on the corner', es: 'La panadería de la esquina' },
    paragraphs: [
      'Every morning at four I light the ovens. The street is still dark, and the first customers are the bus drivers.',
      'Twelve years of conchas and bolillos. My children grew up doing homework on the flour sacks.',
    ],
    pullQuote: 'My children grew up doing homework on the flour sacks.',
    language: 'en',
    displayName: 'Rosa M.',
    location: 'Boyle Heights',
    themes: ['work', 'family'],
    image: 'sunrise',
    target: 'published',
    consent: { scopes: ['gallery', 'partners', 'social', 'named', 'photo'] },
  },
  {
    title: { en: 'Sunday calls', es: 'Llamadas de domingo' },
    paragraphs: [
      'Los domingos llamo a mi mamá. Ella me cuenta del pueblo y yo le cuento de aquí, aunque no le cuento todo.',
      'Hace nueve años que no la abrazo. Su voz es mi casa.',
    ],
    pullQuote: 'Su voz es mi casa.',
    language: 'es',
    displayName: 'Juan Pérez',
    pseudonym: 'J.',
    location: 'Huntington Park',
    themes: ['family', 'distance'],
    target: 'published',
    consent: { scopes: ['gallery'] },
  },
  {
    title: { en: 'Learning to drive at forty', es: 'Aprender a manejar a los cuarenta' },
    paragraphs: [
      'My daughter taught me in the church parking lot. She was more nervous than I was.',
      'Now I drive her to her classes at the community college, and she pretends not to grip the seat.',
    ],
    pullQuote: 'She was more nervous than I was.',
    language: 'en',
    displayName: 'Ana L.',
    pseudonym: 'A. from Pico-Union',
    location: 'Pico-Union',
    themes: ['family', 'learning'],
    image: 'hands',
    target: 'in_review',
    consent: { scopes: ['gallery', 'photo'], expiresInDays: 365 },
  },
  {
    title: { en: 'What the garden knows', es: 'Lo que sabe el jardín' },
    paragraphs: [
      'En el jardín comunitario sembramos maíz, calabaza y frijol, como en mi tierra.',
      'Las plantas no preguntan de dónde vienes.',
    ],
    pullQuote: 'Las plantas no preguntan de dónde vienes.',
    language: 'es',
    displayName: 'Marta G.',
    pseudonym: 'La jardinera',
    location: 'South Central',
    themes: ['land', 'community'],
    target: 'published',
    consent: { scopes: ['gallery', 'partners'], withdrawLater: true },
  },
  {
    title: { en: 'First day', es: 'Primer día' },
    paragraphs: ['I am writing this on my phone on the bus. I will finish it tonight.'],
    pullQuote: 'I will finish it tonight.',
    language: 'en',
    displayName: 'K.',
    location: 'Koreatown',
    themes: ['arrival'],
    target: 'submitted',
  },
]

export type SeedArtwork = {
  title: { en: string; es: string }
  description: string
  creditLine: string
  medium: string
  year: number
  licence: 'cc-by-nc' | 'arr-with-permission'
  image: 'sunrise' | 'monarchs' | 'hands'
  target: Status
  consent: SeedConsent
}

export const ARTWORKS: SeedArtwork[] = [
  {
    title: { en: 'Monarchs cross without papers', es: 'Las monarcas cruzan sin papeles' },
    description: 'Acrylic mural study for a wall in Cypress Park.',
    creditLine: 'Colectivo Alas',
    medium: 'Acrylic on board',
    year: 2025,
    licence: 'cc-by-nc',
    image: 'monarchs',
    target: 'published',
    consent: { scopes: ['gallery', 'partners', 'social', 'named'] },
  },
  {
    title: { en: 'Open hands', es: 'Manos abiertas' },
    description: 'Screen print made for the campaign launch.',
    creditLine: 'R. Domínguez',
    medium: 'Screen print',
    year: 2026,
    licence: 'arr-with-permission',
    image: 'hands',
    target: 'approved',
    consent: { scopes: ['gallery', 'named'], expiresInDays: 730 },
  },
]
