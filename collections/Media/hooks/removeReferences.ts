import type { CollectionBeforeDeleteHook, CollectionSlug, FlattenedField, PayloadRequest } from 'payload'

import { relationId } from '../../../src/lib/relations'
import { contentLocale, keepingRequestLocale } from '../../../src/lib/locales'
import { updateAsSystem } from '../../../src/workflow/system'

/** The upload collections whose deletion is followed into the items that use them. */
export type UploadTarget = 'media' | 'recordings'

/** A field that can hold a media (or recording) id: its collection, its dotted path, and its shape. */
export type MediaReference = { collection: string; path: string; hasMany: boolean; polymorphic: boolean; inRows: boolean }

/**
 * Kit assets name the images drawn into them; the kits plugin deletes those assets (and their
 * files) with the image (src/kits/hooks.ts), which needs the reference still in place.
 */
const HANDLED_ELSEWHERE = new Set(['kit-assets'])

/**
 * Every upload or relationship field, in any collection, that can point at `media`: read from
 * the config, so a field added later is covered without a list to keep up to date. Fields
 * inside arrays are covered (`inRows`: the faces marked for a story's people); fields inside
 * blocks are reported under `unsupported` (none exist today).
 */
export function mediaReferences(collections: { slug: string; flattenedFields: FlattenedField[] }[], target: UploadTarget = 'media'): { references: MediaReference[]; unsupported: string[] } {
  const references: MediaReference[] = []
  const unsupported: string[] = []
  // Where a field sits: top level (or in groups), inside array rows, or inside blocks.
  type Place = 'top' | 'rows' | 'blocks'
  const visit = (collection: string, fields: FlattenedField[], prefix: string, place: Place) => {
    for (const field of fields) {
      const path = `${prefix}${field.name}`
      if (field.type === 'group') {
        visit(collection, field.flattenedFields, `${path}.`, place)
      } else if (field.type === 'array') {
        visit(collection, field.flattenedFields, `${path}.`, place === 'blocks' ? 'blocks' : 'rows')
      } else if (field.type === 'blocks') {
        for (const block of field.blocks) if (typeof block === 'object') visit(collection, block.flattenedFields, `${path}.`, 'blocks')
      } else if (field.type === 'upload' || field.type === 'relationship') {
        const targets = [field.relationTo].flat()
        if (!targets.includes(target)) continue
        if (place === 'blocks') unsupported.push(`${collection}.${path}`)
        else references.push({ collection, path, hasMany: Boolean(field.hasMany), polymorphic: Array.isArray(field.relationTo), inRows: place === 'rows' })
      }
    }
  }
  for (const { slug, flattenedFields } of collections) if (!HANDLED_ELSEWHERE.has(slug)) visit(slug, flattenedFields, '', 'top')
  return { references, unsupported }
}

const pointsAt = (value: unknown, id: string, polymorphic: boolean, target: UploadTarget) =>
  polymorphic
    ? typeof value === 'object' && value !== null && (value as { relationTo?: string }).relationTo === target && String(relationId((value as { value?: unknown }).value)) === id
    : String(relationId(value)) === id

/** The data that writes `path` as `next`, keeping the rest of its groups as they are. */
function dataAt(doc: Record<string, unknown>, path: string[], next: unknown): Record<string, unknown> {
  const [head, ...rest] = path
  if (!rest.length) return { [head]: next }
  const group = (doc[head] as Record<string, unknown> | null | undefined) ?? {}
  return { [head]: { ...group, ...dataAt(group, rest, next) } }
}

/**
 * Removes an image (or a recording) from every story, artwork and campaign that uses it before
 * it is deleted, in the deleting request's transaction: MongoDB has no foreign keys, and a
 * dangling id made publishing fail on "images without alt text". Each change goes through
 * Payload (hooks run: the read model, the CDN purge and other processes follow) as a system
 * change of that item, so its public answers change in the deleting request.
 */
export const removeReferencesTo =
  (target: UploadTarget): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    await keepingRequestLocale(req, () => removeEverywhere(req, String(id), target))
}

export const removeMediaReferences = removeReferencesTo('media')

async function removeEverywhere(req: PayloadRequest, mediaId: string, target: UploadTarget): Promise<void> {
  const collections = req.payload.config.collections
  const { references } = mediaReferences(collections, target)
  for (const { collection, path, hasMany, polymorphic, inRows } of references) {
    const field = polymorphic ? `${path}.value` : path
    const { docs } = await req.payload.find({
      collection: collection as CollectionSlug,
      where: { [field]: hasMany ? { in: [mediaId] } : { equals: mediaId } },
      depth: 0,
      pagination: false,
      overrideAccess: true,
      req,
    })
    // One after the other: they share the request's transaction (one operation at a time).
    for (const doc of docs as unknown as Record<string, unknown>[]) await removeFrom(req, collection, doc, path.split('.'), { hasMany, polymorphic, inRows, target }, mediaId)
  }
}

type Shape = Pick<MediaReference, 'hasMany' | 'polymorphic' | 'inRows'> & { target: UploadTarget }

/**
 * `rows` without the deleted image at `path` (field names down through nested arrays): a row whose
 * own reference it was goes with it (a face marked on that image), a list inside a row loses it.
 */
function withoutImage(rows: unknown, path: string[], id: string, shape: Shape): unknown {
  if (!Array.isArray(rows)) return rows
  const [head, ...rest] = path
  return rows.flatMap((row: Record<string, unknown>) => {
    const value = row[head]
    if (rest.length) return [{ ...row, [head]: withoutImage(value, rest, id, shape) }]
    if (shape.hasMany) return [{ ...row, [head]: (Array.isArray(value) ? value : []).filter((item) => !pointsAt(item, id, shape.polymorphic, shape.target)) }]
    return pointsAt(value, id, shape.polymorphic, shape.target) ? [] : [row]
  })
}

async function removeFrom(req: PayloadRequest, collection: string, found: Record<string, unknown>, path: string[], shape: Shape, mediaId: string) {
  const { hasMany, polymorphic, target } = shape
  const slug = collection as CollectionSlug
  const id = found.id as string
  // Saved in a locale where the item's required title exists (a Spanish-only story), and built
  // from the item as read in that locale.
  const titled = (await req.payload.findByID({ collection: slug, id, depth: 0, locale: 'all', overrideAccess: true, req })) as unknown as Record<string, unknown>
  const locale = contentLocale(titled.title)
  const doc = (await req.payload.findByID({ collection: slug, id, depth: 0, locale, overrideAccess: true, req })) as unknown as Record<string, unknown>
  const current = path.reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], doc)
  const next = hasMany ? (Array.isArray(current) ? current : []).filter((value) => !pointsAt(value, mediaId, polymorphic, target)) : null
  const data = shape.inRows ? { [path[0]]: withoutImage(doc[path[0]], path.slice(1), mediaId, shape) } : dataAt(doc, path, next)
  // Lets the workflow accept this edit of a published item: it only takes out a deleted image.
  await updateAsSystem(req, { collection: slug, id, locale, data })
}
