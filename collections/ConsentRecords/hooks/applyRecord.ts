import type { CollectionAfterChangeHook } from 'payload'

import { relationId } from '../../../src/access/owner'
import { recordAudit } from '../../../src/lib/audit'
import { contentLocale } from '../../../src/lib/locales'
import { summarizeConsent, type SubjectKind } from '../../../src/policy'
import { SYSTEM_CHANGE, type SystemChange } from '../../../src/workflow/hooks'

/**
 * Makes a new record take effect before the request returns, in its transaction: the subject's
 * consent summary follows the ledger, and a withdrawal moves the subject to `withdrawn`.
 */
export const applyRecord: CollectionAfterChangeHook = async ({ doc, operation, req }) => {
  if (operation !== 'create') return doc
  const kind = doc.subject.relationTo as SubjectKind
  const id = relationId(doc.subject.value)!
  const item = await req.payload.findByID({ collection: kind, id, req, depth: 0, locale: 'all' })
  const withdrawing = doc.action === 'withdraw' && item.status !== 'withdrawn'
  // The exemption names this subject and is gone once the update is done: other mutations in
  // the same request (GraphQL batches share one context) get no exemption from it.
  try {
    await req.payload.update({
      collection: kind,
      id,
      req,
      depth: 0,
      locale: contentLocale(item.title),
      context: { [SYSTEM_CHANGE]: { subject: `${kind}/${id}` } satisfies SystemChange },
      data: { consent: summarizeConsent(doc), ...(withdrawing ? { status: 'withdrawn' } : {}) },
    })
  } finally {
    delete req.context[SYSTEM_CHANGE]
  }
  await recordAudit(req, {
    action: `consent-${doc.action}`,
    subject: `${kind}/${id}`,
    details: {
      record: String(doc.id),
      method: doc.method ?? null,
      scopes: doc.scopes ?? [],
      consentText: relationId(doc.consentText) !== undefined ? String(relationId(doc.consentText)) : null,
      expiresAt: doc.expiresAt ?? null,
    },
  })
  return doc
}
