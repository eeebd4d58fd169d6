import type { Payload } from 'payload'

import { readForeignChanges } from './follow'
import { PublicReadModel } from './readModel'
import { currentReadModel, setReadModel } from './registry'

export { ChangeWindow, followChanges, type Follower, STAMP_CHECK_INTERVAL_MS } from './follow'
// What the kits (src/kits) share with the public API: its change log, languages' fallbacks,
// licence names and the marker of a private-only change.
export { recordPublicChange } from './changes'
export { PRIVATE_ONLY_CHANGE } from './hooks'
export { pick } from './present'
export { campaignKey, GALLERY_KEY, surrogateKey } from './keys'
export { createEmbedHandler } from './embedPages'
export { createPublicHandler, PUBLIC_PREFIX } from './http'
export { currentReadModel } from './registry'
export type { PublicReadModel } from './readModel'
export type { PublicResource } from './resources'

/** Builds this process's read model from the database and makes it the one hooks update. */
export async function startReadModel(payload: Payload, baseUrl: string): Promise<PublicReadModel> {
  const model = new PublicReadModel(payload, baseUrl.replace(/\/$/, ''))
  // Note the other processes' recent changes first: one committed during the rebuild then
  // shows as new at the next poll.
  const at = Date.now()
  model.changes.observe(await readForeignChanges(payload, at), at)
  await model.rebuild()
  setReadModel(model)
  return model
}

export function stopReadModel(model: PublicReadModel): void {
  if (currentReadModel() === model) setReadModel(undefined)
}
export { createSitePages, type SiteHandlerOptions, type SitePages } from './pages'
