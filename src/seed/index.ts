import { randomBytes } from 'node:crypto'
import { createLocalReq, type Payload } from 'payload'

import type { User } from '../payload-types'
import { decideReview, loadAllLocales, reviewView } from '../workflow/storytellerReview'
import { SAFETY_CHECKLIST } from '../workflow/transition'
import {
  ARTWORKS,
  CAMPAIGN,
  CONSENT_TEXT,
  STORIES,
  type SeedArtwork,
  type SeedStory,
} from './content'
import { drawSeedImage, SEED_IMAGE_NAMES, type SeedImageName } from './images'
import { ensureResources } from './resources'

export const SEED_ACCOUNTS = [
  { email: 'admin@relato.example', role: 'admin', displayName: 'Demo Admin' },
  { email: 'editor@relato.example', role: 'editor', displayName: 'Demo Editor' },
  { email: 'storyteller@relato.example', role: 'storyteller', displayName: 'Demo Storyteller' },
  { email: 'artist@relato.example', role: 'artist', displayName: 'Demo Artist' },
] as const

const IMAGE_ALT: Record<SeedImageName, { en: string; es: string }> = {
  sunrise: {
    en: 'A pale sun rising over a blue hillside',
    es: 'Un sol pálido saliendo sobre una colina azul',
  },
  monarchs: {
    en: 'An orange heart shape on a lilac sky',
    es: 'Una forma de corazón naranja sobre un cielo lila',
  },
  hands: {
    en: 'A soft white shape, like open hands, above water',
    es: 'Una forma blanca y suave, como manos abiertas, sobre el agua',
  },
}

/** The road each seeded item takes through the editorial workflow to reach its target status. */
const ROAD = ['submitted', 'in_review', 'approved', 'published'] as const

export type SeedReport = {
  created: string[]
  existing: string[]
  /** Passwords of accounts created in this run; never stored, never shown again. */
  credentials: { email: string; password: string }[]
}

type Context = {
  payload: Payload
  report: SeedReport
  users: Record<string, User>
  images: Record<SeedImageName, string>
}

/**
 * Fills an installation with a small demo organisation. Idempotent: everything is looked up by
 * a natural key first (email, file name, version, slug, English title), so a second run creates
 * nothing. Accounts, images and texts are created as the system; stories, artworks and their
 * consent go through the same access rules and workflow as people's own actions.
 */
export async function seed(payload: Payload): Promise<SeedReport> {
  const report: SeedReport = { created: [], existing: [], credentials: [] }
  const context: Context = { payload, report, users: {}, images: {} as Context['images'] }

  for (const account of SEED_ACCOUNTS)
    context.users[account.role] = await ensureAccount(context, account)
  for (const name of SEED_IMAGE_NAMES) context.images[name] = await ensureImage(context, name)
  const textId = await ensureConsentText(context)
  const campaignId = await ensureCampaign(context)
  for (const story of STORIES) await ensureItem(context, 'stories', story, textId, campaignId)
  for (const artwork of ARTWORKS) await ensureItem(context, 'artworks', artwork, textId, campaignId)
  await featureEverything(context, campaignId)
  await ensureResources(
    payload,
    { editor: context.users.editor, admin: context.users.admin },
    campaignId,
    report,
  )
  return report
}

async function ensureAccount(
  { payload, report }: Context,
  account: (typeof SEED_ACCOUNTS)[number],
): Promise<User> {
  const found = await payload.find({
    collection: 'users',
    where: { email: { equals: account.email } },
    limit: 1,
  })
  if (found.docs[0]) {
    report.existing.push(`user ${account.email}`)
    return found.docs[0]
  }
  const password = randomBytes(12).toString('base64url')
  const user = await payload.create({ collection: 'users', data: { ...account, password } })
  report.created.push(`user ${account.email}`)
  report.credentials.push({ email: account.email, password })
  return user
}

