import type { PayloadRequest } from 'payload'

export type AuditEntry = {
  action: string
  /** `<collection>/<id>`: kept as text so the entry outlives an erased item. */
  subject: string
  from?: string | null
  to?: string | null
  /** Ids, statuses, scopes and versions only: never a private field's value. */
  details?: Record<string, string | number | boolean | null | readonly string[]>
}

/**
 * Appends to the audit log inside the caller's transaction (`req`), as the system: the log
 * accepts no writes from any API.
 */
export async function recordAudit(req: PayloadRequest, entry: AuditEntry): Promise<void> {
  await req.payload.create({
    collection: 'audit-log',
    req,
    data: {
      at: new Date().toISOString(),
      actor: req.user?.id ?? null,
      action: entry.action,
      subject: entry.subject,
      from: entry.from ?? null,
      to: entry.to ?? null,
      details: entry.details ?? {},
    },
  })
}
