import type { Payload } from 'payload'

import { PublicReadModel } from './readModel'
import { currentReadModel, setReadModel } from './registry'

export { createPublicHandler, PUBLIC_PREFIX } from './http'
export { currentReadModel } from './registry'
export type { PublicReadModel } from './readModel'

/** Builds this process's read model from the database and makes it the one hooks update. */
export async function startReadModel(payload: Payload, baseUrl: string): Promise<PublicReadModel> {
  const model = new PublicReadModel(payload, baseUrl.replace(/\/$/, ''))
  await model.rebuild()
  setReadModel(model)
  return model
}

export function stopReadModel(model: PublicReadModel): void {
  if (currentReadModel() === model) setReadModel(undefined)
}
