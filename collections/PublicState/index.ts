import type { GlobalConfig } from 'payload'

import { nobody } from '../../src/access'

/**
 * A counter that moves on every change to public output, so that each server process can tell
 * that another one changed something and reload its read model. Internal: no API reads it.
 */
export const PublicState: GlobalConfig = {
  slug: 'public-state',
  admin: { hidden: true },
  access: { read: nobody, update: nobody },
  fields: [{ name: 'counter', type: 'number', defaultValue: 0 }],
}
