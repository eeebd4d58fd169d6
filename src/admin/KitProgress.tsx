'use client'
import { useConfig, useDocumentInfo, useFormFields, useTranslation } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

type Kit = { state?: string | null; progress?: string | null; builtAt?: string | null }

const TEXT = {
  en: {
    heading: 'Social-media kit',
    none: 'Not built yet: it is built when the campaign is live.',
    built: 'Last built',
    manifest: 'Manifest',
    zip: 'ZIP',
    states: { queued: 'queued', building: 'building', ready: 'ready', failed: 'failed' },
  },
  es: {
    heading: 'Kit para redes sociales',
    none: 'Aún no se ha creado: se crea cuando la campaña está activa.',
    built: 'Creado',
    manifest: 'Manifiesto',
    zip: 'ZIP',
    states: { queued: 'en cola', building: 'creándose', ready: 'listo', failed: 'falló' },
  },
}

const POLL_MS = 3000

/**
 * The kit job's progress in the campaign's sidebar ("12 of 40 images"), read again every few
 * seconds while the page is open, since the job runs in the background.
 */
export function KitProgress() {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const { i18n } = useTranslation()
  const text = i18n.language === 'es' ? TEXT.es : TEXT.en
  const fields = useFormFields(([formFields]) => formFields)
  const [kit, setKit] = useState<Kit>({
    state: fields['kit.state']?.value as string | undefined,
    progress: fields['kit.progress']?.value as string | undefined,
    builtAt: fields['kit.builtAt']?.value as string | undefined,
  })
  const slug = fields.slug?.value as string | undefined

  useEffect(() => {
    if (!id) return
    let stopped = false
    const timer = setInterval(async () => {
      const response = await fetch(
        `${config.serverURL}${config.routes.api}/campaigns/${id}?depth=0&select[kit]=true`,
        { credentials: 'include' },
      ).catch(() => null)
      const body = response?.ok ? ((await response.json()) as { kit?: Kit }) : null
      if (!stopped && body?.kit) setKit(body.kit)
    }, POLL_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [id, config.serverURL, config.routes.api])

  const state = kit.state as keyof typeof text.states | undefined
  return (
    <section aria-labelledby="kit-progress-heading" style={{ margin: '1.5rem 0' }}>
      <h3 id="kit-progress-heading">{text.heading}</h3>
      <p aria-live="polite" style={{ margin: 0 }}>
        {state ? `${text.states[state] ?? state}: ${kit.progress ?? ''}` : text.none}
      </p>
      {kit.builtAt ? (
        <p style={{ margin: 0 }}>
          {text.built}: {new Date(kit.builtAt).toLocaleString(i18n.language)}
        </p>
      ) : null}
      {slug && state === 'ready' ? (
        <p style={{ margin: 0 }}>
          <a href={`/api/public/campaigns/${slug}/kit`}>{text.manifest}</a> ·{' '}
          <a href={`/api/public/campaigns/${slug}/kit.zip`}>{text.zip}</a>
        </p>
      ) : null}
    </section>
  )
}
