import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, Config, Plugin } from 'payload'

import { deferToCommit } from '../lib/afterCommit'
import { hookPlugin } from '../lib/hookPlugin'
import { subjectKey } from '../lib/subjects'
import { campaignKey, RESOURCES_KEY, resourceKey } from './keys'
import type { SubjectKind } from '../policy'
import { campaignSlugs, recordPublicChange } from './changes'
import { currentReadModel } from './registry'

// Every change that can alter public output (1) appends a `public-changes` record in the changing
// request's transaction, so that other server processes reload (src/public/follow.ts), (2)
// updates this process's read model once the write has committed, and (3) then purges its keys
// from shared caches (src/public/purge.ts), both before the changing request returns. A rolled-back write never reaches the model (src/lib/afterCommit.ts). The model reads
// committed data, outside the transaction.

const subjectChanged =
  (kind: SubjectKind): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    const campaigns =
      kind === 'stories'
        ? [
            ...((doc.campaigns as unknown[]) ?? []),
            ...((previousDoc?.campaigns as unknown[]) ?? []),
          ]
        : []
    const published = doc.status === 'published'
    await recordPublicChange(
      req,
      [subjectKey(kind, doc.id), 'gallery', ...(await campaignSlugs(req, campaigns))],
      async () => {
        const model = currentReadModel()
        // Leaving `published` (a withdrawal above all) takes effect without a read.
        if (!published) model?.removeItem(kind, doc.id)
        else await model?.refreshItem(kind, doc.id)
      },
    )
    return doc
  }

const subjectDeleted =
  (kind: SubjectKind): CollectionAfterDeleteHook =>
  async ({ id, doc, req }) => {
    await recordPublicChange(
      req,
      [
        subjectKey(kind, id),
        'gallery',
        ...(await campaignSlugs(
          req,
          kind === 'stories' ? ((doc?.campaigns as unknown[]) ?? []) : [],
        )),
      ],
      () => currentReadModel()?.removeItem(kind, id),
    )
  }

const mediaChanged: CollectionAfterChangeHook = async ({ doc, req }) => {
  await recordPublicChange(req, [`media/${doc.id}`], () => currentReadModel()?.refreshMedia(doc.id))
  return doc
}

const mediaDeleted: CollectionAfterDeleteHook = async ({ id, req }) => {
  await recordPublicChange(req, [`media/${id}`], () => currentReadModel()?.refreshMedia(id))
}

// A resource shows on /resources, in every story's and campaign's help block, the embed and the
// feeds: all of those answers carry RESOURCES_KEY, so one purge reaches them.
const resourceChanged: CollectionAfterChangeHook = async ({ doc, req }) => {
  const published = doc.status === 'published'
  await recordPublicChange(req, [RESOURCES_KEY, resourceKey(doc.id)], async () => {
    const model = currentReadModel()
    if (!published) model?.removeResource(doc.id)
    else await model?.refreshResource(doc.id)
  })
  return doc
}

const resourceDeleted: CollectionAfterDeleteHook = async ({ id, req }) => {
  await recordPublicChange(req, [RESOURCES_KEY, resourceKey(id)], () =>
    currentReadModel()?.removeResource(id),
  )
}

/**
 * Set in a change's `context` when it touches only private fields (the kit job's progress on a
 * campaign): no public output changes, so neither this process nor the others reload anything.
 */
export const PRIVATE_ONLY_CHANGE = 'relatoPrivateOnlyChange'

/** Campaigns and the partners allowed to embed them are read together. */
const campaignsChanged =
  (slug: 'campaigns' | 'partners'): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req, context }) => {
    if (context[PRIVATE_ONLY_CHANGE]) return doc
    const keys =
      slug === 'campaigns'
        ? [doc.slug, previousDoc?.slug].filter(Boolean).map((name) => campaignKey(String(name)))
        : [`partners/${doc.id}`]
    await recordPublicChange(req, [...keys, 'gallery'], () =>
      currentReadModel()?.refreshCampaigns(),
    )
    return doc
  }

const campaignsDeleted =
  (slug: 'campaigns' | 'partners'): CollectionAfterDeleteHook =>
  async ({ doc, id, req }) => {
    await recordPublicChange(
      req,
      [slug === 'campaigns' ? campaignKey(String(doc?.slug)) : `partners/${id}`, 'gallery'],
      () => currentReadModel()?.refreshCampaigns(),
    )
  }

/** Each Payload instance's adapter runs the model updates after its commits. */
const modelUpdatesAfterCommit =
  (plugin: Plugin): Plugin =>
  async (incoming: Config) => {
    const config = await plugin(incoming)
    const onInit = config.onInit
    return {
      ...config,
      onInit: async (payload) => {
        deferToCommit(payload.db, (error) => {
          // The write is committed but the model missed it: read everything again.
          payload.logger.error({
            err: error,
            msg: 'read model update after commit failed; rebuilding',
          })
          void currentReadModel()
            ?.rebuild()
            .catch((rebuildError: unknown) =>
              payload.logger.error({ err: rebuildError, msg: 'read model rebuild failed' }),
            )
        })
        await onInit?.(payload)
      },
    }
  }

/** Adds the read model's hooks to the collections whose changes it must follow. */
export const publicReadModelPlugin = () =>
  modelUpdatesAfterCommit(
    hookPlugin({
      stories: {
        afterChange: [subjectChanged('stories')],
        afterDelete: [subjectDeleted('stories')],
      },
      artworks: {
        afterChange: [subjectChanged('artworks')],
        afterDelete: [subjectDeleted('artworks')],
      },
      media: { afterChange: [mediaChanged], afterDelete: [mediaDeleted] },
      resources: { afterChange: [resourceChanged], afterDelete: [resourceDeleted] },
      campaigns: {
        afterChange: [campaignsChanged('campaigns')],
        afterDelete: [campaignsDeleted('campaigns')],
      },
      partners: {
        afterChange: [campaignsChanged('partners')],
        afterDelete: [campaignsDeleted('partners')],
      },
    }),
  )
