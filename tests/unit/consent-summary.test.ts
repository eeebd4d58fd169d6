import { describe, expect, it } from 'vitest'

import { expectedSummary, sameSummary } from '../../collections/ConsentRecords/summary'
import { newestRecord, summarizeConsent } from '../../src/policy'

describe('the consent summary follows the newest ledger record', () => {
  const at = '2026-12-01T10:00:00.000Z'
  const grant = (id: string, recordedAt = at, scopes = ['gallery']) => ({
    id,
    action: 'grant' as const,
    scopes: scopes as never,
    givenAt: at,
    recordedAt,
  })

  it('breaks a tie in recordedAt by id, whatever order the records come in', () => {
    const a = grant('0b6f-a')
    const b = grant('9c1e-b')
    expect(newestRecord([a, b])?.id).toBe('9c1e-b')
    expect(newestRecord([b, a])?.id).toBe('9c1e-b')
    expect(newestRecord([b, grant('0000', '2026-12-01T10:00:00.001Z')])?.id).toBe('0000')
  })

  it('compares stored summaries with what the ledger says, dates and relation shapes aside', () => {
    const record = grant('r1', at, ['gallery', 'named'])
    const expected = expectedSummary(record)
    expect(
      sameSummary(
        { ...summarizeConsent(record), givenAt: new Date(at) as never, record: { id: 'r1' } },
        expected,
      ),
    ).toBe(true)
    expect(sameSummary({ ...summarizeConsent(record), named: false }, expected)).toBe(false)
    expect(sameSummary({ ...summarizeConsent(record), record: 'r0' }, expected)).toBe(false)
    // No ledger: no consent, whatever was stored.
    expect(sameSummary(undefined, expectedSummary(null))).toBe(true)
    expect(sameSummary(summarizeConsent(record), expectedSummary(null))).toBe(false)
  })
})
