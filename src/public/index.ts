import type { Payload } from 'payload'

import { readChangeCounter } from './follow'
import { PublicReadModel } from './readModel'
import { currentReadModel, setReadModel } from './registry'

export { followChanges, STAMP_CHECK_INTERVAL_MS } from './follow'
export { createEmbedHandler } from './embedPages'
export { createPublicHandler, PUBLIC_PREFIX } from './http'
export { currentReadModel } from './registry'
export type { PublicReadModel } from './readModel'

/** Builds this process's read model from the database and makes it the one hooks update. */
export async function startReadModel(payload: Payload, baseUrl: string): Promise<PublicReadModel> {
  const model = new PublicReadModel(payload, baseUrl.replace(/\/$/, ''))
  // Read the change counter first: a change made during the rebuild then shows as a move.
  model.changes.observe(await readChangeCounter(payload))
  await model.rebuild()
  setReadModel(model)
  return model
}

export function stopReadModel(model: PublicReadModel): void {
  if (currentReadModel() === model) setReadModel(undefined)
}
