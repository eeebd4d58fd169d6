import { createLocalReq, type Field, type FieldHook, type Payload, type TaskConfig } from 'payload'

import { isStaff } from '../access'
import { recordAudit } from '../lib/audit'
import { now } from '../lib/clock'
import { subjectKey } from '../lib/subjects'
import { indexFieldName, INDEXED_FIELDS } from './fields'

/**
 * Contact details and legal names are kept only as long as needed: they are deleted
 * CONTACT_RETENTION_DAYS (default 180) after the item first reached published, withdrawn or
 * archived, unless an editor recorded a reason to keep them until a date (audited).
 */
export const RETENTION_FIELDS = ['legalName', 'contactEmail', 'contactPhone'] as const
const CLOSING_STATUSES = ['published', 'withdrawn', 'archived']
const DAY_MS = 24 * 60 * 60 * 1000

export const retentionDays = (env: Record<string, string | undefined> = process.env): number => {
  const days = Number(env.CONTACT_RETENTION_DAYS ?? 180)
  return Number.isFinite(days) && days >= 0 ? days : 180
}

/** When an item's contacts are deleted, given when it first reached a closing status. */
export const retentionDueAt = (closedAt: Date, days = retentionDays()): Date =>
  new Date(closedAt.getTime() + days * DAY_MS)

/** Staff may keep contacts longer: a reason and an end date, both or neither; every change audited. */
const auditHold =
  (kind: 'stories' | 'artworks'): FieldHook =>
  async ({ value, previousValue, req, originalDoc, operation }) => {
    const before = JSON.stringify(previousValue ?? {})
    if (operation !== 'update' || JSON.stringify(value ?? {}) === before) return value
    const hold = (value ?? {}) as { until?: string | null; reason?: string | null }
    await recordAudit(req, {
      action: 'retention-hold',
      subject: subjectKey(kind, String(originalDoc?.id)),
      to: hold.until ?? null,
      details: { reason: String(hold.reason ?? '').slice(0, 500) },
    })
    return value
  }

export const retentionHoldField = (kind: 'stories' | 'artworks'): Field => ({
  name: 'contactRetention',
  type: 'group',
  admin: {
    description:
      'Keep the contact details and legal name beyond the usual retention: why, and until when.',
  },
  access: { read: isStaff, create: isStaff, update: isStaff },
  hooks: { afterChange: [auditHold(kind)] },
  validate: (value: unknown) => {
    const hold = (value ?? {}) as { until?: unknown; reason?: unknown }
    return Boolean(hold.until) === Boolean(String(hold.reason ?? '').trim())
      ? true
      : 'Give both a reason and an end date to keep contact details longer.'
  },
  fields: [
    { name: 'until', type: 'date' },
    { name: 'reason', type: 'text', maxLength: 500 },
  ],
})

type Closable = { id: string | number; publishedAt?: string | null; updatedAt: string }

/** When an item first reached a closing status (the audit log's first such change). */
async function closedAtOf(
  payload: Payload,
  kind: 'stories' | 'artworks',
  doc: Closable,
): Promise<Date> {
  const { docs: closing } = await payload.find({
    collection: 'audit-log',
    where: {
      and: [
        { subject: { equals: subjectKey(kind, String(doc.id)) } },
        { action: { equals: 'status-changed' } },
        { to: { in: CLOSING_STATUSES } },
      ],
    },
    sort: 'at',
    limit: 1,
    depth: 0,
    overrideAccess: true,
  })
  return new Date(closing[0]?.at ?? doc.publishedAt ?? doc.updatedAt)
}

/** What the storyteller is told about their contact details (issue 17): never the hold's reason. */
export type RetentionView = {
  days: number
  /** Whether any contact detail or legal name is still held. */
  held: boolean
  /** When they will be deleted, once the item has reached a closing status; null before. */
  deleteOn: string | null
  /** The end of an editor's hold, when one is recorded. */
  keptUntil: string | null
}

/** The retention facts of one item, by the same rule eraseExpiredContacts applies. */
export async function retentionViewOf(
  payload: Payload,
  kind: 'stories' | 'artworks',
  doc: Closable & {
    status: string
    contactRetention?: { until?: string | null } | null
  } & Partial<Record<(typeof RETENTION_FIELDS)[number], string | null>>,
  days = retentionDays(),
): Promise<RetentionView> {
  const until = doc.contactRetention?.until ?? null
  const keptUntil = until ? new Date(until) : null
  let deleteOn: Date | null = null
  if (CLOSING_STATUSES.includes(doc.status)) {
    const due = retentionDueAt(await closedAtOf(payload, kind, doc), days)
    deleteOn = keptUntil && keptUntil > due ? keptUntil : due
  }
  return {
    days,
    held: RETENTION_FIELDS.some((field) => Boolean(doc[field])),
    deleteOn: deleteOn?.toISOString() ?? null,
    keptUntil: keptUntil?.toISOString() ?? null,
  }
}

/** Deletes every due contact detail and legal name; one audit entry counts them. */
export async function eraseExpiredContacts(
  payload: Payload,
  at: Date = now(),
  days = retentionDays(),
): Promise<{ erased: number }> {
  let erased = 0
  for (const kind of ['stories', 'artworks'] as const) {
    const { docs } = await payload.find({
      collection: kind,
      where: {
        and: [
          { status: { in: CLOSING_STATUSES } },
          { or: RETENTION_FIELDS.map((field) => ({ [field]: { exists: true } })) },
        ],
      },
      select: { status: true, publishedAt: true, contactRetention: true, updatedAt: true },
      depth: 0,
      pagination: false,
      overrideAccess: true,
    })
    for (const doc of docs as {
      id: string
      publishedAt?: string | null
      updatedAt: string
      contactRetention?: { until?: string | null }
    }[]) {
      const hold = doc.contactRetention?.until ? new Date(doc.contactRetention.until) : null
      if (hold && hold > at) continue
      if (retentionDueAt(await closedAtOf(payload, kind, doc), days) > at) continue
      const cleared: Record<string, null> = {}
      for (const field of RETENTION_FIELDS) {
        cleared[field] = null
        if (INDEXED_FIELDS[field]) cleared[indexFieldName(field)] = null
      }
      // Straight to the database: no hook may refuse it (a published item's four-eyes rule is about public content).
      await payload.db.updateOne({ collection: kind, id: doc.id, data: cleared })
      erased++
    }
  }
  if (erased) {
    const req = await createLocalReq({}, payload)
    await recordAudit(req, {
      action: 'retention-erased',
      subject: 'retention',
      details: { items: erased, days },
    })
  }
  return { erased }
}

/** The scheduled job (Payload's jobs queue, daily). */
export const RETENTION_TASK = 'erase-expired-contacts'
export const eraseExpiredContactsTask: TaskConfig<{
  input: Record<string, never>
  output: { erased: number }
}> = {
  slug: RETENTION_TASK,
  label: 'Delete contact details past retention',
  schedule: [{ cron: '0 3 * * *', queue: 'retention' }],
  outputSchema: [{ name: 'erased', type: 'number' }],
  handler: async ({ req }) => ({ output: await eraseExpiredContacts(req.payload) }),
}
