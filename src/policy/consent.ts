import { SCOPES, type Scope } from './scopes'

type Id = string | number
type DateLike = string | Date | null | undefined

/** A consent-records document, as far as the policy reads it. */
export type ConsentRecordLike = {
  id?: Id
  action: 'grant' | 'withdraw'
  scopes?: readonly Scope[] | null
  givenAt?: DateLike
  expiresAt?: DateLike
  /** Strictly increasing per subject; orders the ledger. */
  recordedAt: DateLike
}

/** Consent in force for a subject at one moment. */
export type CurrentConsent = {
  scopes: readonly Scope[]
  givenAt: string | null
  expiresAt: string | null
  recordId: Id | null
}

/**
 * The consent summary stored on each story and artwork (group `consent`), so that access
 * queries can filter on it. Written only from the ledger, by `summarizeConsent`.
 */
export type ConsentSummary = {
  state: 'none' | 'granted' | 'withdrawn'
  givenAt?: string | null
  expiresAt?: string | null
  record?: string | { id: string } | null
} & Partial<Record<Scope, boolean | null>>

const time = (value: DateLike): number => (value ? new Date(value).getTime() : Number.NaN)
const iso = (value: DateLike): string | null => (value ? new Date(value).toISOString() : null)

export const isExpired = (expiresAt: DateLike, now: Date): boolean =>
  Boolean(expiresAt) && time(expiresAt) <= now.getTime()

/**
 * The newest record decides: a withdrawal, or a grant past its expiry, means no consent at all.
 * Returns null when nothing is consented now.
 */
export function currentConsent(
  records: readonly ConsentRecordLike[],
  now: Date,
): CurrentConsent | null {
  const newest = newestRecord(records)
  if (!newest || newest.action !== 'grant' || isExpired(newest.expiresAt, now)) return null
  return {
    scopes: [...(newest.scopes ?? [])],
    givenAt: iso(newest.givenAt),
    expiresAt: iso(newest.expiresAt),
    recordId: newest.id ?? null,
  }
}

/**
 * The newest by `recordedAt`; two records written at once can share one, and then the greater id
 * wins, as in the database's ordering of the ledger (collections/ConsentRecords/summary.ts).
 */
export function newestRecord<T extends ConsentRecordLike>(records: readonly T[]): T | null {
  let newest: T | null = null
  for (const record of records) {
    const later = newest && time(record.recordedAt) - time(newest.recordedAt)
    if (!newest || later! > 0 || (later === 0 && String(record.id ?? '') > String(newest.id ?? '')))
      newest = record
  }
  return newest
}

/** What is stored on the subject after `record` was appended to its ledger. */
export function summarizeConsent(record: ConsentRecordLike): ConsentSummary {
  const granted = record.action === 'grant'
  const scopes = new Set(granted ? (record.scopes ?? []) : [])
  return {
    state: granted ? 'granted' : 'withdrawn',
    givenAt: granted ? iso(record.givenAt) : null,
    expiresAt: granted ? iso(record.expiresAt) : null,
    record: record.id != null ? String(record.id) : null,
    ...Object.fromEntries(SCOPES.map((scope) => [scope, scopes.has(scope)])),
  }
}

/** The same answer as `currentConsent`, read from a stored summary. */
export function consentFromSummary(
  summary: ConsentSummary | null | undefined,
  now: Date,
): CurrentConsent | null {
  if (!summary || summary.state !== 'granted' || isExpired(summary.expiresAt, now)) return null
  const record = summary.record
  return {
    scopes: SCOPES.filter((scope) => summary[scope] === true),
    givenAt: iso(summary.givenAt),
    expiresAt: iso(summary.expiresAt),
    recordId: record && typeof record === 'object' ? record.id : (record ?? null),
  }
}
