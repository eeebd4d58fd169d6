import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { APIError, type Payload } from 'payload'

import { isLocale, type Locale } from '../lib/locales'
import { asUnavailable, errorSites, RETRY_AFTER_SECONDS } from '../lib/errors'
import { decodeSegment, requestUrl } from '../lib/request'
import { relatoSettings } from '../lib/settings'
import { problemBody, send } from '../server/send'
import { admitImageUpload } from '../media/queue'
import { readStoredFile } from '../lib/storage'
import { activeConsentText } from './consentText'
import { eraseStory, retryErasures } from './erase'
import { exportMyData, withReceipt } from './exportData'
import { readForm, TooLarge } from './body'
import {
  type FormInput,
  FormError,
  formLanguageOf,
  LIMITS,
  readConsentChoice,
  readSubmission,
} from './form'
import {
  clientKey,
  type Limiter,
  limiter,
  type RateLimits,
  rateLimitsFromEnv,
  type Verdict,
} from './limits'
import { changeConsent, decideAsStoryteller, loadMyStory, withdrawConsent } from './manage'
import { type Confirming, type Done, messagePage, myStoryPage } from './pages/MyStoryPage'
import { type FormState, submitPage } from './pages/SubmitPage'
import { QUICK_EXIT_SCRIPT_SOURCE } from './quickExit'
import { saveSubmission } from './submit'
import { supportContactsFor } from './support'
import { TEXT } from './text'
import { storyByToken, type TokenStory } from './token'

// Storytellers without an account: the submission form, the private management page and their
// JSON endpoints (issue 6). Served by our own server ahead of Next, like the public API.

const SUBMISSIONS = '/api/public/submissions'
const MY_STORY_API =
  /^\/api\/public\/my-story\/([^/]*)(?:\/(consent|withdraw|export|erase|receipts|images|recordings|approve|request-changes)(?:\/([^/]+))?)?$/
const MY_STORY_PAGE = /^\/my-story\/([^/]*)$/
const MANAGEMENT_MAX_BYTES = 64 * 1024

export type SelfServiceOptions = {
  /** Absolute base of links sent by email and shown once (never taken from the request's Host). */
  baseUrl: string
  /** Each one not given comes from the environment (rateLimitsFromEnv). */
  limits?: Partial<RateLimits>
  trustProxy?: boolean
}

type Answer = {
  status: number
  type: string
  body: string | Buffer
  headers?: Record<string, string>
}

