import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import { isStaffUser } from '../lib/roles'
import { recordAudit } from '../lib/audit'
import { now } from '../lib/clock'
import { InputError } from '../lib/errors'
import { subjectKey } from '../lib/subjects'
import { cluesInParts, type FoundClue, textParts } from './clueReport'
import { changesPublicContent } from './content'
import { loadAllLocales, mergeSave } from './storytellerReview'

// The checklist gate (issue 15): "identifying details removed" cannot be ticked while a
// high-confidence clue is still in the text, unless an editor gives an override with a reason
// (kept in `clueOverride`, audited). When the text changes under a ticked box and brings a new
// clue, the box no longer holds and is unticked.

const ITEM = 'identifyingDetailsRemoved'
const MAX_REASON = 1000

type Doc = Record<string, unknown>
type Override = { reason?: unknown; clues?: unknown }

/** The clue texts (lower case) an override with a reason covers. */
export function coveredClueTexts(doc: Doc | undefined): string[] {
  const override = doc?.clueOverride as Override | null | undefined
  if (typeof override?.reason !== 'string' || !override.reason.trim()) return []
  return Array.isArray(override.clues)
    ? override.clues.filter((text): text is string => typeof text === 'string')
    : []
}

const tickOf = (doc: Doc | undefined): unknown =>
  (doc?.safetyChecklist as Record<string, unknown> | null | undefined)?.[ITEM]

const describe = (clues: readonly FoundClue[]) =>
  clues
    .slice(0, 5)
    .map((clue) => `${clue.kind} "${clue.text}" (${clue.field}, ${clue.lang})`)
    .join('; ') + (clues.length > 5 ? `; and ${clues.length - 5} more` : '')

export const guardIdentifyingDetails: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  operation,
  req,
}) => {
  // Only the system writes what an override covers, who gave it and when.
  const { clueOverride: sent, ...rest } = data as Doc & { clueOverride?: Override }
  // Code with no user (seed, scripts) states its own checklist.
  if (!req.user) return rest
  const wasTicked = tickOf(originalDoc) === true
  const sentTick = tickOf(rest)
  const ticked = sentTick === undefined || sentTick === null ? wasTicked : sentTick === true
  const storedReason = (originalDoc?.clueOverride as Override | null | undefined)?.reason
  const reason = typeof sent?.reason === 'string' ? sent.reason.trim() : ''
  const newReason = Boolean(reason) && reason !== storedReason
  const tickingNow = ticked && !wasTicked
  const textChanged = operation === 'create' || changesPublicContent('stories', originalDoc, rest)
  if (!ticked || (!tickingNow && !textChanged && !newReason)) return rest

  const stored =
    operation === 'update' && originalDoc?.id !== undefined
      ? ((await loadAllLocales(req, 'stories', originalDoc.id)) ?? {})
      : {}
  const merged = mergeSave('stories', stored, rest, req.locale)
  const covered = new Set(coveredClueTexts(stored))
  const open = cluesInParts(textParts('stories', merged)).filter(
    (clue) => clue.confidence === 'high' && !covered.has(clue.text.toLowerCase()),
  )
  if (!open.length) return rest
  const subject = subjectKey('stories', String(originalDoc?.id ?? 'new'))
  const kinds = [...new Set(open.map((clue) => clue.kind))]

  if (newReason) {
    if (!isStaffUser(req.user))
      throw new InputError('Only editors may override the clue finder.', 403)
    if (reason.length > MAX_REASON)
      throw new InputError(`The override reason is too long (at most ${MAX_REASON} characters).`)
    const clues = [...new Set([...covered, ...open.map((clue) => clue.text.toLowerCase())])]
    return {
      ...rest,
      clueOverride: { reason, clues, by: req.user.id, at: now().toISOString() },
    }
  }
  if (tickingNow)
    throw new InputError(
      `"Identifying details removed" cannot be ticked while ${open.length} high-confidence clue${open.length === 1 ? '' : 's'} remain${open.length === 1 ? 's' : ''} in the text: ${describe(open)}. Remove ${open.length === 1 ? 'it' : 'them'}, or give clueOverride.reason saying why ${open.length === 1 ? 'it' : 'they'} may stay.`,
      400,
    )
  // The text changed under a ticked box and brought a new clue: the box no longer holds.
  if (operation === 'update')
    await recordAudit(req, { action: 'checklist-unticked', subject, details: { kinds } })
  return {
    ...rest,
    safetyChecklist: { ...((rest.safetyChecklist as Doc | undefined) ?? {}), [ITEM]: false },
  }
}

/** Every new override is audited: who and how many clues (the reason stays with the item, staff only). */
export const auditClueOverride: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  const after = doc.clueOverride as { at?: unknown; clues?: unknown } | null | undefined
  const before = previousDoc?.clueOverride as { at?: unknown } | null | undefined
  if (after?.at && after.at !== before?.at)
    await recordAudit(req, {
      action: 'clue-override',
      subject: subjectKey('stories', String(doc.id)),
      details: { covers: Array.isArray(after.clues) ? after.clues.length : 0 },
    })
  return doc
}
