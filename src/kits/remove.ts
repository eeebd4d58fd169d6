import type { Payload, PayloadRequest } from 'payload'

import { deleteEach } from '../lib/deleteEach'
import type { LocalizedDoc } from '../lib/locales'
import { relatoSettings } from '../lib/settings'
import { parseSubjectKey, subjectKey } from '../lib/subjects'
import { socialConsentCovers, type SubjectKind } from '../policy'
import type { Scope } from '../policy/scopes'
import { deleteKitFile } from './files'
import { resourceSubject } from './resources'

type AssetDoc = { id: string | number; filename: string; needs?: Scope[] | null }

async function deleteAssets(
  payload: Payload,
  assets: AssetDoc[],
  req?: PayloadRequest,
): Promise<void> {
  if (!assets.length) return
  const { storage } = relatoSettings(payload)
  // Files first: a record without a file is harmless, a file without a record would be forgotten.
  await Promise.all(assets.map((asset) => deleteKitFile(storage, asset.filename)))
  await deleteEach(
    payload,
    'kit-assets',
    { id: { in: assets.map((asset) => String(asset.id)) } },
    req,
  )
}

const assetsWhere = (
  payload: Payload,
  field: 'subject' | 'campaign' | 'media',
  value: string,
  req?: PayloadRequest,
) =>
  payload
    .find({
      collection: 'kit-assets',
      where: { [field]: field === 'media' ? { in: [value] } : { equals: value } },
      depth: 0,
      pagination: false,
      overrideAccess: true,
      req,
      select: { filename: true, needs: true, campaign: true },
    })
    .then(({ docs }) => docs as unknown as (AssetDoc & { campaign: unknown })[])

/**
 * Deletes every kit asset of a story or artwork (files in storage, then records), inside the
 * caller's transaction. Called when an item is withdrawn, erased, or leaves the social surface.
 */
export async function removeKitAssetsOf(
  req: PayloadRequest,
  kind: SubjectKind,
  id: string | number,
): Promise<void> {
  await removeSubjectAssets(req.payload, kind, id, req)
}

/** `removeKitAssetsOf` for code outside a request (the kit job). */
export async function removeSubjectAssets(
  payload: Payload,
  kind: SubjectKind,
  id: string | number,
  req?: PayloadRequest,
): Promise<void> {
  await deleteAssets(payload, await assetsWhere(payload, 'subject', subjectKey(kind, id), req), req)
}

/** Deletes every kit card of a resource (it left the public, or was deleted). */
export async function removeResourceAssets(
  payload: Payload,
  id: string | number,
  req?: PayloadRequest,
): Promise<void> {
  await deleteAssets(payload, await assetsWhere(payload, 'subject', resourceSubject(id), req), req)
}

/**
 * After an item changed: deletes the assets its current consent no longer covers (all of them
 * without `social`, those showing the name without `named`, photo cards without `photo`).
 * Returns how many assets are left.
 */
export async function removeUncoveredAssets(
  req: PayloadRequest,
  kind: SubjectKind,
  doc: LocalizedDoc,
  now: Date,
): Promise<number> {
  const assets = await assetsWhere(req.payload, 'subject', subjectKey(kind, doc.id), req)
  const uncovered = assets.filter(
    (asset) => !socialConsentCovers(doc, asset.needs ?? ['social'], now),
  )
  await deleteAssets(req.payload, uncovered, req)
  return assets.length - uncovered.length
}

/** Deletes a campaign's assets (it went back to draft, or was deleted). */
export async function removeCampaignAssets(
  req: PayloadRequest,
  campaignId: string | number,
): Promise<void> {
  await deleteAssets(
    req.payload,
    await assetsWhere(req.payload, 'campaign', String(campaignId), req),
    req,
  )
}

/** Deletes the assets an image was drawn into (it was redacted or replaced); returns their campaigns. */
export async function removeAssetsOfMedia(
  req: PayloadRequest,
  mediaId: string | number,
): Promise<string[]> {
  const assets = await assetsWhere(req.payload, 'media', String(mediaId), req)
  await deleteAssets(req.payload, assets, req)
  return [...new Set(assets.map((asset) => String(asset.campaign)))]
}

/**
 * Consent that expires hides its item's kit at once (the endpoints check every request); this
 * deletes the files too. Run by the kit worker now and then; returns how many items it cleared.
 */
export async function sweepExpiredKitAssets(payload: Payload, now: Date): Promise<number> {
  let cleared = 0
  for (const kind of ['stories', 'artworks'] as const) {
    const { docs } = await payload.find({
      collection: kind,
      where: { 'consent.expiresAt': { less_than_equal: now.toISOString() } },
      select: {},
      depth: 0,
      pagination: false,
      overrideAccess: true,
    })
    if (!docs.length) continue
    const subjects = docs.map((doc) => subjectKey(kind, doc.id))
    const { docs: assets } = await payload.find({
      collection: 'kit-assets',
      where: { subject: { in: subjects } },
      select: { subject: true },
      depth: 0,
      pagination: false,
      overrideAccess: true,
    })
    for (const subject of new Set(assets.map((asset) => asset.subject))) {
      await removeSubjectAssets(payload, kind, parseSubjectKey(subject)!.id)
      cleared++
    }
  }
  return cleared + (await sweepExpiredResourceCards(payload, now))
}

/**
 * Resources whose review date has passed: the kit view stopped serving their cards at that
 * moment; this deletes the files. Returns how many resources it cleared.
 */
async function sweepExpiredResourceCards(payload: Payload, now: Date): Promise<number> {
  const { docs } = await payload.find({
    collection: 'resources',
    where: { nextReviewAt: { less_than_equal: now.toISOString() } },
    select: {},
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  if (!docs.length) return 0
  const { docs: assets } = await payload.find({
    collection: 'kit-assets',
    where: { subject: { in: docs.map((doc) => resourceSubject(doc.id)) } },
    select: { subject: true },
    depth: 0,
    pagination: false,
    overrideAccess: true,
  })
  const subjects = [...new Set(assets.map((asset) => asset.subject))]
  for (const subject of subjects)
    await removeResourceAssets(payload, subject.slice(subject.indexOf('/') + 1))
  return subjects.length
}
