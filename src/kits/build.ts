import { randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'
import type { Payload, PayloadRequest } from 'payload'

import { DEFAULT_BRAND } from '../lib/brand'
import { now } from '../lib/clock'
import type { Locale, LocalizedDoc } from '../lib/locales'
import { deleteEach } from '../lib/deleteEach'
import { relatoSettings } from '../lib/settings'
import { readStoredFile } from '../lib/storage'
import { parseSubjectKey } from '../lib/subjects'
import { type Scope, socialConsentCovers } from '../policy'
import { PRIVATE_ONLY_CHANGE, pick } from '../public'
import { deleteKitFile, writeKitFile } from './files'
import {
  campaignById,
  eligibleItems,
  type KitCampaign,
  type MediaDoc,
  type PlannedAsset,
  planKit,
} from './plan'
import { removeSubjectAssets } from './remove'
import { type Brand, renderCard, type RenderedCard } from './render'
import { campaignResources, isResourceSubject, planResource } from './resources'
import { rightsAltText } from './rights'

export type KitProgress = { done: number; total: number }
export type BuildResult = KitProgress & { rendered: number; removed: number }

type StoredAsset = {
  id: string | number
  key: string
  hash: string
  filename: string
  subject: string
}

/** Tells the campaign how far its kit is (shown in the admin), as the system. */
export const KIT_PROGRESS_CONTEXT = 'relatoKitProgress'

async function report(
  payload: Payload,
  campaign: KitCampaign,
  state: string,
  progress: KitProgress,
  req?: PayloadRequest,
): Promise<void> {
  await payload.update({
    collection: 'campaigns',
    id: campaign.id,
    data: {
      kit: {
        state: state as 'building',
        done: progress.done,
        total: progress.total,
        progress: `${progress.done} of ${progress.total} images`,
        ...(state === 'ready' ? { builtAt: now().toISOString() } : {}),
      },
    },
    overrideAccess: true,
    depth: 0,
    context: { [KIT_PROGRESS_CONTEXT]: true, [PRIVATE_ONLY_CHANGE]: true },
    req,
  })
}

const ALT_LABELS: Record<Locale, { quote: string; photo: string; artwork: string }> = {
  en: { quote: 'Quote card', photo: 'Photo', artwork: 'Artwork' },
  es: { quote: 'Tarjeta con cita', photo: 'Foto', artwork: 'Obra' },
}

/** Ends a sentence with a full stop unless it already ends with punctuation ("Rosa M."). */
const sentence = (text: string) => (/[.!?…]$/u.test(text.trim()) ? text.trim() : `${text.trim()}.`)

/** Alt text that says what the card shows, in its language; names only what the card shows. */
function altText(asset: PlannedAsset, card: RenderedCard): string {
  const label = ALT_LABELS[asset.lang]
  const mediaAlt = asset.media
    ? (pick(asset.media.alt as Record<Locale, string>, asset.lang) ?? '')
    : ''
  const tags = asset.hashtag ? ` ${asset.hashtag}` : ''
  if (asset.card === 'rights') return rightsAltText(card, asset.lang, asset.attribution)
  if (asset.card === 'quote')
    return `${label.quote}: ${sentence(`${card.drawnQuote} — ${asset.attribution}`)}${tags}`
  if (asset.card === 'photo')
    return `${label.photo}: ${sentence(`${mediaAlt} — ${asset.attribution}`)}${tags}`
  return `${label.artwork}: ${sentence(mediaAlt)} ${sentence(`“${asset.title}”, ${asset.attribution}`)} ${sentence(asset.licence)}${tags}`
}

/**
 * Brings a campaign's kit up to date: draws only the cards whose inputs changed (by hash),
 * deletes the ones no longer wanted, and reports progress on the campaign.
 */
export async function buildKit(
  payload: Payload,
  campaignId: string,
  { req }: { req?: PayloadRequest } = {},
): Promise<BuildResult> {
  const { storage } = relatoSettings(payload)
  const campaign = await campaignById(payload, campaignId, req)
  if (!campaign) return { done: 0, total: 0, rendered: 0, removed: 0 }
  const at = now()
  const items = await eligibleItems(payload, campaign, at, req)
  const { plan, logo: logoDoc } = await planKit(
    payload,
    campaign,
    items,
    campaign.languages,
    at,
    req,
  )
  // Know-your-rights cards of the campaign's public resources (src/kits/resources.ts).
  const resources = await campaignResources(payload, campaign, at, req)
  plan.push(
    ...campaign.languages.flatMap((lang) =>
      resources.flatMap((doc) => planResource(campaign, doc, lang, at, logoDoc)),
    ),
  )

  const { docs } = await payload.find({
    collection: 'kit-assets',
    where: { campaign: { equals: campaign.id } },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const stored = new Map((docs as unknown as StoredAsset[]).map((doc) => [doc.key, doc]))
  const wanted = new Set(plan.map((asset) => asset.key))
  const todo = plan.filter((asset) => stored.get(asset.key)?.hash !== asset.hash)

  const stale = [...stored.values()].filter((doc) => !wanted.has(doc.key))
  await Promise.all(stale.map((doc) => deleteKitFile(storage, doc.filename)))
  if (stale.length)
    await deleteEach(payload, 'kit-assets', { id: { in: stale.map((doc) => String(doc.id)) } }, req)

  const progress = { done: plan.length - todo.length, total: plan.length }
  if (!todo.length) {
    await report(payload, campaign, 'ready', progress, req)
    return { ...progress, rendered: 0, removed: stale.length }
  }
  await report(payload, campaign, 'building', progress, req)
  try {
    await drawAll(payload, campaign, todo, stored, logoDoc, progress, req)
  } catch (error) {
    await report(payload, campaign, 'failed', progress, req).catch(() => undefined)
    throw error
  }
  await report(payload, campaign, 'ready', progress, req)
  return { ...progress, rendered: todo.length, removed: stale.length }
}

/** Draws and stores the cards in `todo`, then clears any item withdrawn meanwhile. */
async function drawAll(
  payload: Payload,
  campaign: KitCampaign,
  todo: PlannedAsset[],
  stored: Map<string, StoredAsset>,
  logoDoc: MediaDoc | null,
  progress: KitProgress,
  req?: PayloadRequest,
): Promise<void> {
  const { storage } = relatoSettings(payload)
  const brand: Brand = {
    primary:
      ((campaign.doc.brand as { primaryColor?: string }) ?? {}).primaryColor ??
      DEFAULT_BRAND.primaryColor,
    accent:
      ((campaign.doc.brand as { accentColor?: string }) ?? {}).accentColor ??
      DEFAULT_BRAND.accentColor,
    logo: logoDoc?.filename ? await readStoredFile(storage, logoDoc.filename) : null,
  }
  const images = new Map<string, Buffer | null>()
  const imageOf = async (doc: MediaDoc) => {
    if (!images.has(String(doc.id)))
      images.set(String(doc.id), doc.filename ? await readStoredFile(storage, doc.filename) : null)
    return images.get(String(doc.id)) ?? null
  }

  let lastReport = Date.now()
  const draw = (asset: PlannedAsset, image: Buffer | null) => {
    const common = { attribution: asset.attribution, hashtag: asset.hashtag, brand }
    return renderCard(
      asset.card === 'rights'
        ? {
            ...common,
            kind: 'rights',
            title: asset.title,
            doThis: asset.quote,
            hotline: asset.hotline,
          }
        : asset.card === 'quote'
          ? { ...common, kind: 'quote', quote: asset.quote }
          : asset.card === 'photo'
            ? {
                ...common,
                kind: 'photo',
                photo: image!,
                focalX: asset.media?.focalX,
                focalY: asset.media?.focalY,
              }
            : {
                ...common,
                kind: 'artwork',
                artwork: image!,
                title: asset.title,
                licence: asset.licence,
              },
      asset.format,
    )
  }
  // Each card is stored while the next one is drawn: the database and storage wait on I/O,
  // drawing on the CPU.
  let storing: Promise<void> = Promise.resolve()
  for (const asset of todo) {
    const image = asset.media ? await imageOf(asset.media) : null
    if (asset.media && !image) continue
    const card = await draw(asset, image)
    await storing
    storing = store(payload, campaign, asset, card, stored.get(asset.key), req).then(async () => {
      progress.done++
      if (Date.now() - lastReport > 1000) {
        lastReport = Date.now()
        await report(payload, campaign, 'building', progress, req)
      }
    })
    // Awaited on the next turn or below; this only keeps a failure from going unhandled meanwhile.
    storing.catch(() => undefined)
  }
  await storing
  // An item whose consent was withdrawn or narrowed while its cards were drawn: the change's hook
  // may have run before they were stored. Every scope a new card depends on is checked again.
  const needs = new Map<string, Set<Scope>>()
  // Resources have no consent; the kit view checks them against the policy on every request.
  for (const asset of todo.filter((planned) => !isResourceSubject(planned.subject)))
    needs.set(asset.subject, new Set([...(needs.get(asset.subject) ?? []), ...asset.needs]))
  for (const [subject, scopes] of needs) {
    const { kind, id } = parseSubjectKey(subject)!
    const doc = await payload.findByID({
      collection: kind,
      id,
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
      req,
    })
    if (!doc || !socialConsentCovers(doc as unknown as LocalizedDoc, [...scopes], now())) {
      await removeSubjectAssets(payload, kind, id, req)
    }
  }
}

async function store(
  payload: Payload,
  campaign: KitCampaign,
  asset: PlannedAsset,
  card: RenderedCard,
  previous: StoredAsset | undefined,
  req?: PayloadRequest,
): Promise<void> {
  const { storage } = relatoSettings(payload)
  const extension = card.mimeType === 'image/png' ? 'png' : 'jpg'
  // A random name: nothing about the item or campaign can be guessed from it.
  const filename = `${randomBytes(12).toString('hex')}.${extension}`
  await writeKitFile(storage, filename, card.data, card.mimeType)
  const data = {
    key: asset.key,
    campaign: campaign.id,
    subject: asset.subject,
    card: asset.card,
    format: asset.format,
    lang: asset.lang,
    hash: asset.hash,
    needs: asset.needs,
    media: asset.media ? [String(asset.media.id)] : [],
    filename,
    mimeType: card.mimeType,
    bytes: card.data.length,
    crc32: crc32(card.data),
    width: card.width,
    height: card.height,
    alt: altText(asset, card),
  }
  // A new record, so a changed card gets a new URL that no cache holds an old copy of.
  await payload.create({ collection: 'kit-assets', data, overrideAccess: true, depth: 0, req })
  if (previous) {
    await payload.delete({
      collection: 'kit-assets',
      id: previous.id,
      overrideAccess: true,
      depth: 0,
      req,
    })
    await deleteKitFile(storage, previous.filename)
  }
}
