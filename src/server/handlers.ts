import type { Payload } from 'payload'

import { createKitHandler } from '../kits'
import {
  createEmbedHandler,
  createPublicHandler,
  createSitePages,
  type PublicReadModel,
} from '../public'
import { createPrintHandler } from '../resources/printHttp'
import { createSelfServiceHandler, type SelfServiceOptions } from '../selfservice'
import type { Handlers } from './routes'
import { createStopGate } from './stop'

export type OwnOptions = {
  /** Self-service options; baseUrl is the public address in links sent by email. */
  selfService: SelfServiceOptions
  /** Awaited before the read model answers: lets it catch up with other processes' changes. */
  beforeAnswer?: () => Promise<void>
  /** The same for the kit view (src/kits/view.ts). */
  kitsBeforeAnswer?: () => Promise<void>
}

/** The handlers behind the route table, built once per server. */
export function ownHandlers(
  payload: Payload,
  model: PublicReadModel,
  { selfService, beforeAnswer, kitsBeforeAnswer }: OwnOptions,
): Handlers {
  const embed = createEmbedHandler(model)
  return {
    publicApi: createPublicHandler(model, { beforeAnswer }),
    embed: async (req, res) => {
      await beforeAnswer?.()
      return embed(req, res)
    },
    selfService: createSelfServiceHandler(payload, selfService),
    // Kits are answered from the kit view's memory (src/kits/view.ts).
    kit: createKitHandler(payload, {
      baseUrl: () => model.baseUrl,
      beforeAnswer: kitsBeforeAnswer,
    }),
    print: createPrintHandler(model, { beforeAnswer }),
    site: createSitePages(model, { beforeAnswer }),
    guard: createStopGate(payload),
  }
}
