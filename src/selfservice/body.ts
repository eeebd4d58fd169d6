import type { IncomingMessage } from 'node:http'
import { APIError } from 'payload'

import type { FormInput } from './form'

/** A body past its limit: answered with 413. */
export class TooLarge extends Error {}

/** Reads a body up to a limit. Past it, the rest is read and dropped (up to twice the limit), so the client still gets our 413. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit * 2) {
    req.resume()
    throw new TooLarge()
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit * 2) break
    if (size <= limit) chunks.push(chunk as Buffer)
  }
  if (size > limit) throw new TooLarge()
  return Buffer.concat(chunks)
}

/** Form posts, multipart uploads and JSON bodies, as one shape. */
export async function readForm(req: IncomingMessage, limit: number): Promise<FormInput> {
  const body = await readBody(req, limit)
  const type = String(req.headers['content-type'] ?? '')
  const values = new Map<string, string[]>()
  const files: File[] = []
  if (/^application\/json/i.test(type)) {
    let parsed: unknown
    try {
      parsed = JSON.parse(body.toString('utf8') || '{}')
    } catch {
      throw new APIError('The body is not valid JSON.', 400, undefined, true)
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new APIError('Send a JSON object.', 400, undefined, true)
    for (const [name, value] of Object.entries(parsed)) {
      const list = Array.isArray(value) ? value : [value]
      values.set(name, list.filter((item) => item !== null && item !== undefined).map(String))
    }
    return { values, files }
  }
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type)) {
    throw new APIError('Send the form as multipart/form-data, application/x-www-form-urlencoded or JSON.', 415, undefined, true)
  }
  let form: FormData
  try {
    form = await new Request('http://form.invalid/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) }).formData()
  } catch {
    throw new APIError('The form could not be read.', 400, undefined, true)
  }
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') values.set(name, [...(values.get(name) ?? []), value])
    else if (name === 'photos') files.push(value)
  }
  return { values, files }
}
