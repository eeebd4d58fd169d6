import type { CollectionBeforeChangeHook } from 'payload'

import { isOwner, relationId } from '../../../src/lib/relations'
import { isStaffUser } from '../../../src/lib/roles'
import { now } from '../../../src/lib/clock'
import { InputError } from '../../../src/lib/errors'
import { subjectKey } from '../../../src/lib/subjects'
import { SUBJECT_KINDS, type SubjectKind } from '../../../src/policy'
import type { ConsentRecord } from '../../../src/payload-types'
import { peopleLedgerKey } from '../../../src/workflow/people'

type Subject = { relationTo?: string; value?: unknown }

const FUTURE_TOLERANCE_MS = 5 * 60 * 1000

/**
 * Checks a new record against its subject and the ledger, and fills what the system owns:
 * who recorded it, the subject's owner (for access), and a strictly increasing `recordedAt`
 * that orders the ledger.
 */
export const prepareRecord: CollectionBeforeChangeHook<ConsentRecord> = async ({
  data,
  operation,
  req,
}) => {
  if (operation !== 'create')
    throw new InputError('Consent records cannot be changed: record a new one.', 403)
  const subject = data.subject as Subject | undefined
  const kind = subject?.relationTo as SubjectKind | undefined
  const id = relationId(subject?.value)
  if (!kind || !SUBJECT_KINDS.includes(kind) || id === undefined) {
    throw new InputError('A consent record needs a subject: a story or an artwork.')
  }
  const item = await req.payload.findByID({
    collection: kind,
    id,
    req,
    depth: 0,
    disableErrors: true,
  })
  if (!item) throw new InputError('The consent record names a subject that does not exist.')
  if (req.user && !isStaffUser(req.user) && !isOwner(req.user, item)) {
    throw new InputError('You may record consent only for your own stories and artworks.', 403)
  }

  const at = now()
  const grant = data.action === 'grant'
  if (grant) checkGrant(data, at)

  // A person in the story has a ledger of their own: it never decides the item's consent.
  const key = data.forPerson ? peopleLedgerKey(kind, id) : subjectKey(kind, id)
  const previous = await req.payload.find({
    collection: 'consent-records',
    where: { subjectKey: { equals: key } },
    sort: '-recordedAt',
    limit: 1,
    depth: 0,
    // No count beside the find: on MongoDB both would share the transaction's session at once.
    pagination: false,
    req,
  })
  const last = previous.docs[0]?.recordedAt ? new Date(previous.docs[0].recordedAt).getTime() : 0
  return {
    ...data,
    subject: { relationTo: kind, value: id },
    forPerson: Boolean(data.forPerson),
    subjectKey: key,
    subjectOwner: relationId(item.owner) ?? null,
    scopes: grant ? data.scopes : [],
    givenAt: data.givenAt ?? at.toISOString(),
    expiresAt: grant ? (data.expiresAt ?? null) : null,
    recordedAt: new Date(Math.max(at.getTime(), last + 1)).toISOString(),
    recordedBy: req.user?.id ?? null,
    collectedBy: data.collectedBy ?? req.user?.id ?? null,
  }
}

function checkGrant(data: Record<string, unknown>, at: Date): void {
  const problems: string[] = []
  if (!Array.isArray(data.scopes) || data.scopes.length === 0)
    problems.push('choose at least one scope')
  if (!data.consentText) problems.push('name the consent text that was agreed to')
  const givenAt = data.givenAt ? new Date(data.givenAt as string) : at
  if (Number.isNaN(givenAt.getTime()) || givenAt.getTime() > at.getTime() + FUTURE_TOLERANCE_MS) {
    problems.push('givenAt must be a date that is not in the future')
  }
  if (data.expiresAt) {
    const expiresAt = new Date(data.expiresAt as string)
    if (Number.isNaN(expiresAt.getTime()) || expiresAt <= givenAt)
      problems.push('expiresAt must come after givenAt')
  }
  if (data.method === 'guardian' && !data.guardianName)
    problems.push('consent given by a guardian needs the guardian’s name')
  if (problems.length) throw new InputError(`Invalid consent grant: ${problems.join('; ')}.`)
}
