import type { CollectionAfterChangeHook, PayloadRequest } from 'payload'

import { relationId } from '../../../src/lib/relations'
import { recordAudit } from '../../../src/lib/audit'
import { subjectKey } from '../../../src/lib/subjects'
import { crashPointForTests } from '../../../src/lib/testFaults'
import type { SubjectKind } from '../../../src/policy'
import { applyLedgerToSubject } from '../summary'
import type { ConsentRecord } from '../../../src/payload-types'

/**
 * Makes a new record take effect before the request returns: the subject's consent summary
 * follows the ledger's newest record, and a withdrawal moves the subject to `withdrawn`.
 *
 * All or nothing. In a transaction (MongoDB on a replica set) a failure rolls both writes back.
 * Without one (SQLite here) the record is deleted again and the subject made to follow what
 * remains of the ledger. A process killed between the two writes leaves a difference that the
 * reconciliation pass (collections/ConsentRecords/reconcile.ts) repairs at the next start.
 */
export const applyRecord: CollectionAfterChangeHook<ConsentRecord> = async ({
  doc,
  operation,
  req,
}) => {
  if (operation !== 'create') return doc
  const kind = doc.subject.relationTo as SubjectKind
  const id = relationId(doc.subject.value)!
  try {
    crashPointForTests('between-consent-writes')
    // A person's record is in their own ledger: the item's consent stays what it was.
    if (!doc.forPerson) await applyLedgerToSubject(req, kind, id)
    await recordAudit(req, {
      action: doc.forPerson ? `person-consent-${doc.action}` : `consent-${doc.action}`,
      subject: subjectKey(kind, id),
      details: {
        record: String(doc.id),
        method: doc.method ?? null,
        scopes: doc.scopes ?? [],
        consentText:
          relationId(doc.consentText) !== undefined ? String(relationId(doc.consentText)) : null,
        expiresAt: doc.expiresAt ?? null,
      },
    })
  } catch (error) {
    await undoWithoutTransaction(req, kind, id, doc.id)
    throw error
  }
  return doc
}

const inTransaction = async (req: PayloadRequest) => {
  const id: unknown = await req.transactionID
  return typeof id === 'string' || typeof id === 'number'
}

/** Takes the record back out of the ledger and the subject back to what the ledger then says. */
async function undoWithoutTransaction(
  req: PayloadRequest,
  kind: SubjectKind,
  id: string | number,
  recordId: string | number,
): Promise<void> {
  if (await inTransaction(req)) return
  try {
    // Below the API on purpose: the ledger accepts no deletes, and this record never took effect.
    await req.payload.db.deleteOne({
      collection: 'consent-records',
      where: { id: { equals: recordId } },
      req,
    })
    await applyLedgerToSubject(req, kind, id)
  } catch (error) {
    // Left for the reconciliation pass, which makes the subject follow the ledger.
    req.payload.logger.error({
      err: error,
      msg: `consent write on ${kind}/${id} could not be undone; reconciliation will repair it`,
    })
  }
}
