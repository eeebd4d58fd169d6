/**
 * The workflow's statuses from the issue, written out here and not imported from
 * src/workflow/statuses.ts on purpose: the tests that walk the workflow must not borrow the list
 * they check (a status dropped from the code would otherwise go untried).
 */
export const STATUSES = [
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'rejected',
  'published',
  'archived',
  'withdrawn',
] as const
export type Status = (typeof STATUSES)[number]
