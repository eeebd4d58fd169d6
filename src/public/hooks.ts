import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, Config, Plugin } from 'payload'

import type { SubjectKind } from '../policy'
import { currentReadModel } from './registry'

// Keeps the process's read model in step with every change that can alter public output,
// before the changing request returns. (Other processes catch up through the change log.)

const subjectChanged =
  (kind: SubjectKind): CollectionAfterChangeHook =>
  async ({ doc, req }) => {
    const model = currentReadModel()
    if (!model) return doc
    // Leaving `published` (a withdrawal above all) takes effect at once, without a read.
    if (doc.status !== 'published') model.removeItem(kind, doc.id)
    else await model.refreshItem(kind, doc.id, { req })
    return doc
  }

const subjectDeleted =
  (kind: SubjectKind): CollectionAfterDeleteHook =>
  ({ id }) => {
    currentReadModel()?.removeItem(kind, id)
  }

const mediaChanged: CollectionAfterChangeHook = async ({ doc, req }) => {
  await currentReadModel()?.refreshMedia(doc.id, { req })
  return doc
}

const mediaDeleted: CollectionAfterDeleteHook = async ({ id, req }) => {
  await currentReadModel()?.refreshMedia(id, { req })
}

const campaignsChanged: CollectionAfterChangeHook = async ({ doc, req }) => {
  await currentReadModel()?.refreshCampaigns({ req })
  return doc
}

const campaignsDeleted: CollectionAfterDeleteHook = async ({ req }) => {
  await currentReadModel()?.refreshCampaigns({ req })
}

const HOOKS: Record<string, { afterChange: CollectionAfterChangeHook; afterDelete: CollectionAfterDeleteHook }> = {
  stories: { afterChange: subjectChanged('stories'), afterDelete: subjectDeleted('stories') },
  artworks: { afterChange: subjectChanged('artworks'), afterDelete: subjectDeleted('artworks') },
  media: { afterChange: mediaChanged, afterDelete: mediaDeleted },
  campaigns: { afterChange: campaignsChanged, afterDelete: campaignsDeleted },
}

/** Adds the read model's hooks to the collections whose changes it must follow. */
export const publicReadModelPlugin = (): Plugin => (config: Config) => ({
  ...config,
  collections: (config.collections ?? []).map((collection) => {
    const hooks = HOOKS[collection.slug]
    if (!hooks) return collection
    return {
      ...collection,
      hooks: {
        ...collection.hooks,
        afterChange: [...(collection.hooks?.afterChange ?? []), hooks.afterChange],
        afterDelete: [...(collection.hooks?.afterDelete ?? []), hooks.afterDelete],
      },
    }
  }),
})
