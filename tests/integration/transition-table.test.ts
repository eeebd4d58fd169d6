import { expect, it } from 'vitest'

import { SYSTEM_CHANGE } from '../../src/workflow/hooks'
import { describeEachDatabase } from '../helpers/databases'
import { fullDepth } from '../helpers/depth'
import { useTestApp } from '../helpers/app'
import { type Status, STATUSES } from '../helpers/statuses'

// The workflow from the issue, written out again here on purpose: the test must not
// borrow the table it checks.
const STAFF = ['admin', 'editor']
const OWNER = ['owner']
const LEGAL: Record<string, string[]> = {
  'submitted>in_review': STAFF,
  'in_review>changes_requested': STAFF,
  'in_review>approved': STAFF,
  'in_review>rejected': STAFF,
  'changes_requested>submitted': [...OWNER, ...STAFF],
  'approved>published': STAFF,
  'published>archived': STAFF,
  'archived>published': STAFF,
  'withdrawn>submitted': [...OWNER, ...STAFF],
}
const SYSTEM_ONLY = (from: Status, to: Status) => to === 'withdrawn' && from !== 'withdrawn'
const OWNER_MAY_EDIT: Status[] = ['submitted', 'changes_requested', 'withdrawn']

type Role = 'admin' | 'editor' | 'owner' | 'otherStoryteller' | 'artist' | 'partner' | 'anonymous'
const ROLES: Role[] = [
  'admin',
  'editor',
  'owner',
  'otherStoryteller',
  'artist',
  'partner',
  'anonymous',
]
/** Roles that may change no story at all: every move they try is a 403 for the same reason. */
const OUTSIDERS: Role[] = ['otherStoryteller', 'artist', 'partner', 'anonymous']

/**
 * The roles that try the `index`th (from, to) pair. The full run tries every role on every pair;
 * the quick run tries every pair with the staff and the owner, and with one outsider in turn, so
 * that each outsider still tries a move out of every status and into every status.
 */
function rolesFor(index: number): Role[] {
  if (fullDepth()) return ROLES
  return [...ROLES.filter((role) => !OUTSIDERS.includes(role)), OUTSIDERS[index % OUTSIDERS.length]]
}

function expected(role: Role, from: Status, to: Status): number {
  const canUpdate = STAFF.includes(role) || (role === 'owner' && OWNER_MAY_EDIT.includes(from))
  if (!canUpdate) return 403
  if (SYSTEM_ONLY(from, to)) return 403
  const who = LEGAL[`${from}>${to}`]
  if (!who) return 400
  return who.includes(role) ? 200 : 403
}

describeEachDatabase('every (role, from, to) status change', (database) => {
  const app = useTestApp(database, {
    admin: 'admin',
    editor: 'editor',
    owner: 'storyteller',
    otherStoryteller: 'storyteller',
    artist: 'artist',
    partner: 'partner',
  })

  /** A story in `status`, owned by `owner`, with everything publishing needs already in place. */
  async function storyIn(status: Status): Promise<string> {
    const { payload } = app.instance
    const owner = await payload.findByID({ collection: 'users', id: app.people.owner.id })
    const story = await payload.create({
      collection: 'stories',
      data: { title: 'Table', language: 'en', status: 'submitted' },
      user: owner,
      overrideAccess: false,
    })
    await payload.create({
      collection: 'consent-records',
      data: {
        subject: { relationTo: 'stories', value: story.id },
        action: 'grant',
        scopes: ['gallery'],
        consentText: app.textId,
        method: 'paper',
        language: 'en',
      },
    })
    await payload.update({
      collection: 'stories',
      id: story.id,
      context: { [SYSTEM_CHANGE]: true },
      data: {
        status,
        safetyChecklist: {
          identifyingDetailsRemoved: true,
          thirdPartiesProtected: true,
          locationCoarse: true,
          imagesChecked: true,
        },
      },
    })
    return String(story.id)
  }

  it('allows exactly the moves of the workflow, refusing the rest with 400 or 403', async () => {
    const mismatches: string[] = []
    let checked = 0
    let expectedChecks = 0
    let pair = 0
    const unchanged = new Map<Status, string>()
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        if (from === to) continue
        const roles = rolesFor(pair++)
        expectedChecks += roles.length
        for (const role of roles) {
          // A refused move changes nothing, so its story serves the next try from the same status;
          // only a move that went through needs a new one.
          const id = unchanged.get(from) ?? (await storyIn(from))
          unchanged.delete(from)
          const token = role === 'anonymous' ? undefined : app.people[role].token
          const res = await app.api.patch(`/api/stories/${id}`, { status: to }, { token })
          const want = expected(role, from, to)
          const stored = (
            await app.instance.payload.findByID({ collection: 'stories', id, depth: 0 })
          ).status
          const wantStored = want === 200 ? to : from
          if (res.status !== 200 && stored === from) unchanged.set(from, id)
          if (res.status !== want || stored !== wantStored) {
            mismatches.push(
              `${role}: ${from} → ${to}: got ${res.status}/${stored}, want ${want}/${wantStored}`,
            )
          }
          checked++
        }
      }
    }
    expect(pair).toBe(8 * 7)
    expect(checked).toBe(expectedChecks)
    expect(mismatches).toEqual([])
  }, 300_000)
})