async function ensureImage({ payload, report }: Context, name: SeedImageName): Promise<string> {
  const filename = `seed-${name}.png`
  // Stored files get random names, so the English alt text is the natural key.
  const found = await payload.find({
    collection: 'media',
    where: { alt: { equals: IMAGE_ALT[name].en } },
    locale: 'en',
    limit: 1,
  })
  if (found.docs[0]) {
    report.existing.push(`media ${filename}`)
    return found.docs[0].id
  }
  const data = await drawSeedImage(name)
  const doc = await payload.create({
    collection: 'media',
    data: { alt: IMAGE_ALT[name].en },
    file: { data, mimetype: 'image/png', name: filename, size: data.length },
    locale: 'en',
  })
  await payload.update({
    collection: 'media',
    id: doc.id,
    data: { alt: IMAGE_ALT[name].es },
    locale: 'es',
  })
  report.created.push(`media ${filename}`)
  return doc.id
}

async function ensureConsentText({ payload, report }: Context): Promise<string> {
  const found = await payload.find({
    collection: 'consent-texts',
    where: { version: { equals: CONSENT_TEXT.version } },
    limit: 1,
  })
  if (found.docs[0]) {
    report.existing.push(`consent text ${CONSENT_TEXT.version}`)
    return found.docs[0].id
  }
  const text = await payload.create({
    collection: 'consent-texts',
    data: { version: CONSENT_TEXT.version, body: CONSENT_TEXT.en, active: true },
    locale: 'en',
  })
  await payload.update({
    collection: 'consent-texts',
    id: text.id,
    data: { body: CONSENT_TEXT.es },
    locale: 'es',
  })
  report.created.push(`consent text ${CONSENT_TEXT.version}`)
  return text.id
}

async function ensureCampaign(context: Context): Promise<string> {
  const { payload, report } = context
  const found = await payload.find({
    collection: 'campaigns',
    where: { slug: { equals: CAMPAIGN.slug } },
    limit: 1,
  })
  if (found.docs[0]) {
    report.existing.push(`campaign ${CAMPAIGN.slug}`)
    return found.docs[0].id
  }
  const { slug, title, summary, hashtags, callToAction, brand } = CAMPAIGN
  const campaign = await payload.create({
    collection: 'campaigns',
    locale: 'en',
    data: {
      slug,
      title: title.en,
      summary: summary.en,
      hashtags,
      status: 'live',
      startsAt: new Date().toISOString(),
      callToAction: { label: callToAction.label.en, url: callToAction.url },
      brand: { ...brand, logo: context.images.monarchs },
      languages: ['en', 'es'],
    },
  })
  await payload.update({
    collection: 'campaigns',
    id: campaign.id,
    locale: 'es',
    data: {
      title: title.es,
      summary: summary.es,
      callToAction: { label: callToAction.label.es, url: callToAction.url },
    },
  })
  report.created.push(`campaign ${slug}`)
  return campaign.id
}

/** The campaign features every seeded item; the policy decides which of them the public sees. */
async function featureEverything({ payload }: Context, campaignId: string): Promise<void> {
  const campaign = await payload.findByID({ collection: 'campaigns', id: campaignId, depth: 0 })
  if (campaign.featured?.length) return
  const featured = []
  for (const kind of ['stories', 'artworks'] as const) {
    const { docs } = await payload.find({
      collection: kind,
      depth: 0,
      pagination: false,
      sort: 'createdAt',
    })
    featured.push(...docs.map((doc) => ({ relationTo: kind, value: doc.id })))
  }
  await payload.update({ collection: 'campaigns', id: campaignId, data: { featured } })
}

const slate = (paragraphs: string[]) => paragraphs.map((text) => ({ children: [{ text }] }))

