import config from '@payload-config'
import { getPayload } from 'payload'

import { currentReadModel, type PublicReadModel, startReadModel } from '@/public'

let starting: Promise<PublicReadModel> | null = null

/**
 * The process's public read model. Under Relato's server (`npm run dev`, `npm start`) it is
 * already running; under plain `next dev` this page builds one from Next's own Payload.
 */
export async function publicReadModel(): Promise<PublicReadModel> {
  const running = currentReadModel()
  if (running) return running
  starting ??= (async () =>
    startReadModel(await getPayload({ config }), process.env.SERVER_URL || `http://localhost:${process.env.PORT || 3000}`))()
  return starting
}
