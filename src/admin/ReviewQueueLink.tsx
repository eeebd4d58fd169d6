'use client'
import { useAuth, useConfig, useTranslation } from '@payloadcms/ui'
import React from 'react'

import { isStaffUser } from '../lib/roles'

/** Nav link to the review queue, for editors and admins. */
export function ReviewQueueLink() {
  const { user } = useAuth<{ id: string; role?: string }>()
  const { config } = useConfig()
  const { i18n } = useTranslation()
  if (!isStaffUser(user)) return null
  return (
    <a
      className="nav__link"
      href={`${config.routes.admin}/review-queue`}
      style={{ display: 'block', padding: '0.5rem 0' }}
    >
      {i18n.language === 'es' ? 'Cola de revisión' : 'Review queue'}
    </a>
  )
}
