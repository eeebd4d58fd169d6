import { randomBytes } from 'node:crypto'
import type { Payload, PayloadRequest } from 'payload'

import { relatoSettings } from '../lib/settings'
import {
  indexFieldName,
  INDEXED_FIELDS,
  SEAL_ID,
  SEALED_FIELDS,
  type SealedCollection,
} from './fields'
import {
  indexHashes,
  isSealed,
  keyring,
  open,
  seal,
  sealedWithCurrent,
  UnreadableValue,
} from './seal'

export type ResealReport = {
  documents: number
  sealed: number
  rotated: number
  unreadable: number
}

const PAGE = 200

const selectOf = (fields: readonly string[]): Record<string, true> =>
  Object.fromEntries(
    [
      SEAL_ID,
      ...fields,
      ...fields.filter((field) => INDEXED_FIELDS[field]).map(indexFieldName),
    ].map((name) => [name, true]),
  )

/**
 * Brings every stored name and contact to the current key, straight through the database
 * adapter (no hooks: nothing else about the documents changes, and a published story's
 * four-eyes rule is not about its private fields):
 * - a plain value (stored before encryption existed) is sealed;
 * - a value sealed with RELATO_DATA_KEY_PREVIOUS is opened and sealed again with the current key;
 * - every contact's search index is recomputed with the current key.
 * A value that opens with neither key is counted and left as it is (logged without the value).
 * Run by the migration that introduced encryption and by `npm run keys:rotate`; safe to repeat.
 */
export async function resealAll(
  payload: Payload,
  req?: Partial<PayloadRequest>,
): Promise<ResealReport> {
  const ring = keyring(relatoSettings(payload).dataKeys)
  const report: ResealReport = { documents: 0, sealed: 0, rotated: 0, unreadable: 0 }
  for (const [collection, fields] of Object.entries(SEALED_FIELDS) as [
    SealedCollection,
    readonly string[],
  ][]) {
    for (let page = 1; ; page++) {
      // Only the sealed columns, read and written without joins: a migration runs this against
      // the schema of its own day, which lacks the tables later releases add (a full read of a
      // story asked for `stories_people` before it existed).
      const result = await payload.db.find<Record<string, unknown>>({
        collection,
        limit: PAGE,
        page,
        pagination: true,
        sort: 'id',
        select: selectOf(fields),
        req,
      })
      for (const doc of result.docs) {
        const changes: Record<string, unknown> = {}
        const sealId =
          (doc[SEAL_ID] as string | null | undefined) || randomBytes(12).toString('base64url')
        for (const field of fields) {
          const stored = doc[field]
          if (stored === null || stored === undefined || stored === '') continue
          let plain: string
          try {
            plain = isSealed(stored)
              ? open(ring, { collection, field, sealId }, stored)
              : String(stored)
          } catch (error) {
            report.unreadable++
            payload.logger.error(
              {
                collection,
                id: doc.id,
                field,
                reason: error instanceof UnreadableValue ? error.reason : 'error',
              },
              'A sealed value cannot be decrypted with RELATO_DATA_KEY or RELATO_DATA_KEY_PREVIOUS; left as it is',
            )
            continue
          }
          if (!isSealed(stored)) report.sealed++
          else if (!sealedWithCurrent(ring, stored)) report.rotated++
          if (!isSealed(stored) || !sealedWithCurrent(ring, stored))
            changes[field] = seal(ring, { collection, field, sealId }, plain)
          const normalize = INDEXED_FIELDS[field]
          if (normalize) {
            const hash = indexHashes(ring, field, normalize(plain))[0]
            if (doc[indexFieldName(field)] !== hash) changes[indexFieldName(field)] = hash
          }
        }
        if (Object.keys(changes).length === 0) continue
        if (!doc[SEAL_ID]) changes[SEAL_ID] = sealId
        await payload.db.updateOne({
          collection,
          id: doc.id as string,
          data: changes,
          returning: false,
          req,
        })
        report.documents++
      }
      if (!result.hasNextPage) break
    }
  }
  return report
}
