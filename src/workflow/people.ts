import type { Payload, PayloadRequest, Where } from 'payload'

import { relationId } from '../lib/relations'
import { now } from '../lib/clock'
import { subjectKey } from '../lib/subjects'
import { isExpired } from '../policy/consent'
import type { SubjectKind } from '../policy/projection'
import type { ConsentRecord } from '../payload-types'
import type { Region } from '../media/redact'

// Everyone else in a story (issue 15): who they are, and whether they may appear. The list is
// private (collections/fields/people.ts); this module judges it for publishing and for faces.

export const PERSON_STATUSES = ['unresolved', 'consented', 'obscured', 'removed'] as const
export type PersonStatus = (typeof PERSON_STATUSES)[number]

type FaceArea = Region & { image?: unknown }
export type Person = {
  role?: string | null
  isMinor?: boolean | null
  status?: PersonStatus | null
  consentRecord?: unknown
  faces?: FaceArea[] | null
}

/**
 * A person's consent records are kept in a ledger of their own beside the item's (`<key>#people`),
 * so that they never become the item's consent (the newest record of `<key>` is the storyteller's).
 */
export const peopleLedgerKey = (kind: SubjectKind, id: string | number): string =>
  `${subjectKey(kind, id)}#people`

/** Why one record cannot stand for this person's consent now; null when it can. */
function recordProblem(
  record: ConsentRecord | undefined,
  person: Person,
  ledger: string,
  at: Date,
): string | null {
  if (!record) return 'needs their consent record'
  if (record.subjectKey !== ledger) return 'needs a consent record made about someone in this item'
  if (record.action !== 'grant' || isExpired(record.expiresAt, at))
    return 'their consent record is withdrawn or expired'
  if (person.isMinor && record.method !== 'guardian')
    return 'is a minor: needs a consent record given by a guardian'
  return null
}

async function recordsOf(
  payload: Payload,
  req: PayloadRequest | undefined,
  people: readonly Person[],
) {
  const ids = people
    .map((person) => relationId(person.consentRecord))
    .filter((id) => id !== undefined)
    .map(String)
  if (!ids.length) return new Map<string, ConsentRecord>()
  const { docs } = await payload.find({
    collection: 'consent-records',
    where: { id: { in: ids } },
    depth: 0,
    limit: ids.length,
    pagination: false,
    overrideAccess: true,
    req,
  })
  return new Map(docs.map((doc) => [String(doc.id), doc]))
}

/**
 * What keeps the item from being published, one line per person, naming them by their role only
 * (the refusal goes to staff, but a role is all it needs to say).
 */
export async function peopleProblems(
  req: PayloadRequest,
  kind: SubjectKind,
  id: string | number,
  people: readonly Person[] | null | undefined,
): Promise<string[]> {
  const list = people ?? []
  if (!list.length) return []
  const records = await recordsOf(req.payload, req, list)
  const ledger = peopleLedgerKey(kind, id)
  const at = now()
  const problems: string[] = []
  list.forEach((person, index) => {
    const who = `"${person.role?.trim() || `person ${index + 1}`}"`
    const status = person.status ?? 'unresolved'
    if (status === 'unresolved') {
      problems.push(`${who} is unresolved: mark them consented, obscured or removed`)
    } else if (status === 'consented') {
      const record = records.get(String(relationId(person.consentRecord)))
      const problem = recordProblem(record, person, ledger, at)
      if (problem) problems.push(`${who} ${problem}`)
    }
  })
  return problems
}

/**
 * The areas of one image that show people who consented to their photo: a detected face whose
 * centre lies in one stays clear when faces are pixelated. Read from every item that uses the
 * image; a person counts only when consented with a record in force that includes `photo`.
 * Takes no request: the media hook reads this before its transaction's first command, as it reads
 * the stored original (collections/Media/hooks/processUpload.ts says why).
 */
export async function consentedFaceAreas(payload: Payload, mediaId: string): Promise<Region[]> {
  const areas: Region[] = []
  const uses: { kind: SubjectKind; where: Where }[] = [
    { kind: 'stories', where: { images: { contains: mediaId } } },
    { kind: 'artworks', where: { image: { equals: mediaId } } },
  ]
  for (const { kind, where } of uses) {
    const { docs } = await payload.find({
      collection: kind,
      where,
      depth: 0,
      pagination: false,
      select: { people: true },
      overrideAccess: true,
    })
    for (const doc of docs) {
      const people = ((doc as { people?: Person[] | null }).people ?? []).filter(
        (person) => person.status === 'consented',
      )
      const records = await recordsOf(payload, undefined, people)
      const ledger = peopleLedgerKey(kind, doc.id)
      for (const person of people) {
        const record = records.get(String(relationId(person.consentRecord)))
        if (recordProblem(record, person, ledger, now()) || !record?.scopes?.includes('photo'))
          continue
        for (const face of person.faces ?? []) {
          if (String(relationId(face.image)) !== mediaId) continue
          areas.push({ x: face.x, y: face.y, width: face.width, height: face.height })
        }
      }
    }
  }
  return areas
}
