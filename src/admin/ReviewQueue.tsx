import { DefaultTemplate } from '@payloadcms/next/templates'
import { SetStepNav } from '@payloadcms/ui'
import { redirect } from 'next/navigation'
import type { AdminViewServerProps } from 'payload'
import React from 'react'

import { isStaffUser } from '../lib/roles'
import { isLocale } from '../lib/locales'
import { STATUS_LABELS, type Status } from '../workflow/statuses'

/** What still needs an editor, oldest first. */
const QUEUE: Status[] = ['submitted', 'in_review', 'changes_requested', 'approved']

const TEXT = {
  en: {
    title: 'Review queue',
    empty: 'Nothing is waiting.',
    kind: { stories: 'Story', artworks: 'Artwork' },
    waiting: 'waiting since',
    consent: { granted: 'consent given', withdrawn: 'consent withdrawn', none: 'no consent yet' },
  },
  es: {
    title: 'Cola de revisión',
    empty: 'No hay nada pendiente.',
    kind: { stories: 'Historia', artworks: 'Obra' },
    waiting: 'esperando desde',
    consent: {
      granted: 'consentimiento dado',
      withdrawn: 'consentimiento retirado',
      none: 'sin consentimiento',
    },
  },
}

type Row = {
  id: string
  kind: 'stories' | 'artworks'
  title: string
  status: Status
  since: string
  consent: 'granted' | 'withdrawn' | 'none'
}

export async function ReviewQueue({ initPageResult, params, searchParams }: AdminViewServerProps) {
  const { permissions, req, visibleEntities, locale } = initPageResult
  const { payload, user, i18n } = req
  const adminRoute = payload.config.routes.admin
  if (!user || !permissions?.canAccessAdmin) return redirect(`${adminRoute}/login`)
  const lang = isLocale(i18n.language) ? i18n.language : 'en'
  const text = TEXT[lang]

  const rows: Row[] = []
  if (isStaffUser(user)) {
    for (const kind of ['stories', 'artworks'] as const) {
      const { docs } = await payload.find({
        collection: kind,
        where: { status: { in: QUEUE } },
        sort: 'updatedAt',
        limit: 200,
        depth: 0,
        locale: lang,
        user,
        overrideAccess: false,
        req,
      })
      for (const doc of docs) {
        rows.push({
          id: String(doc.id),
          kind,
          title: doc.title ?? '—',
          status: doc.status as Status,
          since: doc.updatedAt,
          consent: (doc.consent?.state ?? 'none') as Row['consent'],
        })
      }
    }
  }
  rows.sort((a, b) => a.since.localeCompare(b.since))

  return (
    <DefaultTemplate
      i18n={i18n}
      locale={locale}
      params={params}
      payload={payload}
      permissions={permissions}
      searchParams={searchParams}
      user={user}
      visibleEntities={visibleEntities}
    >
      <SetStepNav nav={[{ label: text.title }]} />
      <main style={{ padding: '0 var(--gutter-h) 4rem' }}>
        <h1>{text.title}</h1>
        {QUEUE.map((status) => {
          const group = rows.filter((row) => row.status === status)
          return (
            <section key={status} aria-labelledby={`queue-${status}`} style={{ marginTop: '2rem' }}>
              <h2 id={`queue-${status}`}>
                {STATUS_LABELS[status][lang]} ({group.length})
              </h2>
              {group.length === 0 ? (
                <p>{text.empty}</p>
              ) : (
                <ol style={{ paddingLeft: '1.25rem' }}>
                  {group.map((row) => (
                    <li key={`${row.kind}-${row.id}`} style={{ margin: '0.5rem 0' }}>
                      <a href={`${adminRoute}/collections/${row.kind}/${row.id}`}>{row.title}</a>{' '}
                      <span>
                        · {text.kind[row.kind]} · {text.waiting}{' '}
                        <time dateTime={row.since}>
                          {new Date(row.since).toLocaleDateString(lang)}
                        </time>{' '}
                        · {text.consent[row.consent]}
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          )
        })}
      </main>
    </DefaultTemplate>
  )
}
