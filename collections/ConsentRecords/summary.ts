import type { PayloadRequest } from 'payload'

import { contentLocale } from '../../src/lib/locales'
import { subjectKey } from '../../src/lib/subjects'
import {
  type ConsentRecordLike,
  type ConsentSummary,
  SCOPES,
  type SubjectKind,
  summarizeConsent,
} from '../../src/policy'
import type { ConsentRecord } from '../../src/payload-types'
import { updateAsSystem } from '../../src/workflow/system'

/** The order of a subject's ledger: by `recordedAt`, ties broken by id (as src/policy/consent.ts). */
export const LEDGER_NEWEST_FIRST = ['-recordedAt', '-id']

/** The record that decides a subject's consent now, or null for an empty ledger. */
export async function newestLedgerRecord(
  req: PayloadRequest,
  key: string,
): Promise<ConsentRecord | null> {
  const { docs } = await req.payload.find({
    collection: 'consent-records',
    where: { subjectKey: { equals: key } },
    sort: LEDGER_NEWEST_FIRST,
    limit: 1,
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return docs[0] ?? null
}

const NO_CONSENT: ConsentSummary = {
  state: 'none',
  givenAt: null,
  expiresAt: null,
  record: null,
  ...Object.fromEntries(SCOPES.map((scope) => [scope, false])),
}

/** What the subject's stored summary must say, given its newest ledger record. */
export const expectedSummary = (newest: ConsentRecordLike | null): ConsentSummary =>
  newest ? summarizeConsent(newest) : NO_CONSENT

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null)
const recordId = (value: unknown) =>
  value && typeof value === 'object'
    ? String((value as { id: unknown }).id)
    : value
      ? String(value)
      : null

/** Whether a stored summary says the same as the expected one (dates and relation shapes aside). */
export function sameSummary(
  stored: Partial<ConsentSummary> | null | undefined,
  expected: ConsentSummary,
): boolean {
  const have = stored ?? {}
  return (
    (have.state ?? 'none') === expected.state &&
    iso(have.givenAt) === iso(expected.givenAt) &&
    iso(have.expiresAt) === iso(expected.expiresAt) &&
    recordId(have.record) === recordId(expected.record) &&
    SCOPES.every((scope) => Boolean(have[scope]) === Boolean(expected[scope]))
  )
}

export type Applied = { changed: boolean; from: string; to: string }

/**
 * Makes a subject's summary (and, for a withdrawal, its status) say what its newest ledger
 * record says. Reads the ledger again after writing: when another record landed meanwhile (two
 * grants at once), writes again, so the last write always carries the newest record.
 */
export async function applyLedgerToSubject(
  req: PayloadRequest,
  kind: SubjectKind,
  id: string | number,
): Promise<Applied> {
  const key = subjectKey(kind, id)
  let applied: Applied = { changed: false, from: '', to: '' }
  for (let round = 0; round < 5; round++) {
    const newest = await newestLedgerRecord(req, key)
    const item = await req.payload.findByID({
      collection: kind,
      id,
      req,
      depth: 0,
      locale: 'all',
      overrideAccess: true,
      select: { consent: true, status: true, title: true },
    })
    const expected = expectedSummary(newest as ConsentRecordLike | null)
    const withdrawing = newest?.action === 'withdraw' && item.status !== 'withdrawn'
    if (sameSummary(item.consent as Partial<ConsentSummary>, expected) && !withdrawing)
      return applied
    await updateAsSystem(req, {
      collection: kind,
      id,
      locale: contentLocale(item.title),
      data: { consent: expected, ...(withdrawing ? { status: 'withdrawn' } : {}) },
    })
    applied = {
      changed: true,
      from: describe(item.consent as Partial<ConsentSummary>, item.status),
      to: describe(expected, withdrawing ? 'withdrawn' : item.status),
    }
  }
  throw new Error(`the consent summary of ${key} kept changing under concurrent writes`)
}

const describe = (summary: Partial<ConsentSummary> | null | undefined, status: unknown) =>
  `${summary?.state ?? 'none'}${summary?.record ? `@${recordId(summary.record)}` : ''} ${String(status)}`
