'use client'
import { Button, toast, useConfig, useDocumentInfo, useField, useTranslation } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import React, { useCallback, useEffect, useState } from 'react'

import type { Moves } from '../workflow/moves'
import { MOVE_LABELS, type Status, STATUS_LABELS } from '../workflow/statuses'

const TEXT = {
  en: {
    heading: 'Status',
    none: 'No move is yours to make now.',
    failed: 'The status could not be changed',
    loading: 'Loading moves…',
    moved: 'Status changed to',
  },
  es: {
    heading: 'Estado',
    none: 'Ahora no le corresponde ningún cambio.',
    failed: 'No se pudo cambiar el estado',
    loading: 'Cargando…',
    moved: 'Estado cambiado a',
  },
}

/**
 * The status of a story or artwork with the workflow moves this user may make now, as buttons.
 * Which moves to offer comes from the server (GET …/:id/moves, the same rules that judge a
 * change); a button PATCHes the status through the REST API, and a refusal shows the server's
 * own message.
 */
export function WorkflowMoves({ path }: { path: string }) {
  const { id, collectionSlug } = useDocumentInfo()
  const { config } = useConfig()
  const { i18n } = useTranslation()
  const router = useRouter()
  const lang = i18n.language === 'es' ? 'es' : 'en'
  const text = TEXT[lang]
  const { value, setValue } = useField<Status>({ path })
  const [moves, setMoves] = useState<Moves | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const api = `${config.serverURL}${config.routes.api}/${collectionSlug}/${id}`

  const fetchMoves = useCallback(async (): Promise<Moves | null> => {
    if (!id) return null
    const response = await fetch(`${api}/moves`, { credentials: 'include' }).catch(() => null)
    return response?.ok ? ((await response.json()) as Moves) : null
  }, [api, id])

  useEffect(() => {
    // An answer that arrives after the document changed or the panel closed is dropped.
    let live = true
    void fetchMoves().then((loaded) => {
      if (live && loaded) setMoves(loaded)
    })
    return () => {
      live = false
    }
  }, [fetchMoves])

  async function move(to: Status) {
    setBusy(true)
    setError(null)
    const response = await fetch(`${api}?depth=0`, {
      method: 'PATCH',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: to }),
    }).catch(() => null)
    setBusy(false)
    if (response?.ok) {
      // The form holds the status too: keep it in step without marking the form as edited.
      setValue(to, true)
      toast.success(`${text.moved} ${STATUS_LABELS[to][lang]}`)
      router.refresh()
    } else {
      const body = (await response?.json().catch(() => ({}))) as
        { errors?: { message?: string }[] } | undefined
      const message = `${text.failed}: ${body?.errors?.[0]?.message ?? response?.status ?? 'no answer'}`
      setError(message)
      toast.error(message)
    }
    const loaded = await fetchMoves()
    if (loaded) setMoves(loaded)
  }

  const current = (moves?.status ?? value) as Status | undefined
  return (
    <section aria-labelledby="workflow-moves-heading" style={{ marginBottom: '1.5rem' }}>
      <h3 id="workflow-moves-heading">{text.heading}</h3>
      <p data-status={current} style={{ margin: '0 0 0.5rem' }}>
        <strong>{current ? STATUS_LABELS[current][lang] : '—'}</strong>
      </p>
      {!id ? null : !moves ? (
        <p>{text.loading}</p>
      ) : moves.moves.length ? (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem' }}>
          {moves.moves.map(({ to }) => (
            <Button
              key={to}
              buttonStyle="secondary"
              disabled={busy}
              onClick={() => void move(to)}
              size="small"
              margin={false}
            >
              {MOVE_LABELS[to][lang]}
            </Button>
          ))}
        </div>
      ) : (
        <p>{text.none}</p>
      )}
      {moves?.blocked.map(({ to, reason }) => (
        <p key={to} style={{ fontSize: '0.85em', margin: '0.5rem 0 0' }}>
          {MOVE_LABELS[to][lang]}: {reason}
        </p>
      ))}
      {error ? (
        <p role="alert" style={{ color: 'var(--theme-error-500)', margin: '0.5rem 0 0' }}>
          {error}
        </p>
      ) : null}
    </section>
  )
}
