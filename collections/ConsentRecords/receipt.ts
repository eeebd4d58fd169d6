import type { Endpoint } from 'payload'

import { relationId } from '../../src/lib/relations'
import { localeFor } from '../../src/lib/locales'
import { SCOPE_LABELS, type Scope } from '../../src/policy/scopes'

type Env = Record<string, string | undefined>

/** Who is responsible for the data, as receipts name them. Set per organisation. */
export const controllerFromEnv = (env: Env = process.env) => ({
  piiController: env.ORG_NAME || 'Relato (demo organisation)',
  contact: env.ORG_CONTACT || 'Privacy contact',
  address: env.ORG_ADDRESS || 'Not configured',
  email: env.ORG_EMAIL || 'privacy@relato.invalid',
  phone: env.ORG_PHONE || 'Not configured',
  jurisdiction: env.ORG_JURISDICTION || 'US-CA',
  policyUrl: env.ORG_PRIVACY_URL || 'https://relato.invalid/privacy',
})

const THIRD_PARTIES: Partial<Record<Scope, string>> = {
  partners: 'Partner organisations that embed the gallery',
  social: 'Social-media platforms, through volunteers’ posts',
  press: 'Journalists',
}

type RecordForReceipt = {
  id: string | number
  scopes?: Scope[] | null
  method?: string | null
  language?: string | null
  givenAt?: string | null
  expiresAt?: string | null
  subjectKey?: string | null
  consentText?: unknown
}

type TextForReceipt = { version?: string | null; hash?: string | null } | null

/**
 * A Kantara Initiative Consent Receipt (v1.1 field names) for one grant, plus Relato's scopes.
 * The principal is named by the story or artwork, never by a person's name.
 */
export function buildReceipt(
  record: RecordForReceipt,
  text: TextForReceipt,
  env: Env = process.env,
) {
  const { jurisdiction, policyUrl, ...controller } = controllerFromEnv(env)
  const scopes = record.scopes ?? []
  const termination = record.expiresAt
    ? `Ends on ${record.expiresAt}, or earlier when withdrawn`
    : 'Until withdrawn'
  return {
    version: 'KI-CR-v1.1.0',
    jurisdiction,
    consentTimestamp: Math.floor(new Date(record.givenAt ?? Date.now()).getTime() / 1000),
    collectionMethod: record.method ?? 'web-form',
    consentReceiptID: String(record.id),
    language: record.language ?? 'en',
    piiPrincipalId: record.subjectKey ?? '',
    piiControllers: [controller],
    policyUrl,
    services: [
      {
        service: 'Relato: publishing stories and artworks',
        purposes: scopes.map((scope) => ({
          purpose: SCOPE_LABELS[scope].en,
          purposeCategory: [scope],
          consentType: 'EXPLICIT',
          piiCategory: [
            'story or artwork',
            ...(scope === 'named' ? ['name'] : []),
            ...(scope === 'photo' ? ['photographs'] : []),
            ...(scope === 'voice' ? ['voice recordings'] : []),
          ],
          primaryPurpose: scope === 'gallery',
          termination,
          thirdPartyDisclosure: scope in THIRD_PARTIES,
          ...(THIRD_PARTIES[scope] ? { thirdPartyName: THIRD_PARTIES[scope] } : {}),
        })),
      },
    ],
    sensitive: true,
    spiCat: ['Personal experiences that may reveal immigration status'],
    scopes,
    consentText: {
      id: relationId(record.consentText) ?? null,
      version: text?.version ?? null,
      hash: text?.hash ?? null,
    },
  }
}

const notFound = () =>
  Response.json({ error: { code: 'not_found', message: 'No receipt found.' } }, { status: 404 })

/** GET /api/consent-records/:id/receipt — for editors and the subject's owner only. */
export const receiptEndpoint: Endpoint = {
  path: '/:id/receipt',
  method: 'get',
  handler: async (req) => {
    const id = req.routeParams?.id
    if (typeof id !== 'string' || !req.user) return notFound()
    const record = await req.payload.findByID({
      collection: 'consent-records',
      id,
      depth: 0,
      user: req.user,
      overrideAccess: false,
      disableErrors: true,
      req,
    })
    if (!record || record.action !== 'grant') return notFound()
    const textId = relationId(record.consentText)
    const text = textId
      ? await req.payload.findByID({
          collection: 'consent-texts',
          id: textId,
          locale: localeFor(record.language),
          depth: 0,
          disableErrors: true,
          req,
        })
      : null
    return Response.json(buildReceipt(record as RecordForReceipt, text))
  },
}
