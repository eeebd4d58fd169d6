import type { Plugin, SanitizedConfig } from 'payload'

/**
 * Payload's duplicate operation reads the source with access overridden and copies every field
 * a create rule does not stop. Relato never needs it: every collection turns it off, and this
 * plugin, run last, turns it off for any collection a plugin adds too.
 */
export const noDuplicates: Plugin = (config) => ({
  ...config,
  collections: config.collections?.map((collection) => ({ ...collection, disableDuplicate: true })),
})

/**
 * Payload adds its own collections (preferences, locks, jobs, key-value store) after plugins
 * run, each with a duplicate operation. Turned off on the finished config as well: the flag
 * stops the operation and GraphQL's `duplicate…` mutation; the REST route is dropped.
 */
export function withoutDuplicates(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    collection.disableDuplicate = true
    if (Array.isArray(collection.endpoints)) {
      collection.endpoints = collection.endpoints.filter((endpoint) => !(endpoint.method === 'post' && endpoint.path === '/:id/duplicate'))
    }
  }
  return config
}
