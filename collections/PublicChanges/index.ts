import type { CollectionConfig } from 'payload'

import { nobody } from '../../src/access'

export const PUBLIC_CHANGES = 'public-changes'

/**
 * One record per write that can change public output, created in the same transaction as the
 * change (src/public/changes.ts). Append-only, so concurrent writers never touch the same
 * document (a shared counter made overlapping MongoDB transactions fail each other with
 * WriteConflict). Other server processes follow it (src/public/follow.ts); `keys` names what the
 * change touches, for a shared-cache purge. Old records are pruned. Internal: no API reads it.
 */
export const PublicChanges: CollectionConfig = {
  slug: PUBLIC_CHANGES,
  admin: { hidden: true },
  graphQL: false,
  access: { read: nobody, create: nobody, update: nobody, delete: nobody },
  fields: [
    // `stories/<id>`, `artworks/<id>`, `media/<id>`, `campaigns/<slug>`, `partners/<id>`, `gallery`.
    { name: 'keys', type: 'json', required: true },
    // The server process that wrote it: that process's model already has the change.
    { name: 'origin', type: 'text', required: true },
  ],
}
