'use client'
import {
  Button,
  toast,
  useAuth,
  useConfig,
  useDocumentInfo,
  useFormFields,
  useTranslation,
} from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import React, { useState } from 'react'

import { isStaffUser } from '../lib/roles'
import { SCOPE_LABELS, SCOPES } from '../policy/scopes'

const TEXT = {
  en: {
    heading: 'Current consent',
    none: 'No consent recorded.',
    withdrawn: 'Consent withdrawn.',
    scopes: 'Scopes',
    given: 'Given',
    expires: 'Expires',
    never: 'never',
    expired: 'expired',
    withdraw: 'Record withdrawal',
    confirm: 'Record that consent is withdrawn? The item leaves every public surface at once.',
    done: 'Withdrawal recorded.',
    failed: 'The withdrawal could not be recorded',
  },
  es: {
    heading: 'Consentimiento actual',
    none: 'No hay consentimiento registrado.',
    withdrawn: 'Consentimiento retirado.',
    scopes: 'Alcance',
    given: 'Dado',
    expires: 'Vence',
    never: 'nunca',
    expired: 'vencido',
    withdraw: 'Registrar retiro',
    confirm:
      '¿Registrar que se retiró el consentimiento? El contenido sale de inmediato de todo espacio público.',
    done: 'Retiro registrado.',
    failed: 'No se pudo registrar el retiro',
  },
}

/** Shows the consent in force (a read-only summary of the ledger) and lets editors record a withdrawal. */
export function ConsentPanel() {
  const { id, collectionSlug } = useDocumentInfo()
  const { user } = useAuth<{ id: string; role?: string }>()
  const { config } = useConfig()
  const { i18n } = useTranslation()
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const text = i18n.language === 'es' ? TEXT.es : TEXT.en
  const lang = i18n.language === 'es' ? 'es' : 'en'
  const fields = useFormFields(([formFields]) => formFields)
  const value = (name: string) => fields[`consent.${name}`]?.value

  const state = value('state') as string | undefined
  const expiresAt = value('expiresAt') as string | undefined
  const expired = Boolean(expiresAt && new Date(expiresAt) <= new Date())
  const scopes = SCOPES.filter((scope) => value(scope) === true)
  const isStaff = isStaffUser(user)

  async function recordWithdrawal() {
    if (!id || !window.confirm(text.confirm)) return
    setBusy(true)
    const response = await fetch(`${config.serverURL}${config.routes.api}/consent-records`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        subject: { relationTo: collectionSlug, value: id },
        action: 'withdraw',
        method: 'verbal',
      }),
    })
    setBusy(false)
    if (response.ok) {
      toast.success(text.done)
      router.refresh()
    } else {
      const body = (await response.json().catch(() => ({}))) as { errors?: { message?: string }[] }
      toast.error(`${text.failed}: ${body.errors?.[0]?.message ?? response.status}`)
    }
  }

  return (
    <section aria-labelledby="consent-panel-heading" style={{ marginBottom: '1.5rem' }}>
      <h3 id="consent-panel-heading">{text.heading}</h3>
      {state === 'granted' ? (
        <dl style={{ margin: 0 }}>
          <dt>{text.scopes}</dt>
          <dd>{scopes.map((scope) => SCOPE_LABELS[scope][lang]).join(', ') || '—'}</dd>
          <dt>{text.given}</dt>
          <dd>
            {value('givenAt') ? new Date(value('givenAt') as string).toLocaleString(lang) : '—'}
          </dd>
          <dt>{text.expires}</dt>
          <dd>
            {expiresAt ? new Date(expiresAt).toLocaleString(lang) : text.never}
            {expired ? ` (${text.expired})` : ''}
          </dd>
        </dl>
      ) : (
        <p>{state === 'withdrawn' ? text.withdrawn : text.none}</p>
      )}
      {isStaff && id && state === 'granted' ? (
        <Button buttonStyle="secondary" disabled={busy} onClick={recordWithdrawal} size="small">
          {text.withdraw}
        </Button>
      ) : null}
    </section>
  )
}
