import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'

// The one way Relato's own server writes an answer: status, headers, body, and no body for HEAD
// (a HEAD is routed as its GET: see routes.ts). Every error body is `{ error: { code, message } }`.

export type Headers = OutgoingHttpHeaders

export type ProblemBody = { error: { code: string; message: string } & Record<string, unknown> }

/** The error body every Relato answer uses; `extra` adds fields beside code and message (a form's field errors). */
export const problemBody = (
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): ProblemBody => ({ error: { code, message, ...extra } })

/** Writes the whole answer; the body is left out (its length kept) when the request is a HEAD. */
export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer | undefined,
  headers: Headers = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  res.writeHead(status, bytes ? { ...headers, 'Content-Length': String(bytes.length) } : headers)
  res.end(res.req?.method === 'HEAD' ? undefined : bytes)
}

/**
 * Writes an answer whose headers were built once and are reused (src/public/http.ts): a flat
 * name, value list, Content-Length included. Nothing may have been set on `res` before: Node then
 * writes the list as it is, without merging it header by header.
 */
export function sendPrepared(
  res: ServerResponse,
  status: number,
  body: Buffer,
  headers: readonly string[],
): void {
  res.writeHead(status, headers as string[])
  res.end(res.req?.method === 'HEAD' ? undefined : body)
}

export const JSON_TYPE = 'application/json; charset=utf-8'

/** JSON with its type; `headers` may override the type (JSON Feed). */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Headers = {},
): void {
  send(res, status, JSON.stringify(value), { 'Content-Type': JSON_TYPE, ...headers })
}

/** An error answer. Not cached unless `headers` says otherwise (a 404 may be, briefly). */
export function problem(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Headers = {},
): void {
  sendJson(res, status, problemBody(code, message), { 'Cache-Control': 'no-store', ...headers })
}
