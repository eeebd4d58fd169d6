import type { KIT_PROGRESS_CONTEXT } from '../kits/build'
import type { PRIVATE_ONLY_CHANGE } from '../public/hooks'
import type { SYSTEM_CHANGE, SystemChange } from '../workflow/hooks'

// Every key Relato keeps in a request's context, declared once on Payload's own type, so that
// hooks read them typed instead of casting `unknown`.
declare module 'payload' {
  export interface RequestContext {
    /** The system may change this item outside the workflow (src/workflow/system.ts). */
    [SYSTEM_CHANGE]?: SystemChange
    /** A change to private fields only: the public read model and caches need not follow. */
    [PRIVATE_ONLY_CHANGE]?: boolean
    /** The kit job writing its own progress onto the campaign: no new kit build for it. */
    [KIT_PROGRESS_CONTEXT]?: boolean
    /** The media public right now with the keys of what shows each, once per request (src/policy/media.ts). */
    relatoPublicMedia?: Map<string, string[]>
    /** Faces the upload's pixelation found, handed from beforeOperation to beforeChange. */
    relatoFacesFound?: number
    /** A new partner's API key, shown once in the response that created it. */
    relatoNewPartnerKey?: string
  }
}