async function ensureItem(
  context: Context,
  kind: 'stories' | 'artworks',
  item: SeedStory | SeedArtwork,
  textId: string,
  campaignId: string,
): Promise<void> {
  const { payload, report, users, images } = context
  const label = `${kind === 'stories' ? 'story' : 'artwork'} "${item.title.en}"`
  const found = await payload.find({
    collection: kind,
    where: { title: { equals: item.title.en } },
    locale: 'en',
    limit: 1,
  })
  if (found.docs[0]) {
    report.existing.push(label)
    return
  }
  const author = kind === 'stories' ? users.storyteller : users.artist
  const editor = users.editor
  const as = (user: User) => ({ user, overrideAccess: false as const, depth: 0 })

  // The author writes it, in their own language…
  const lang = kind === 'stories' ? (item as SeedStory).language : 'en'
  const other = lang === 'en' ? 'es' : 'en'
  const created =
    kind === 'stories'
      ? await payload.create({
          collection: 'stories',
          locale: lang,
          ...as(author),
          data: storyData(item as SeedStory),
        })
      : await payload.create({
          collection: 'artworks',
          locale: lang,
          ...as(author),
          data: artworkData(item as SeedArtwork),
        })
  const id = created.id
  await payload.update({
    collection: kind,
    id,
    locale: other,
    ...as(author),
    data: { title: item.title[other] },
  })

  // …gives consent…
  if (item.consent) {
    const expiresAt = item.consent.expiresInDays
      ? new Date(Date.now() + item.consent.expiresInDays * 86_400_000).toISOString()
      : undefined
    await payload.create({
      collection: 'consent-records',
      ...as(author),
      data: {
        subject: { relationTo: kind, value: id },
        action: 'grant',
        scopes: item.consent.scopes,
        consentText: textId,
        method: 'web-form',
        language: lang,
        expiresAt,
      },
    })
  }

  // …and an editor prepares it and takes it through review.
  const image = kind === 'stories' ? (item as SeedStory).image : (item as SeedArtwork).image
  const prepared =
    kind === 'stories'
      ? {
          campaigns: [campaignId],
          images: image ? [images[image]] : [],
          safetyChecklist: Object.fromEntries(SAFETY_CHECKLIST.map((check) => [check, true])),
        }
      : { image: image ? images[image] : undefined }
  await payload.update({ collection: kind, id, ...as(editor), data: prepared })
  // The author sees the editor's change (the photo) and approves that exact version (issue 15).
  const authorReq = await createLocalReq({ user: author }, payload)
  const waiting = reviewView(kind, (await loadAllLocales(authorReq, kind, id)) ?? {})
  if (waiting.state !== 'approved' && waiting.state !== 'not_needed') {
    await decideReview(authorReq, kind, String(id), {
      kind: 'approve',
      contentHash: waiting.contentHash,
      method: 'own-account',
    })
  }
  // Four eyes: the editor changed what the public sees (the images), so the admin approves.
  for (const status of ROAD.slice(1, ROAD.indexOf(item.target as (typeof ROAD)[number]) + 1)) {
    await payload.update({
      collection: kind,
      id,
      ...as(status === 'approved' ? users.admin : editor),
      data: { status },
    })
  }
  if (item.consent?.withdrawLater) {
    await payload.create({
      collection: 'consent-records',
      ...as(author),
      data: {
        subject: { relationTo: kind, value: id },
        action: 'withdraw',
        method: 'web-form',
        language: 'en',
      },
    })
  }
  report.created.push(label)
}

function storyData(story: SeedStory) {
  return {
    title: story.title[story.language],
    body: slate(story.paragraphs),
    pullQuote: story.pullQuote,
    language: story.language,
    displayName: story.displayName,
    pseudonym: story.pseudonym,
    location: story.location,
    themes: story.themes,
    status: 'submitted' as const,
  }
}

function artworkData(artwork: SeedArtwork) {
  return {
    title: artwork.title.en,
    creditLine: artwork.creditLine,
    medium: artwork.medium,
    year: artwork.year,
    licence: artwork.licence,
    description: slate([artwork.description]),
    status: 'submitted' as const,
  }
}
