import type { Payload } from 'payload'

import type { User } from '../payload-types'
import type { ResourceKind } from '../policy/resources'

// Demo resources for `npm run seed` (issue 16), in our own words. They are DEMO DATA: the
// numbers are in the 555-01xx range reserved for fiction and the addresses are .invalid, and every
// title says so, so nobody mistakes them for a real line. Replace them before going live.

type SeedResource = {
  kind: ResourceKind
  title: { en: string; es: string }
  summary: { en: string; es: string }
  card?: { en: { doThis: string; toAgent: string }; es: { doThis: string; toAgent: string } }
  phones?: { number: string; hours: { en: string; es: string }; languages: string[] }[]
  area: string
  url: string
  languages: string[]
}

export const SEED_RESOURCES: SeedResource[] = [
  {
    kind: 'know-your-rights',
    title: { en: 'Demo: Your rights at the door', es: 'Demo: Sus derechos en la puerta' },
    summary: {
      en: 'Demo data. A card to keep by the door or in your wallet.',
      es: 'Datos de demostración. Una tarjeta para tener junto a la puerta o en la cartera.',
    },
    card: {
      en: {
        doThis:
          'Keep the door closed. Ask them to pass any warrant under the door: only one signed by a judge, with your address on it, lets them in. You may stay silent. Sign nothing until you have spoken with a lawyer. Outside your home, ask whether you are free to go; if so, leave calmly. Call the demo hotline.',
        toAgent:
          'I choose to stay silent. I do not agree to you entering or searching. I will not sign anything without my lawyer. If you have a warrant signed by a judge, pass it under the door. Am I free to go?',
      },
      es: {
        doThis:
          'Mantenga la puerta cerrada. Pida que pasen cualquier orden por debajo de la puerta: solo una firmada por un juez, con su dirección, les permite entrar. Puede quedarse en silencio. No firme nada antes de hablar con un abogado. Fuera de casa, pregunte si puede irse; si es así, váyase con calma. Llame a la línea de demostración.',
        toAgent:
          'Elijo quedarme en silencio. No acepto que entren ni que hagan un registro. No firmaré nada sin mi abogado. Si tienen una orden firmada por un juez, pásenla por debajo de la puerta. ¿Puedo irme?',
      },
    },
    phones: [
      {
        number: '+1 213 555 0142',
        hours: { en: 'Every day, all day (demo)', es: 'Todos los días, a toda hora (demo)' },
        languages: ['en', 'es'],
      },
    ],
    area: 'Los Angeles County',
    url: 'https://relato.invalid/rights',
    languages: ['en', 'es'],
  },
  {
    kind: 'hotline',
    title: { en: 'Demo: Rapid-response line', es: 'Demo: Línea de respuesta rápida' },
    summary: {
      en: 'Demo data. Report enforcement activity you see; trained volunteers confirm it and send help.',
      es: 'Datos de demostración. Reporte la actividad migratoria que vea; voluntarios capacitados la confirman y envían ayuda.',
    },
    phones: [
      {
        number: '+1 213 555 0142',
        hours: { en: 'Every day, all day (demo)', es: 'Todos los días, a toda hora (demo)' },
        languages: ['en', 'es', 'zap', 'quc', 'mix'],
      },
    ],
    area: 'Los Angeles County',
    url: 'https://relato.invalid/rapid-response',
    languages: ['en', 'es', 'zap', 'quc', 'mix'],
  },
  {
    kind: 'hotline',
    title: { en: 'Demo: Family support line', es: 'Demo: Línea de apoyo familiar' },
    summary: {
      en: 'Demo data. Someone to talk to when a family member has been detained, and help to find them.',
      es: 'Datos de demostración. Alguien con quien hablar cuando detienen a un familiar, y ayuda para encontrarlo.',
    },
    phones: [
      {
        number: '+1 323 555 0187',
        hours: { en: 'Mon–Fri, 9 am–7 pm (demo)', es: 'Lun–vie, 9 a. m.–7 p. m. (demo)' },
        languages: ['en', 'es'],
      },
    ],
    area: 'East Los Angeles',
    url: 'https://relato.invalid/family-support',
    languages: ['en', 'es'],
  },
]

type Report = { created: string[]; existing: string[] }

/**
 * The demo resources, each written by the editor in English, translated into Spanish, and taken
 * through the workflow with the admin as the second pair of eyes. Looked up by English title first.
 */
export async function ensureResources(
  payload: Payload,
  { editor, admin }: { editor: User; admin: User },
  campaignId: string,
  report: Report,
): Promise<void> {
  const as = (user: User) => ({ user, overrideAccess: false as const, depth: 0 })
  for (const resource of SEED_RESOURCES) {
    const label = `resource "${resource.title.en}"`
    const found = await payload.find({
      collection: 'resources',
      where: { title: { equals: resource.title.en } },
      locale: 'en',
      limit: 1,
    })
    if (found.docs[0]) {
      report.existing.push(label)
      continue
    }
    const created = await payload.create({
      collection: 'resources',
      locale: 'en',
      ...as(editor),
      data: {
        kind: resource.kind,
        status: 'submitted',
        title: resource.title.en,
        summary: resource.summary.en,
        ...(resource.card ? { card: resource.card.en } : {}),
        phones: (resource.phones ?? []).map((phone) => ({ ...phone, hours: phone.hours.en })),
        area: resource.area,
        url: resource.url,
        languages: resource.languages,
        campaigns: [campaignId],
        themes: ['demo-data'],
        sourceLanguage: 'en',
        reviewedBy: 'Demo reviewer (not a real review)',
        reviewedAt: new Date().toISOString(),
        nextReviewAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
      },
    })
    const rows = (created.phones ?? []) as { id?: string | null }[]
    await payload.update({
      collection: 'resources',
      id: created.id,
      locale: 'es',
      ...as(editor),
      data: {
        title: resource.title.es,
        summary: resource.summary.es,
        ...(resource.card ? { card: resource.card.es } : {}),
        phones: (resource.phones ?? []).map((phone, index) => ({
          ...phone,
          id: rows[index]?.id,
          hours: phone.hours.es,
        })),
      },
    })
    for (const [status, user] of [
      ['in_review', editor],
      ['approved', admin],
      ['published', editor],
    ] as const)
      await payload.update({
        collection: 'resources',
        id: created.id,
        ...as(user),
        data: { status },
      })
    report.created.push(label)
  }
}
