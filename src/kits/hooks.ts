import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeDeleteHook,
  PayloadRequest,
} from 'payload'

import { relationId } from '../lib/relations'
import { runAfterCommit } from '../lib/afterCommit'
import { hookPlugin } from '../lib/hookPlugin'
import { now } from '../lib/clock'
import type { LocalizedDoc } from '../lib/locales'
import {
  PUBLIC_CAMPAIGN_STATUSES,
  resourceVisible,
  socialConsentCovers,
  type SubjectKind,
} from '../policy'
import { KIT_PROGRESS_CONTEXT } from './build'
import { queueKitBuild } from './job'
import {
  removeAssetsOfMedia,
  removeCampaignAssets,
  removeKitAssetsOf,
  removeResourceAssets,
  removeUncoveredAssets,
} from './remove'
import { currentKitView } from './view'

// Keeps kits in step with the items, campaigns and images they are made from. Removal happens
// here, in the changing request's transaction, before it returns (a withdrawal reaches the
// subject through ConsentRecords' applyRecord, which updates it with `req`). Drawing is left to
// the queued job. Once a change has committed, and before its request returns, the kit view
// (src/kits/view.ts) is told which campaigns it touched; their next request reads them again.

/** Public campaigns an item is in: its own `campaigns`, and those featuring it. */
async function campaignsOf(
  req: PayloadRequest,
  kind: SubjectKind,
  doc: LocalizedDoc,
): Promise<string[]> {
  const own =
    kind === 'stories'
      ? ((doc.campaigns as unknown[]) ?? []).map((value) => String(relationId(value)))
      : []
  const { docs } = await req.payload.find({
    collection: 'campaigns',
    where: { status: { in: [...PUBLIC_CAMPAIGN_STATUSES] } },
    select: { featured: true },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const featuring = docs
    .filter((campaign) =>
      (campaign.featured ?? []).some(
        (entry) => entry.relationTo === kind && String(relationId(entry.value)) === String(doc.id),
      ),
    )
    .map((campaign) => String(campaign.id))
  const open = new Set(docs.map((campaign) => String(campaign.id)))
  return [...new Set([...own.filter((id) => open.has(id)), ...featuring])]
}

const subjectChanged =
  (kind: SubjectKind): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    await removeUncoveredAssets(req, kind, doc, now())
    if (socialConsentCovers(doc, ['social'], now())) {
      // The campaigns it left too: their builds delete its cards there.
      const campaigns = new Set([
        ...(await campaignsOf(req, kind, doc)),
        ...(previousDoc ? await campaignsOf(req, kind, previousDoc) : []),
      ])
      for (const campaign of campaigns) await queueKitBuild(req, campaign)
    }
    const listed =
      kind === 'stories'
        ? [
            ...((doc.campaigns as unknown[]) ?? []),
            ...((previousDoc?.campaigns as unknown[]) ?? []),
          ]
        : []
    await runAfterCommit(req, () => currentKitView()?.itemChanged(kind, doc.id, listed))
    return doc
  }

const subjectDeleted =
  (kind: SubjectKind): CollectionAfterDeleteHook =>
  async ({ id, doc, req }) => {
    await removeKitAssetsOf(req, kind, id)
    await runAfterCommit(req, () =>
      currentKitView()?.itemChanged(kind, id, (doc?.campaigns as unknown[] | undefined) ?? []),
    )
  }

const campaignChanged: CollectionAfterChangeHook = async ({ doc, req, context }) => {
  // The job's own progress reports change the campaign too.
  if (context[KIT_PROGRESS_CONTEXT]) return doc
  if ((PUBLIC_CAMPAIGN_STATUSES as readonly string[]).includes(doc.status))
    await queueKitBuild(req, doc.id)
  else await removeCampaignAssets(req, doc.id)
  await runAfterCommit(req, () => currentKitView()?.campaignChanged(doc.id))
  return doc
}

const campaignDeleted: CollectionAfterDeleteHook = async ({ id, req }) => {
  await removeCampaignAssets(req, id)
  await runAfterCommit(req, () => currentKitView()?.campaignChanged(id))
}

/** A card drawn, replaced or deleted (by the job, a withdrawal, an erasure, the expiry sweep). */
const assetChanged: CollectionAfterChangeHook = async ({ doc, req }) => {
  await runAfterCommit(req, () => currentKitView()?.touchCampaign(String(relationId(doc.campaign))))
  return doc
}

const assetDeleted: CollectionAfterDeleteHook = async ({ doc, req }) => {
  await runAfterCommit(req, () =>
    currentKitView()?.touchCampaign(String(relationId(doc?.campaign))),
  )
}

const campaignIdsOf = (value: unknown): string[] =>
  ((value as unknown[] | null | undefined) ?? [])
    .map(relationId)
    .filter((id) => id !== undefined)
    .map(String)

/** Of these campaigns, the public ones (a draft campaign has no kit to build). */
async function publicOf(req: PayloadRequest, ids: string[]): Promise<string[]> {
  if (!ids.length) return []
  const { docs } = await req.payload.find({
    collection: 'campaigns',
    where: { and: [{ id: { in: ids } }, { status: { in: [...PUBLIC_CAMPAIGN_STATUSES] } }] },
    select: {},
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  return docs.map((campaign) => String(campaign.id))
}

/**
 * A resource changed (text, status, campaigns, review date, a translation flagged): the kits of
 * the campaigns it is and was linked to are built again. One no longer public (archived,
 * withdrawn, past its review date) loses its cards in this transaction; a language no longer
 * current is left to the build (the kit view stops serving it at once: its plan has no card).
 */
const resourceChanged: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  if (!resourceVisible(doc, now())) await removeResourceAssets(req.payload, doc.id, req)
  const linked = [
    ...new Set([...campaignIdsOf(doc.campaigns), ...campaignIdsOf(previousDoc?.campaigns)]),
  ]
  for (const campaign of await publicOf(req, linked)) await queueKitBuild(req, campaign)
  await runAfterCommit(req, () => currentKitView()?.resourceChanged(doc.id, linked))
  return doc
}

const resourceDeleted: CollectionAfterDeleteHook = async ({ id, doc, req }) => {
  await removeResourceAssets(req.payload, id, req)
  await runAfterCommit(req, () =>
    currentKitView()?.resourceChanged(id, campaignIdsOf(doc?.campaigns)),
  )
}

/** A redacted or replaced image: the cards drawn from it go at once, and are drawn again. */
const mediaChanged: CollectionAfterChangeHook = async ({ doc, req, operation }) => {
  if (operation !== 'update') return doc
  const campaigns = new Set(await removeAssetsOfMedia(req, doc.id))
  const { docs } = await req.payload.find({
    collection: 'campaigns',
    where: { 'brand.logo': { equals: doc.id } },
    select: {},
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  for (const campaign of docs) campaigns.add(String(campaign.id))
  for (const campaign of campaigns) await queueKitBuild(req, campaign)
  await runAfterCommit(req, () => currentKitView()?.mediaChanged(doc.id))
  return doc
}

/** A deleted image: before its record goes (and with it the links to the cards drawn from it). */
const mediaDeleting: CollectionBeforeDeleteHook = async ({ id, req }) => {
  for (const campaign of await removeAssetsOfMedia(req, id)) await queueKitBuild(req, campaign)
}

const mediaDeleted: CollectionAfterDeleteHook = async ({ id, req }) => {
  await runAfterCommit(req, () => currentKitView()?.mediaChanged(id))
}

/** Adds the kit hooks to the collections kits are made from (the job is registered in payload.config.ts). */
export const kitsPlugin = () =>
  hookPlugin({
    stories: { afterChange: [subjectChanged('stories')], afterDelete: [subjectDeleted('stories')] },
    artworks: {
      afterChange: [subjectChanged('artworks')],
      afterDelete: [subjectDeleted('artworks')],
    },
    campaigns: { afterChange: [campaignChanged], afterDelete: [campaignDeleted] },
    resources: { afterChange: [resourceChanged], afterDelete: [resourceDeleted] },
    media: {
      afterChange: [mediaChanged],
      beforeDelete: [mediaDeleting],
      afterDelete: [mediaDeleted],
    },
    'kit-assets': { afterChange: [assetChanged], afterDelete: [assetDeleted] },
  })