// The form's own styles; the site's come from src/ui (the page links both).
const css = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url))
  let cached: string | undefined
  return () => (cached ??= fs.readFileSync(path.join(here, 'pages/self-service.css'), 'utf8'))
})()

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Robots-Tag': 'noindex, nofollow',
  // Nothing from other hosts, no script but the quick exit's (by its hash), forms only to
  // ourselves, never framed.
  'Content-Security-Policy': `default-src 'none'; script-src ${QUICK_EXIT_SCRIPT_SOURCE}; style-src 'self'; img-src 'self'; media-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
}

const json = (status: number, value: unknown, headers?: Record<string, string>): Answer => ({
  status,
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
  headers,
})
const html = (status: number, body: string, headers?: Record<string, string>): Answer => ({
  status,
  type: 'text/html; charset=utf-8',
  body,
  headers,
})
type Problem = {
  status: number
  code: string
  message: string
  fields?: Record<string, string>
  headers?: Record<string, string>
  /** Shown beside the form's fields (a FormError), not above the form. */
  inForm?: boolean
}
const CODES: Record<number, string> = {
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
}
const problem = (status: number, code: string, message: string, fields?: Record<string, string>) =>
  json(status, problemBody(code, message, fields ? { fields } : {}))
const problemAnswer = ({ status, code, message, fields, headers }: Problem) => ({
  ...problem(status, code, message, fields),
  headers,
})
const redirect = (location: string): Answer => ({
  status: 303,
  type: 'text/plain; charset=utf-8',
  body: '',
  headers: { Location: location },
})

/** A path segment as sent; one that is not valid percent-encoding stays as it is (and matches nothing). */
const decoded = (segment: string): string => decodeSegment(segment) ?? segment

/** Photos come only in multipart bodies (and a small file can still be a 50 MP image). */
const mayCarryPhotos = (req: IncomingMessage) =>
  /^multipart\//i.test(String(req.headers['content-type'] ?? ''))

const wantsHtml = (req: IncomingMessage) => /text\/html/.test(String(req.headers.accept ?? ''))

function pageLanguage(req: IncomingMessage, url: URL, fallback?: Locale): Locale {
  const lang = url.searchParams.get('lang')
  if (isLocale(lang)) return lang
  if (fallback) return fallback
  return /^\s*es\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'es' : 'en'
}

export function createSelfServiceHandler(
  payload: Payload,
  {
    baseUrl,
    limits: given = {},
    trustProxy = process.env.TRUST_PROXY === 'true',
  }: SelfServiceOptions,
) {
  const limits: RateLimits = { ...rateLimitsFromEnv(), ...given }
  const savedLimit = limiter(limits.submissions)
  const emailAddressLimit = limiter(limits.emailsPerAddress)
  const emailStoryLimit = limiter(limits.emailsPerStory)
  const attemptLimit = limiter({ ...limits.submissions, points: limits.submissions.points * 10 })
  const managementLimit = limiter(limits.management)
  // Three photos and one recording at the media limit each, and the text around them; one
  // more file is kept so that the form can say "at most three" or "only one" (the total stops
  // it past that many full-size ones).
  const submissionLimits = () => {
    const { media, audio } = relatoSettings(payload)
    return {
      total: media.maxBytes * LIMITS.photos + audio.maxBytes * LIMITS.recordings + 1024 * 1024,
      file: Math.max(media.maxBytes, audio.maxBytes),
      files: LIMITS.photos + LIMITS.recordings + 1,
    }
  }
  const absolute = (pathname: string) => new URL(pathname, baseUrl).toString()

  async function limited(
    check: Limiter,
    req: IncomingMessage,
    lang: Locale,
    asHtml: boolean,
  ): Promise<Answer | null> {
    const verdict = await check.take(clientKey(req, trustProxy))
    return verdict.ok ? null : tooMany(verdict, lang, asHtml)
  }
  const tooMany = async (
    verdict: Extract<Verdict, { ok: false }>,
    lang: Locale,
    asHtml: boolean,
    form?: FormInput,
  ): Promise<Answer> => {
    const headers = { 'Retry-After': String(verdict.retryAfterSeconds) }
    if (!asHtml) return { ...problem(429, 'too_many_requests', TEXT[lang].tooMany), headers }
    // What was typed is shown again, so that nothing is lost while waiting.
    const body = form
      ? submitPage({
          lang,
          consentText: await activeConsentText(payload, lang),
          state: { values: form.values, errors: {}, general: TEXT[lang].tooMany },
        })
      : messagePage(lang, TEXT[lang].tooMany, TEXT[lang].tooMany)
    return html(429, body, headers)
  }

  // A database error's message can quote the values it was writing (a story, an address):
  // only its kind and where it happened are logged.
  const logFault = (error: unknown) =>
    payload.logger.error({
      msg: 'self-service request failed',
      error: error instanceof Error ? error.name : typeof error,
      code: (error as { code?: unknown } | null)?.code ?? null,
      at: errorSites(error),
    })

  const erasureRetries = retryErasures(payload)
  const notFoundPage = (lang: Locale) =>
    html(404, messagePage(lang, TEXT[lang].notFoundTitle, TEXT[lang].notFoundBody))
  const notFoundJson = () => problem(404, 'not_found', 'Nothing is at this address.')

  async function submit(req: IncomingMessage, url: URL): Promise<Answer> {
    const asHtml = wantsHtml(req)
    let lang = pageLanguage(req, url)
    const refused = await limited(attemptLimit, req, lang, asHtml)
    if (refused) return refused
    let input: FormInput = { values: new Map(), files: [] }
    // A body that may carry photos waits for room in the image line before it is read, so that
    // memory holds a bounded number of them (src/media/queue.ts).
    const release = mayCarryPhotos(req)
      ? admitImageUpload(relatoSettings(payload).media)
      : () => undefined
    if (!release) {
      req.resume()
      const headers = { 'Retry-After': String(RETRY_AFTER_SECONDS), Connection: 'close' }
      if (!asHtml) return { ...problem(503, 'unavailable', TEXT[lang].unavailable), headers }
      return html(
        503,
        submitPage({
          lang,
          consentText: await activeConsentText(payload, lang),
          state: { values: new Map(), errors: {}, general: TEXT[lang].unavailable },
        }),
        headers,
      )
    }
    try {
      input = await readForm(req, submissionLimits())
      lang = formLanguageOf(input, lang)
      const submission = await readSubmission(input, lang)
      // Only saved stories count against the limit: a mistake corrected costs nothing.
      const client = clientKey(req, trustProxy)
      const room = await savedLimit.peek(client)
      if (!room.ok) return tooMany(room, lang, asHtml, input)
      const { storyId, token } = await saveSubmission(payload, submission)
      await savedLimit.take(client)
      const page = `/my-story/${token}`
      const emailed =
        submission.emailLink && submission.contactEmail
          ? await sendLink(submission.contactEmail, storyId, absolute(page), lang)
          : false
      if (asHtml) return redirect(`${page}?lang=${lang}&new=1`)
      return json(201, {
        story: { id: storyId, status: 'submitted' },
        token,
        managementUrl: absolute(page),
        emailed,
      })
    } catch (error) {
      const failure = describe(error, lang)
      if (!asHtml) return problemAnswer(failure)
      const state: FormState =
        failure.inForm && failure.fields
          ? { values: input.values, errors: failure.fields }
          : { values: input.values, errors: {}, general: failure.message }
      return html(
        failure.status,
        submitPage({ lang, consentText: await activeConsentText(payload, lang), state }),
        failure.headers,
      )
    } finally {
      release()
    }
  }

  async function sendLink(
    to: string,
    storyId: string,
    link: string,
    lang: Locale,
  ): Promise<boolean> {
    // Whoever types someone else's address cannot flood that mailbox: a few links per address
    // and per story (the address is a key in memory only). The link is still shown once.
    const address =
      (await emailAddressLimit.peek(to.trim().toLowerCase())).ok &&
      (await emailStoryLimit.peek(storyId)).ok
    if (!address) {
      payload.logger.info({
        msg: 'A management link was not emailed: the address or story reached its email limit.',
      })
      return false
    }
    await emailAddressLimit.take(to.trim().toLowerCase())
    await emailStoryLimit.take(storyId)
    try {
      await payload.sendEmail({
        to,
        subject: TEXT[lang].emailSubject,
        text: TEXT[lang].emailBody(link),
      })
      return true
    } catch (error) {
      // The address and the link stay out of the log.
      payload.logger.warn({
        msg: 'A management link could not be emailed.',
        reason: error instanceof Error ? error.name : 'unknown',
      })
      return false
    }
  }

  /** What went wrong, for the client: the caller's mistakes as they are, our faults as one line. */
  function describe(error: unknown, lang: Locale): Problem {
    if (error instanceof TooLarge)
      return { status: 413, code: 'too_large', message: TEXT[lang].tooLarge }
    // A busy database, an unreachable bucket, a full image queue: nothing was done, come back.
    const unavailable = asUnavailable(error)
    if (unavailable)
      return {
        status: 503,
        code: 'unavailable',
        message: TEXT[lang].unavailable,
        headers: { 'Retry-After': String(unavailable.retryAfterSeconds) },
      }
    if (error instanceof FormError)
      return {
        status: error.status,
        code: error.code,
        inForm: true,
        message: error.message,
        fields: error.fields,
      }
    if (error instanceof APIError && (error.status < 500 || error.status === 503)) {
      const errors = (error.data as { errors?: { path: string; message: string }[] } | undefined)
        ?.errors
      const code = CODES[error.status] ?? 'invalid_request'
      return {
        status: error.status,
        code,
        message: error.message,
        ...(errors
          ? { fields: Object.fromEntries(errors.map((field) => [field.path, field.message])) }
          : {}),
      }
    }
    logFault(error)
    return {
      status: 500,
      code: 'internal_error',
      message: 'Something went wrong. Nothing was saved.',
    }
  }

  async function manage(
    req: IncomingMessage,
    url: URL,
    token: string,
    action: string | undefined,
    itemId: string | undefined,
  ): Promise<Answer> {
    const asHtml = wantsHtml(req) && req.method === 'POST'
    let lang = pageLanguage(req, url)
    const refused = await limited(managementLimit, req, lang, asHtml)
    if (refused) return refused
    // Looked up before anything else, the same way for every token (see storyByToken).
    const story = await storyByToken(payload, token)
    const method = req.method ?? 'GET'
    const allowed =
      action === undefined ||
      action === 'export' ||
      action === 'receipts' ||
      action === 'images' ||
      action === 'recordings'
        ? 'GET'
        : 'POST'
    if (!story) {
      if (req.method === 'POST') req.resume()
      return asHtml ? notFoundPage(lang) : notFoundJson()
    }
    lang = pageLanguage(req, url, story.locale)
    if (method !== allowed && !(method === 'HEAD' && allowed === 'GET'))
      return {
        ...problem(405, 'method_not_allowed', `Use ${allowed}.`),
        headers: { Allow: allowed },
      }
    try {
      if (!action) return json(200, await loadMyStory(payload, story))
      if (action === 'export') {
        const data = await exportMyData(payload, story)
        return {
          ...json(200, data),
          headers: {
            'Content-Disposition': `attachment; filename="my-story-${data.exportedAt.slice(0, 10)}.json"`,
          },
        }
      }
      if (action === 'receipts') return receipt(story, itemId)
      if (action === 'images') return image(story, itemId)
      if (action === 'recordings') return recording(story, itemId)

      const input = await readForm(req, { total: MANAGEMENT_MAX_BYTES })
      lang = formLanguageOf(input, lang)
      const confirmed = input.values.get('confirm')?.[0] === 'yes'
      const back = (done: Done) => redirect(`/my-story/${token}?lang=${lang}&done=${done}`)
      if (action === 'consent') {
        const errors: Record<string, string> = {}
        const choice = readConsentChoice(input, lang, errors)
        if (Object.keys(errors).length) throw new FormError(errors)
        await changeConsent(payload, story, choice, lang)
        return asHtml ? back('consent') : json(200, await loadMyStory(payload, story))
      }
      if (action === 'approve' || action === 'request-changes') {
        const first = (name: string) => input.values.get(name)?.[0]
        await decideAsStoryteller(
          payload,
          story,
          action === 'approve'
            ? { approve: true, contentHash: first('contentHash') }
            : { approve: false, note: first('note') },
        )
        return asHtml
          ? back(action === 'approve' ? 'approved' : 'changes')
          : json(200, await loadMyStory(payload, story))
      }
      if (!confirmed) {
        return asHtml
          ? redirect(`/my-story/${token}?lang=${lang}&confirm=${action}#confirm`)
          : problem(400, 'confirmation_required', 'Send confirm=yes to confirm.')
      }
      if (action === 'withdraw') {
        await withdrawConsent(payload, story, lang)
        return asHtml ? back('withdrawn') : json(200, await loadMyStory(payload, story))
      }
      await eraseStory(payload, story)
      return asHtml
        ? html(200, messagePage(lang, TEXT[lang].erasedTitle, TEXT[lang].erasedBody))
        : json(200, { erased: true })
    } catch (error) {
      let failure = describe(error, lang)
      if (action === 'erase' && failure.status === 503) {
        // The storage did not answer: nothing was deleted, the link still works, and we retry.
        failure = { ...failure, code: 'erasure_unfinished', message: TEXT[lang].erasureUnfinished }
        erasureRetries.schedule(story)
      }
      return asHtml
        ? html(
            failure.status,
            await page(story, token, url, lang, { error: failure.message }),
            failure.headers,
          )
        : problemAnswer(failure)
    }
  }

  async function receipt(story: TokenStory, recordId: string | undefined): Promise<Answer> {
    const { history } = await loadMyStory(payload, story)
    const record = history.find((entry) => entry.id === recordId && entry.action === 'grant')
    if (!record) return notFoundJson()
    const { receipt } = await withReceipt(payload, story.id, record)
    return {
      ...json(200, receipt),
      headers: {
        'Content-Disposition': `attachment; filename="consent-receipt-${record.id}.json"`,
      },
    }
  }

  async function image(story: TokenStory, mediaId: string | undefined): Promise<Answer> {
    const { images } = await loadMyStory(payload, story)
    if (!mediaId || !images.some((entry) => entry.id === mediaId)) return notFoundJson()
    const media = await payload.findByID({
      collection: 'media',
      id: mediaId,
      depth: 0,
      overrideAccess: true,
    })
    const filename = media.sizes?.card?.filename ?? media.filename
    const bytes = filename ? await readStoredFile(relatoSettings(payload).storage, filename) : null
    if (!bytes) return notFoundJson()
    return {
      status: 200,
      type:
        (filename === media.filename ? media.mimeType : media.sizes?.card?.mimeType) ??
        'application/octet-stream',
      body: bytes,
    }
  }

  /** Their own recording (the M4A, which every browser plays), whatever its consent says. */
  async function recording(story: TokenStory, recordingId: string | undefined): Promise<Answer> {
    const { recordings } = await loadMyStory(payload, story)
    if (!recordingId || !recordings.some((entry) => entry.id === recordingId)) return notFoundJson()
    const doc = await payload.findByID({
      collection: 'recordings',
      id: recordingId,
      depth: 0,
      overrideAccess: true,
    })
    const bytes = doc.filename
      ? await readStoredFile(relatoSettings(payload).storage, doc.filename)
      : null
    if (!bytes) return notFoundJson()
    return { status: 200, type: 'audio/mp4', body: bytes }
  }

  async function page(
    story: TokenStory,
    token: string,
    url: URL,
    lang: Locale,
    extra: { error?: string } = {},
  ): Promise<string> {
    const confirm = url.searchParams.get('confirm')
    const done = url.searchParams.get('done')
    return myStoryPage({
      lang,
      token,
      pageUrl: absolute(`/my-story/${token}`),
      story: await loadMyStory(payload, story),
      consentText: await activeConsentText(payload, lang),
      isNew: url.searchParams.get('new') === '1',
      confirming: confirm === 'withdraw' || confirm === 'erase' ? (confirm as Confirming) : null,
      done:
        done === 'consent' || done === 'withdrawn' || done === 'approved' || done === 'changes'
          ? (done as Done)
          : null,
      support: supportContactsFor(lang),
      ...extra,
    })
  }

  async function route(req: IncomingMessage, url: URL): Promise<Answer | null> {
    const { pathname } = url
    const method = req.method ?? 'GET'
    if (pathname === '/self-service.css')
      return {
        status: 200,
        type: 'text/css; charset=utf-8',
        body: css(),
        headers: { 'Cache-Control': 'public, max-age=300' },
      }
    if (pathname === '/submit') {
      const lang = pageLanguage(req, url)
      return html(200, submitPage({ lang, consentText: await activeConsentText(payload, lang) }))
    }
    if (pathname === SUBMISSIONS) {
      if (method !== 'POST')
        return { ...problem(405, 'method_not_allowed', 'Use POST.'), headers: { Allow: 'POST' } }
      return submit(req, url)
    }
    const apiMatch = MY_STORY_API.exec(pathname)
    if (apiMatch)
      return manage(
        req,
        url,
        decoded(apiMatch[1]),
        apiMatch[2],
        apiMatch[3] && decoded(apiMatch[3]),
      )
    const pageMatch = MY_STORY_PAGE.exec(pathname)
    if (pageMatch) {
      const lang = pageLanguage(req, url)
      const refused = await limited(managementLimit, req, lang, true)
      if (refused) return refused
      const token = decoded(pageMatch[1])
      const story = await storyByToken(payload, token)
      if (!story) return notFoundPage(lang)
      return html(200, await page(story, token, url, pageLanguage(req, url, story.locale)))
    }
    return null
  }

  /** Answers the self-service paths; false for every other path. */
  return async function handleSelfService(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    const url = requestUrl(req)
    if (!url) return false
    let answer: Answer | null
    try {
      answer = await route(req, url)
    } catch (error) {
      if (!isSelfServicePath(url.pathname)) throw error
      logFault(error)
      answer = problem(500, 'internal_error', 'Something went wrong.')
    }
    if (!answer) return false
    send(res, answer.status, answer.body, {
      ...SECURITY_HEADERS,
      'Content-Type': answer.type,
      ...(req.complete ? {} : { Connection: 'close' }),
      ...answer.headers,
    })
    return true
  }
}

const isSelfServicePath = (pathname: string) =>
  pathname === '/submit' ||
  pathname === SUBMISSIONS ||
  pathname === '/self-service.css' ||
  MY_STORY_API.test(pathname) ||
  MY_STORY_PAGE.test(pathname)
