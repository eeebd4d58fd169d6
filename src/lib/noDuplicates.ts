import type { Plugin } from 'payload'

/**
 * Payload's duplicate operation reads the source with access overridden and copies every field
 * a create rule does not stop. Relato never needs it: every collection turns it off, and this
 * plugin, run last, turns it off for any collection a plugin adds too.
 */
export const noDuplicates: Plugin = (config) => ({
  ...config,
  collections: config.collections?.map((collection) => ({ ...collection, disableDuplicate: true })),
})
