import { randomBytes } from 'node:crypto'

import type { Role } from '../integration/surface-matrix.table'

/**
 * Unique strings planted in private fields, each with the roles that may see it. Every body the
 * matrix receives is searched for every canary.
 */
export class Canaries {
  readonly all: { value: string; name: string; audience: readonly Role[] }[] = []

  make(name: string, audience: readonly Role[]): string {
    return this.add(`CANARY-${name}-${randomBytes(4).toString('hex')}`, name, audience)
  }

  /** A value that already exists (an id, an email, a hash) and must stay with `audience`. */
  add(value: string, name: string, audience: readonly Role[]): string {
    this.all.push({ value, name, audience })
    return value
  }

  /** The canaries in `body` that `role` may not see. */
  leaks(role: Role, body: string): string[] {
    return this.all
      .filter((canary) => !canary.audience.includes(role) && body.includes(canary.value))
      .map((canary) => canary.name)
  }
}

export type Outcome = 'ok' | 'no' | 'noop' | 'payload-bug'

/**
 * 'ok' is any 2xx; 'no' is a refusal (4xx); 'noop' is either, as long as nothing changed;
 * 'payload-bug' is a known failure inside Payload (named where used), checked for leaks only.
 */
export function matches(outcome: Outcome, status: number): boolean {
  if (outcome === 'payload-bug') return true
  if (outcome === 'noop') return status < 500
  return outcome === 'ok' ? status >= 200 && status < 300 : status >= 400 && status < 500
}

/** Payload's GraphQL answers 200 with `errors` for refusals. */
export function graphqlOutcome(
  status: number,
  body: { errors?: unknown[]; data?: Record<string, unknown> | null },
): number {
  if (status !== 200) return status
  if (body.errors?.length) return 403
  const values = Object.values(body.data ?? {})
  return values.length && values.every((value) => value === null) ? 404 : 200
}
