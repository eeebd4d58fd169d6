import type { CollectionConfig, Config, Plugin } from 'payload'

type Hooks = NonNullable<CollectionConfig['hooks']>
type HookName = 'afterChange' | 'afterDelete' | 'beforeDelete'

/**
 * A plugin that appends hooks to the named collections, after their own: for concerns (the
 * read model, kits) that follow several collections and live beside their own code.
 */
export const hookPlugin =
  (hooksBySlug: Record<string, Partial<Pick<Hooks, HookName>>>): Plugin =>
  (config: Config) => ({
    ...config,
    collections: (config.collections ?? []).map((collection) => {
      const added = hooksBySlug[collection.slug]
      if (!added) return collection
      const hooks: Hooks = { ...collection.hooks }
      for (const name of Object.keys(added) as HookName[]) {
        // Each list holds its own hook type; TypeScript cannot follow the key through the union.
        ;(hooks as Record<HookName, unknown[]>)[name] = [
          ...(collection.hooks?.[name] ?? []),
          ...(added[name] ?? []),
        ]
      }
      return { ...collection, hooks }
    }),
  })
