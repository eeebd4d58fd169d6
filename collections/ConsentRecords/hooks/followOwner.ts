import type { CollectionAfterChangeHook } from 'payload'

import { relationId } from '../../../src/lib/relations'
import { subjectKey } from '../../../src/lib/subjects'
import type { SubjectKind } from '../../../src/policy'
import { peopleLedgerKey } from '../../../src/workflow/people'

/**
 * Consent records carry their subject's owner (`subjectOwner`) so that access can filter on it.
 * When an admin gives an item to someone else, its records follow at once, in the same
 * transaction: the new owner reads their guardian and evidence fields, the previous one no
 * longer does. `subjectOwner` is an access index, not part of the consent event, so rewriting it
 * (directly, past the ledger's no-update rule) leaves the ledger append-only.
 */
export const followSubjectOwner =
  (kind: SubjectKind): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, operation, req }) => {
    if (operation !== 'update') return doc
    const owner = relationId(doc.owner) ?? null
    if (String(relationId(previousDoc?.owner) ?? null) === String(owner)) return doc
    await req.payload.db.updateMany({
      collection: 'consent-records',
      // The item's ledger and the ledger of the people in it.
      where: { subjectKey: { in: [subjectKey(kind, doc.id), peopleLedgerKey(kind, doc.id)] } },
      data: { subjectOwner: owner },
      returning: false,
      req,
    })
    return doc
  }
