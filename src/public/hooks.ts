import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { hookPlugin } from '../lib/hookPlugin'
import type { SubjectKind } from '../policy'
import { currentReadModel } from './registry'

// Keeps the process's read model in step with every change that can alter public output,
// before the changing request returns, and moves the database's change stamp in the same
// transaction so that other server processes reload theirs (src/public/follow.ts).

/** Moves the change counter, inside the changing request's transaction. */
async function stamp(req: PayloadRequest): Promise<void> {
  const state = await req.payload.findGlobal({ slug: 'public-state', depth: 0, req })
  const previous = state.counter ?? 0
  await req.payload.updateGlobal({ slug: 'public-state', data: { counter: previous + 1 }, depth: 0, req })
  currentReadModel()?.changes.wrote(previous, previous + 1)
}

const subjectChanged =
  (kind: SubjectKind): CollectionAfterChangeHook =>
  async ({ doc, req }) => {
    const model = currentReadModel()
    // Leaving `published` (a withdrawal above all) takes effect at once, without a read.
    if (doc.status !== 'published') model?.removeItem(kind, doc.id)
    else await model?.refreshItem(kind, doc.id, { req })
    await stamp(req)
    return doc
  }

const subjectDeleted =
  (kind: SubjectKind): CollectionAfterDeleteHook =>
  async ({ id, req }) => {
    currentReadModel()?.removeItem(kind, id)
    await stamp(req)
  }

const mediaChanged: CollectionAfterChangeHook = async ({ doc, req }) => {
  await currentReadModel()?.refreshMedia(doc.id, { req })
  await stamp(req)
  return doc
}

const mediaDeleted: CollectionAfterDeleteHook = async ({ id, req }) => {
  await currentReadModel()?.refreshMedia(id, { req })
  await stamp(req)
}

/**
 * Set in a change's `context` when it touches only private fields (the kit job's progress on a
 * campaign): no public output changes, so neither this process nor the others reload anything.
 */
export const PRIVATE_ONLY_CHANGE = 'relatoPrivateOnlyChange'

/** Campaigns and the partners allowed to embed them are read together. */
const campaignsChanged: CollectionAfterChangeHook = async ({ doc, req, context }) => {
  if (context[PRIVATE_ONLY_CHANGE]) return doc
  await currentReadModel()?.refreshCampaigns({ req })
  await stamp(req)
  return doc
}

const campaignsDeleted: CollectionAfterDeleteHook = async ({ req }) => {
  await currentReadModel()?.refreshCampaigns({ req })
  await stamp(req)
}

/** Adds the read model's hooks to the collections whose changes it must follow. */
export const publicReadModelPlugin = () =>
  hookPlugin({
    stories: { afterChange: [subjectChanged('stories')], afterDelete: [subjectDeleted('stories')] },
    artworks: { afterChange: [subjectChanged('artworks')], afterDelete: [subjectDeleted('artworks')] },
    media: { afterChange: [mediaChanged], afterDelete: [mediaDeleted] },
    campaigns: { afterChange: [campaignsChanged], afterDelete: [campaignsDeleted] },
    partners: { afterChange: [campaignsChanged], afterDelete: [campaignsDeleted] },
  })
