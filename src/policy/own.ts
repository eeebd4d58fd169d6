import type { Scope } from './scopes'

/**
 * What a storyteller sees of their own consent records through the management link: the
 * decision and its terms, field by field (default deny). Guardian, witness and interpreter
 * names, evidence, and who collected or recorded it stay with staff: a link can be forwarded.
 */
export type OwnRecordView = {
  id: string
  action: 'grant' | 'withdraw'
  scopes: Scope[]
  method: string | null
  language: string | null
  consentText: string | null
  givenAt: string | null
  expiresAt: string | null
  recordedAt: string | null
}

type Text = string | null | undefined
type RecordLike = {
  id: string | number
  action: 'grant' | 'withdraw'
  scopes?: readonly Scope[] | null
  consentText?: unknown
  method?: Text
  language?: Text
  givenAt?: Text
  expiresAt?: Text
  recordedAt?: Text
}

const idOf = (value: unknown): string | null =>
  value && typeof value === 'object' && 'id' in value
    ? String((value as { id: unknown }).id)
    : value
      ? String(value)
      : null

/** The allow-list itself: only the fields named here leave. */
export function ownRecordView(record: RecordLike): OwnRecordView {
  return {
    id: String(record.id),
    action: record.action,
    scopes: [...(record.scopes ?? [])],
    method: record.method ?? null,
    language: record.language ?? null,
    consentText: idOf(record.consentText),
    givenAt: record.givenAt ?? null,
    expiresAt: record.expiresAt ?? null,
    recordedAt: record.recordedAt ?? null,
  }
}
