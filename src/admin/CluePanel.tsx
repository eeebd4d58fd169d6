'use client'
import { useConfig, useDocumentInfo, useTranslation } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import type { FoundClue } from '../workflow/clueReport'
import type { SharedDetail } from '../workflow/clues'

type Report = {
  clues: (FoundClue & { overridden: boolean })[]
  unresolved: number
  sharedWithPublicItems: SharedDetail[]
}

const TEXT = {
  en: {
    heading: 'Clue finder',
    intro:
      'What in the saved text could identify someone. Patterns only: read every word yourself.',
    none: 'No clues found in the saved text.',
    high: 'high confidence',
    low: 'low confidence',
    overridden: 'kept, with a reason',
    unresolved: (n: number) =>
      `${n} high-confidence clue${n === 1 ? '' : 's'} must be removed (or kept with a reason) before "identifying details removed" can be ticked.`,
    shared: 'Public items with the same name or place (jigsaw identification)',
    field: { name: 'same name', place: 'same place' },
    lang: { en: 'English', es: 'Spanish' },
    kinds: {
      address: 'address',
      phone: 'phone number',
      email: 'email',
      'a-number': 'A-number',
      'case-number': 'case number',
      plate: 'licence plate',
      school: 'school',
      workplace: 'workplace',
      date: 'exact date',
    },
  },
  es: {
    heading: 'Buscador de pistas',
    intro:
      'Lo que en el texto guardado podría identificar a alguien. Solo patrones: lee cada palabra.',
    none: 'No se encontraron pistas en el texto guardado.',
    high: 'confianza alta',
    low: 'confianza baja',
    overridden: 'se mantiene, con un motivo',
    unresolved: (n: number) =>
      `Hay que quitar ${n} pista${n === 1 ? '' : 's'} de confianza alta (o mantenerla${n === 1 ? '' : 's'} con un motivo) antes de marcar «datos identificativos quitados».`,
    shared: 'Elementos públicos con el mismo nombre o lugar (identificación por piezas)',
    field: { name: 'mismo nombre', place: 'mismo lugar' },
    lang: { en: 'inglés', es: 'español' },
    kinds: {
      address: 'dirección',
      phone: 'teléfono',
      email: 'correo',
      'a-number': 'número A',
      'case-number': 'número de caso',
      plate: 'placa',
      school: 'escuela',
      workplace: 'lugar de trabajo',
      date: 'fecha exacta',
    },
  },
}

/**
 * The clue finder beside the body (issue 15), for editors: the server finds the clues
 * (…/:id/clues, staff only); anyone else gets a refusal and sees nothing here. Reloads after
 * each save, since it reads the saved text.
 */
export function CluePanel() {
  const { id, collectionSlug, lastUpdateTime } = useDocumentInfo()
  const { config } = useConfig()
  const { i18n } = useTranslation()
  const text = TEXT[i18n.language === 'es' ? 'es' : 'en']
  const [report, setReport] = useState<Report | null>(null)
  const api = `${config.serverURL}${config.routes.api}/${collectionSlug}/${id}/clues`

  useEffect(() => {
    if (!id) return
    let live = true
    void fetch(api, { credentials: 'include' })
      .then(async (response) => (response.ok ? ((await response.json()) as Report) : null))
      .catch(() => null)
      .then((loaded) => {
        if (live) setReport(loaded)
      })
    return () => {
      live = false
    }
  }, [api, id, lastUpdateTime])

  if (!id || !report) return null
  return (
    <section aria-labelledby="clue-finder-heading" style={{ margin: '1rem 0 1.5rem' }}>
      <h3 id="clue-finder-heading">{text.heading}</h3>
      <p>{text.intro}</p>
      {report.unresolved ? (
        <p role="status">
          <strong>{text.unresolved(report.unresolved)}</strong>
        </p>
      ) : null}
      {report.clues.length ? (
        <ul data-clues>
          {report.clues.map((clue, index) => (
            <li key={index} data-confidence={clue.confidence}>
              <strong>{text.kinds[clue.kind]}</strong> ({text[clue.confidence]}
              {clue.overridden ? `, ${text.overridden}` : ''}) — {clue.field},{' '}
              {text.lang[clue.lang]}: …{clue.excerpt.before}
              <mark>{clue.excerpt.match}</mark>
              {clue.excerpt.after}…
            </li>
          ))}
        </ul>
      ) : (
        <p>{text.none}</p>
      )}
      {report.sharedWithPublicItems.length ? (
        <>
          <h4>{text.shared}</h4>
          <ul>
            {report.sharedWithPublicItems.map((shared, index) => (
              <li key={index}>
                <a href={`${config.routes.admin}/collections/${shared.kind}/${shared.id}`}>
                  {shared.kind}/{shared.id}
                </a>{' '}
                — {text.field[shared.field]}: {shared.value}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}
