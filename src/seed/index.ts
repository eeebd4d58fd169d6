import { randomBytes } from 'node:crypto'
import type { Payload } from 'payload'

import { drawSeedImage, SEED_IMAGE_NAMES } from './images'

export const SEED_ACCOUNTS = [
  { email: 'admin@relato.example', role: 'admin', displayName: 'Demo Admin' },
  { email: 'editor@relato.example', role: 'editor', displayName: 'Demo Editor' },
] as const

const IMAGE_ALT: Record<(typeof SEED_IMAGE_NAMES)[number], { en: string; es: string }> = {
  sunrise: { en: 'A pale sun rising over a blue hillside', es: 'Un sol pálido saliendo sobre una colina azul' },
  monarchs: { en: 'An orange heart shape on a lilac sky', es: 'Una forma de corazón naranja sobre un cielo lila' },
  hands: { en: 'A soft white shape, like open hands, above water', es: 'Una forma blanca y suave, como manos abiertas, sobre el agua' },
}

export type SeedReport = {
  created: string[]
  existing: string[]
  /** Passwords of accounts created in this run; never stored, never shown again. */
  credentials: { email: string; password: string }[]
}

/**
 * Fills an installation with a small demo organisation. Idempotent: everything is looked up by
 * a natural key first (email, file name), so a second run creates nothing.
 * Runs as the system (no user): it is an operator's command, not an action done for someone.
 */
export async function seed(payload: Payload): Promise<SeedReport> {
  const report: SeedReport = { created: [], existing: [], credentials: [] }

  for (const account of SEED_ACCOUNTS) {
    const found = await payload.find({ collection: 'users', where: { email: { equals: account.email } }, limit: 1 })
    if (found.docs.length) {
      report.existing.push(`user ${account.email}`)
      continue
    }
    const password = randomBytes(12).toString('base64url')
    await payload.create({ collection: 'users', data: { ...account, password } })
    report.created.push(`user ${account.email}`)
    report.credentials.push({ email: account.email, password })
  }

  for (const name of SEED_IMAGE_NAMES) {
    const filename = `seed-${name}.png`
    const found = await payload.find({ collection: 'media', where: { filename: { equals: filename } }, limit: 1 })
    if (found.docs.length) {
      report.existing.push(`media ${filename}`)
      continue
    }
    const data = await drawSeedImage(name)
    const doc = await payload.create({
      collection: 'media',
      data: { alt: IMAGE_ALT[name].en },
      file: { data, mimetype: 'image/png', name: filename, size: data.length },
      locale: 'en',
    })
    await payload.update({ collection: 'media', id: doc.id, data: { alt: IMAGE_ALT[name].es }, locale: 'es' })
    report.created.push(`media ${filename}`)
  }

  return report
}
