'use client'
import { useAuth, useConfig, useTranslation } from '@payloadcms/ui'
import React from 'react'

/** Nav link to the review queue, for editors and admins. */
export function ReviewQueueLink() {
  const { user } = useAuth<{ role?: string }>()
  const { config } = useConfig()
  const { i18n } = useTranslation()
  if (user?.role !== 'admin' && user?.role !== 'editor') return null
  return (
    <a className="nav__link" href={`${config.routes.admin}/review-queue`} style={{ display: 'block', padding: '0.5rem 0' }}>
      {i18n.language === 'es' ? 'Cola de revisión' : 'Review queue'}
    </a>
  )
}
