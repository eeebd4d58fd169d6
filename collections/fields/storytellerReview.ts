import type { Field } from 'payload'

import { nobody } from '../../src/access'
import { staffOrOwnerField } from '../../src/access/subjects'
import { REVIEW_STATES } from '../../src/workflow/storytellerReview'

/**
 * The storyteller's (or artist's) sign-off on the exact public content (issue 15). Written only
 * by the system (src/workflow/storytellerReview.ts); staff and the owner read it. The snapshot
 * holds the content they last approved, which may still carry details an editor removed since:
 * it is never public.
 */
export const storytellerReviewField = (): Field => ({
  name: 'storytellerReview',
  type: 'group',
  admin: {
    position: 'sidebar',
    readOnly: true,
    components: { Field: '/src/admin/StorytellerReviewPanel#StorytellerReviewPanel' },
  },
  disableDuplicate: true,
  access: { read: staffOrOwnerField, create: nobody, update: nobody },
  fields: [
    {
      name: 'state',
      type: 'select',
      defaultValue: 'not_needed',
      index: true,
      options: [...REVIEW_STATES],
    },
    { name: 'contentHash', type: 'text' },
    { name: 'approvedHash', type: 'text' },
    { name: 'approvedAt', type: 'date' },
    { name: 'approvedBy', type: 'relationship', relationTo: 'users' },
    // paper / verbal / the storyteller's own link or account
    {
      name: 'approvalMethod',
      type: 'select',
      options: ['own-account', 'management-link', 'submission', 'paper', 'verbal'],
    },
    { name: 'offlineWho', type: 'text', maxLength: 200 },
    { name: 'offlineEvidence', type: 'textarea', maxLength: 2000 },
    { name: 'note', type: 'textarea', maxLength: 2000 },
    { name: 'approvedContent', type: 'json' },
    // Set once the item has had a storyteller (owner or management link); never cleared, so that
    // removing them does not remove the need for their sign-off (src/workflow/storytellerReview.ts).
    { name: 'signoffRequired', type: 'checkbox', defaultValue: false },
  ],
})
