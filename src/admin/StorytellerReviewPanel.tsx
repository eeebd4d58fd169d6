'use client'
import { Button, toast, useConfig, useDocumentInfo, useTranslation } from '@payloadcms/ui'
import React, { useCallback, useEffect, useState } from 'react'

import type { Change, ReviewView } from '../workflow/storytellerReview'

const TEXT = {
  en: {
    heading: 'Storyteller sign-off',
    states: {
      not_needed: 'Not needed (no storyteller)',
      awaiting_storyteller: 'Waiting for the storyteller',
      approved: 'Approved by the storyteller',
      changes_requested: 'The storyteller asked for changes',
    },
    approve: 'I approve this version',
    ask: 'Ask for changes',
    notePrompt: 'What would you like changed?',
    offline: 'Record an approval given on paper or aloud',
    who: 'Who approved (and who collected it)',
    evidence: 'Evidence (where the paper is kept, or what was said)',
    failed: 'Not saved',
    saved: 'Saved',
    lang: { en: 'English', es: 'Spanish' },
    before: 'Before',
    after: 'After',
  },
  es: {
    heading: 'Aprobación de quien cuenta la historia',
    states: {
      not_needed: 'No hace falta (sin narrador)',
      awaiting_storyteller: 'Esperando a quien la cuenta',
      approved: 'Aprobada por quien la cuenta',
      changes_requested: 'Pidió cambios',
    },
    approve: 'Apruebo esta versión',
    ask: 'Pedir cambios',
    notePrompt: '¿Qué quieres que se cambie?',
    offline: 'Registrar una aprobación en papel o de palabra',
    who: 'Quién aprobó (y quién lo recogió)',
    evidence: 'Prueba (dónde está el papel o qué se dijo)',
    failed: 'No se guardó',
    saved: 'Guardado',
    lang: { en: 'inglés', es: 'español' },
    before: 'Antes',
    after: 'Después',
  },
}

const show = (value: unknown) =>
  value === null || value === undefined
    ? '—'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value)

/**
 * The storyteller's sign-off in the admin (issue 15): what changed since they last approved, and
 * the buttons this user may use. The server decides (…/:id/storyteller-review); a refusal shows
 * its own message.
 */
export function StorytellerReviewPanel() {
  const { id, collectionSlug } = useDocumentInfo()
  const { config } = useConfig()
  const { i18n } = useTranslation()
  const lang = i18n.language === 'es' ? 'es' : 'en'
  const text = TEXT[lang]
  const [review, setReview] = useState<ReviewView | null>(null)
  const [busy, setBusy] = useState(false)
  const [who, setWho] = useState('')
  const [evidence, setEvidence] = useState('')
  const api = `${config.serverURL}${config.routes.api}/${collectionSlug}/${id}/storyteller-review`

  const fetchReview = useCallback(async (): Promise<ReviewView | null> => {
    if (!id) return null
    const response = await fetch(api, { credentials: 'include' }).catch(() => null)
    return response?.ok ? ((await response.json()) as { review: ReviewView }).review : null
  }, [api, id])
  const load = useCallback(async () => {
    const loaded = await fetchReview()
    if (loaded) setReview(loaded)
  }, [fetchReview])

  useEffect(() => {
    // An answer that arrives after the document changed or the panel closed is dropped.
    let live = true
    void fetchReview().then((loaded) => {
      if (live && loaded) setReview(loaded)
    })
    return () => {
      live = false
    }
  }, [fetchReview])

  async function send(action: string, body: Record<string, unknown>) {
    setBusy(true)
    const response = await fetch(`${api}/${action}`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => null)
    setBusy(false)
    if (response?.ok) toast.success(text.saved)
    else {
      const failure = (await response?.json().catch(() => ({}))) as
        { error?: { message?: string } } | undefined
      toast.error(`${text.failed}: ${failure?.error?.message ?? response?.status ?? ''}`)
    }
    await load()
  }

  if (!id || !review) return null
  const row = (change: Change, index: number) => (
    <li key={index}>
      <strong>
        {change.field}
        {change.lang ? ` (${text.lang[change.lang]})` : ''}
      </strong>
      <div>
        {text.before}: <del>{show(change.before)}</del>
      </div>
      <div>
        {text.after}: <ins>{show(change.after)}</ins>
      </div>
    </li>
  )
  return (
    <section aria-labelledby="storyteller-review-heading" style={{ marginBottom: '1.5rem' }}>
      <h3 id="storyteller-review-heading">{text.heading}</h3>
      <p data-review-state={review.state}>
        <strong>{text.states[review.state]}</strong>
      </p>
      {review.note ? <blockquote>{review.note}</blockquote> : null}
      {review.changes.length ? <ul>{review.changes.map(row)}</ul> : null}
      {review.state === 'not_needed' || review.state === 'approved' ? null : (
        <div style={{ display: 'flex', flexDirection: 'column', gap: '0.5rem' }}>
          <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
            <Button
              buttonStyle="secondary"
              size="small"
              margin={false}
              disabled={busy}
              onClick={() => void send('approve', { contentHash: review.contentHash })}
            >
              {text.approve}
            </Button>
            <Button
              buttonStyle="secondary"
              size="small"
              margin={false}
              disabled={busy}
              onClick={() => {
                const note = window.prompt(text.notePrompt)
                if (note) void send('request-changes', { note })
              }}
            >
              {text.ask}
            </Button>
          </div>
          <details>
            <summary>{text.offline}</summary>
            <label>
              {text.who}
              <input value={who} onChange={(event) => setWho(event.target.value)} />
            </label>
            <label>
              {text.evidence}
              <textarea value={evidence} onChange={(event) => setEvidence(event.target.value)} />
            </label>
            {(['paper', 'verbal'] as const).map((method) => (
              <Button
                key={method}
                buttonStyle="secondary"
                size="small"
                margin={false}
                disabled={busy || !who.trim() || !evidence.trim()}
                onClick={() =>
                  void send('offline', { contentHash: review.contentHash, method, who, evidence })
                }
              >
                {method}
              </Button>
            ))}
          </details>
        </div>
      )}
    </section>
  )
}
