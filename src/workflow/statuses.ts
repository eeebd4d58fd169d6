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

/** Who may make a move: editors and admins, the item's owner, or only the system (a withdrawal). */
export type Actor = 'staff' | 'owner' | 'system'

/** Every legal move. Anything not listed is refused with 400. */
export const TRANSITIONS: Record<Status, Partial<Record<Status, readonly Actor[]>>> = {
  submitted: { in_review: ['staff'], withdrawn: ['system'] },
  in_review: {
    changes_requested: ['staff'],
    approved: ['staff'],
    rejected: ['staff'],
    withdrawn: ['system'],
  },
  changes_requested: { submitted: ['owner', 'staff'], withdrawn: ['system'] },
  approved: { published: ['staff'], withdrawn: ['system'] },
  published: { archived: ['staff'], withdrawn: ['system'] },
  archived: { published: ['staff'], withdrawn: ['system'] },
  rejected: { withdrawn: ['system'] },
  // After a new grant, the owner (or an editor) can send the item back for review.
  withdrawn: { submitted: ['owner', 'staff'] },
}

export const STATUS_LABELS: Record<Status, { en: string; es: string }> = {
  submitted: { en: 'Submitted', es: 'Enviado' },
  in_review: { en: 'In review', es: 'En revisión' },
  changes_requested: { en: 'Changes requested', es: 'Cambios solicitados' },
  approved: { en: 'Approved', es: 'Aprobado' },
  rejected: { en: 'Rejected', es: 'Rechazado' },
  published: { en: 'Published', es: 'Publicado' },
  archived: { en: 'Archived', es: 'Archivado' },
  withdrawn: { en: 'Withdrawn', es: 'Retirado' },
}

export const allowedFrom = (from: Status): Status[] => Object.keys(TRANSITIONS[from]) as Status[]

/** What the admin's button for a move into each status says. */
export const MOVE_LABELS: Record<Status, { en: string; es: string }> = {
  submitted: { en: 'Send back for review', es: 'Enviar de nuevo a revisión' },
  in_review: { en: 'Start review', es: 'Empezar la revisión' },
  changes_requested: { en: 'Request changes', es: 'Pedir cambios' },
  approved: { en: 'Approve', es: 'Aprobar' },
  rejected: { en: 'Reject', es: 'Rechazar' },
  published: { en: 'Publish', es: 'Publicar' },
  archived: { en: 'Archive', es: 'Archivar' },
  withdrawn: { en: 'Withdraw', es: 'Retirar' },
}
