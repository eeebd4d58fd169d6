import { APIError, type AfterErrorHook } from 'payload'

import { type ProblemBody, problemBody } from '../server/send'

/**
 * A request the client got wrong (bad file, bad parameter): shown to the client as is,
 * logged at info level without a stack, since it is not a fault of ours.
 */
export class InputError extends APIError {
  constructor(message: string, status = 400) {
    super(message, status, undefined, true)
    this.name = 'InputError'
  }
}

/** Seconds a client is asked to wait when a dependency is busy or away. */
export const RETRY_AFTER_SECONDS = 5

/** Nothing was done because something we depend on is busy or away: 503, try again later. */
export class Unavailable extends APIError {
  constructor(
    message = 'The service is busy. Nothing was changed; please try again in a moment.',
    readonly retryAfterSeconds = RETRY_AFTER_SECONDS,
  ) {
    super(message, 503, undefined, true)
    this.name = 'Unavailable'
  }
}

/** Passed to Payload's `loggingLevels`. */
export const ERROR_LOG_LEVELS = {
  InputError: 'info',
  QueryError: 'info',
  Unavailable: 'warn',
} as const

/** Where an error was thrown, for the log: its first three stack frames; null for a non-error. */
export const errorSites = (error: unknown): string[] | null | undefined =>
  error instanceof Error
    ? error.stack
        ?.split('\n')
        .slice(1, 4)
        .map((line) => line.trim())
    : null

/**
 * What may be logged of an error: its kind, its causes' codes and a failed query without the
 * values it was writing (a database error's message quotes them: a contact email, a legal name).
 */
export function loggableError(error: unknown): Record<string, unknown> {
  const causes: string[] = []
  for (
    let cause = (error as { cause?: unknown } | null)?.cause, depth = 0;
    cause && depth < 5;
    cause = (cause as { cause?: unknown }).cause, depth++
  ) {
    causes.push(
      String((cause as { code?: unknown }).code ?? (cause as { name?: unknown }).name ?? 'unknown'),
    )
  }
  const message =
    error instanceof Error ? error.message.split('\nparams:')[0].slice(0, 500) : String(error)
  return {
    name: error instanceof Error ? error.name : typeof error,
    code: (error as { code?: unknown } | null)?.code ?? null,
    causes,
    message,
  }
}

// Network failures of a client library (S3, SMTP, MongoDB): the other end is away, not broken.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
])
const MONGO_UNAVAILABLE = /^Mongo(ServerSelection|Network|NetworkTimeout|NotConnected|Topology)/

/** What kind of wait an error means, looking through its causes; null for every other error. */
function waitKind(error: unknown, depth = 0): 'service' | 'database' | 'storage' | null {
  if (!error || typeof error !== 'object' || depth > 6) return null
  if (error instanceof Unavailable) return 'service'
  const { code, name, message, cause, $metadata, errorLabels } = error as {
    code?: unknown
    name?: unknown
    message?: unknown
    cause?: unknown
    $metadata?: { httpStatusCode?: number }
    errorLabels?: unknown
  }
  const text = `${String(code ?? '')} ${String(message ?? '')}`
  // SQLite past its busy timeout (another writer holds the lock), or libsql's words for it.
  if (/SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(text)) return 'database'
  if (typeof name === 'string' && MONGO_UNAVAILABLE.test(name)) return 'database'
  if (Array.isArray(errorLabels) && errorLabels.includes('TransientTransactionError'))
    return 'database'
  // The AWS SDK: no answer from the bucket, or one that says to slow down or come back.
  if ($metadata && typeof $metadata === 'object') {
    const status = $metadata.httpStatusCode
    if (status === undefined || status === 503 || status === 500 || name === 'TimeoutError')
      return 'storage'
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'storage'
  if (name === 'TimeoutError') return 'storage'
  const errors = (error as { errors?: unknown }).errors
  if (Array.isArray(errors))
    for (const inner of errors) if (waitKind(inner, depth + 1)) return waitKind(inner, depth + 1)
  return waitKind(cause, depth + 1)
}

/**
 * The one place that decides whether a failure means "try again later": the database busy past
 * its timeout, the file store unreachable, or our own image queue full. Null for other errors.
 */
export function asUnavailable(error: unknown): Unavailable | null {
  if (error instanceof Unavailable) return error
  const kind = waitKind(error)
  if (!kind) return null
  return new Unavailable(
    kind === 'storage'
      ? 'File storage is not answering. Nothing was saved; please try again in a moment.'
      : 'The database is busy. Nothing was changed; please try again in a moment.',
  )
}

const MALFORMED_FORM =
  /^(Unexpected end of (form|file)|Malformed (part header|urlencoded form)|Multipart: Boundary not found)$/

/**
 * Payload's REST and GraphQL answers (served by Next): a busy database or an unreachable bucket
 * is a 503 with Retry-After, like everywhere else, not a 500; JSON that does not parse is a 400.
 */
export const unavailableAfterError: AfterErrorHook = ({ error, req }) => {
  // Payload parses `?where=` (and `?data=`) as JSON itself, before any hook of ours: text that is
  // not JSON is the client's mistake, not a 500.
  if (error instanceof SyntaxError)
    return {
      status: 400,
      response: { errors: [{ message: 'A parameter or the body is not valid JSON.' }] },
    }
  // The multipart parser's words for a body cut short or malformed (anyone can send one).
  if (error instanceof Error && MALFORMED_FORM.test(error.message))
    return { status: 400, response: { errors: [{ message: 'The form could not be read.' }] } }
  const unavailable = asUnavailable(error)
  if (!unavailable) return
  const headers = req.responseHeaders ?? new Headers()
  headers.set('Retry-After', String(unavailable.retryAfterSeconds))
  req.responseHeaders = headers
  return { status: 503, response: { errors: [{ message: unavailable.message }] } }
}

export type FailureAnswer = { status: number; headers: Record<string, string>; body: ProblemBody }

/** What Relato's own server answers for an error no handler answered: 503 to wait, else 500. */
export function failureAnswer(error: unknown): FailureAnswer {
  const unavailable = asUnavailable(error)
  if (unavailable) {
    return {
      status: 503,
      headers: { 'Retry-After': String(unavailable.retryAfterSeconds) },
      body: problemBody('unavailable', unavailable.message),
    }
  }
  return { status: 500, headers: {}, body: problemBody('internal_error', 'Something went wrong.') }
}
