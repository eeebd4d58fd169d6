import { createLocalReq, type Payload } from 'payload'

import { recordAudit } from '../../src/lib/audit'
import { subjectKey } from '../../src/lib/subjects'
import { SUBJECT_KINDS } from '../../src/policy'
import { applyLedgerToSubject } from './summary'

export type Reconciled = { checked: number; repaired: number; failed: number }

/** How often server.ts runs the pass (besides once at start-up). */
export const RECONCILE_EVERY_MS = 15 * 60_000

const PAGE = 200

/**
 * Compares every story's and artwork's consent summary (and withdrawn status) with its ledger and
 * repairs any difference, each repair audit-logged. A difference means a consent write stopped
 * half-way (a process killed between its two writes, or an undo that failed too).
 */
export async function reconcileConsent(payload: Payload): Promise<Reconciled> {
  const result: Reconciled = { checked: 0, repaired: 0, failed: 0 }
  for (const kind of SUBJECT_KINDS) {
    for (let page = 1; ; page++) {
      // Pages of ids, read one after another (nothing runs beside them on a session).
      const { docs, hasNextPage } = await payload.find({
        collection: kind,
        select: {},
        depth: 0,
        limit: PAGE,
        page,
        sort: 'id',
        overrideAccess: true,
      })
      for (const { id } of docs) {
        result.checked++
        const req = await createLocalReq({}, payload)
        try {
          const applied = await applyLedgerToSubject(req, kind, id)
          if (!applied.changed) continue
          result.repaired++
          await recordAudit(req, {
            action: 'consent-reconciled',
            subject: subjectKey(kind, id),
            from: applied.from,
            to: applied.to,
          })
        } catch (error) {
          result.failed++
          payload.logger.error({
            err: error,
            msg: `consent reconciliation failed for ${kind}/${id}`,
          })
        }
      }
      if (!hasNextPage) break
    }
  }
  const log =
    result.repaired || result.failed
      ? payload.logger.warn.bind(payload.logger)
      : payload.logger.info.bind(payload.logger)
  log(
    `consent reconciliation: ${result.checked} subjects checked, ${result.repaired} repaired, ${result.failed} failed`,
  )
  return result
}
