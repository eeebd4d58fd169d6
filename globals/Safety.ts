import type { GlobalAfterChangeHook, GlobalBeforeChangeHook, GlobalConfig } from 'payload'

import { isAdmin, isAdminField } from '../src/access'
import { relationId } from '../src/lib/relations'
import { recordAudit } from '../src/lib/audit'
import { InputError } from '../src/lib/errors'
import { setStop } from '../src/policy/stop'
import { recordPublicChange } from '../src/public/changes'
import { ALL_KEY } from '../src/public/keys'

/** Flipping the switch needs a reason: the audit log keeps who and why. */
const requireReason: GlobalBeforeChangeHook = ({ data, originalDoc }) => {
  const changed =
    Boolean(data.publicPaused) !== Boolean(originalDoc?.publicPaused) ||
    JSON.stringify(data.pausedCampaigns ?? []) !==
      JSON.stringify(originalDoc?.pausedCampaigns ?? [])
  if (changed && !String(data.reason ?? '').trim())
    throw new InputError('Say why the public site is paused or resumed (reason).')
  return data
}

const applyStop: GlobalAfterChangeHook = async ({ doc, previousDoc, req }) => {
  const campaigns = await req.payload.find({
    collection: 'campaigns',
    where: {
      id: {
        in: ((doc.pausedCampaigns ?? []) as unknown[])
          .map(relationId)
          .filter((id) => id !== undefined),
      },
    },
    select: { slug: true },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const state = {
    publicPaused: Boolean(doc.publicPaused),
    pausedCampaigns: campaigns.docs.map((campaign) => String(campaign.slug)),
  }
  // This process answers from the next request on; others within the change-counter bound.
  setStop(state)
  // ALL_KEY is on every public answer: shared caches (CACHE_PURGE_URLS) drop everything public.
  await recordPublicChange(req, ['safety', ALL_KEY])
  await recordAudit(req, {
    action: 'emergency-stop',
    subject: 'globals/safety',
    from: previousDoc?.publicPaused ? 'paused' : 'public',
    to: state.publicPaused ? 'paused' : 'public',
    details: {
      reason: String(doc.reason ?? '').slice(0, 500),
      pausedCampaigns: state.pausedCampaigns,
    },
  })
  return doc
}

/** The emergency stop: admins only. */
export const Safety: GlobalConfig = {
  slug: 'safety',
  access: { read: isAdmin, update: isAdmin },
  admin: {
    description:
      'Emergency stop: takes every public page, embed, feed, kit and public image down at once.',
  },
  hooks: { beforeChange: [requireReason], afterChange: [applyStop] },
  fields: [
    {
      name: 'publicPaused',
      type: 'checkbox',
      defaultValue: false,
      access: { read: isAdminField, update: isAdminField },
    },
    {
      name: 'pausedCampaigns',
      type: 'relationship',
      relationTo: 'campaigns',
      hasMany: true,
      access: { read: isAdminField, update: isAdminField },
    },
    {
      name: 'reason',
      type: 'textarea',
      maxLength: 500,
      access: { read: isAdminField, update: isAdminField },
    },
  ],
}
