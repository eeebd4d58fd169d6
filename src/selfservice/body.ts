import busboy from 'busboy'
import type { IncomingMessage } from 'node:http'
import { APIError } from 'payload'

import { FILE_FIELDS, type FormInput, type Upload } from './form'

/** A body past its limit: answered with 413. */
export class TooLarge extends Error {}

export type BodyLimits = {
  /** The whole body, in bytes. */
  total: number
  /** One uploaded file, in bytes (multipart only). */
  file?: number
  /** Files kept; parts past this are read and dropped. One more than the form allows, so that it can say "too many". */
  files?: number
}

const FIELD_BYTES = 64 * 1024
const FIELDS = 200

const badRequest = (message: string, status = 400) => new APIError(message, status, undefined, true)

/** Reads a whole (small) body up to a limit; past it, TooLarge, with the rest drained so the client still gets our 413. */
async function readSmallBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) break
    chunks.push(chunk as Buffer)
  }
  if (size > limit) {
    drain(req, limit)
    throw new TooLarge()
  }
  return Buffer.concat(chunks)
}

/**
 * Keeps reading what is left of a refused body, up to a bound, so that the client reads our
 * answer instead of a reset connection; past the bound the connection is cut (the answer says
 * `Connection: close`).
 */
function drain(req: IncomingMessage, bound: number): void {
  let seen = 0
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length
    if (seen > bound) req.destroy()
  })
  req.resume()
}

/**
 * Form posts, multipart uploads and JSON bodies, as one shape. Multipart bodies are streamed:
 * each file is kept once, as it arrives, and the body is refused (413) as soon as it passes a
 * limit, without reading the rest into memory.
 */
export async function readForm(req: IncomingMessage, limits: BodyLimits): Promise<FormInput> {
  const type = String(req.headers['content-type'] ?? '')
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limits.total) {
    drain(req, limits.total)
    throw new TooLarge()
  }
  if (/^multipart\/form-data/i.test(type)) return readMultipart(req, limits)
  const values = new Map<string, string[]>()
  if (/^application\/json/i.test(type)) {
    const body = await readSmallBody(req, Math.min(limits.total, 1024 * 1024))
    let parsed: unknown
    try {
      parsed = JSON.parse(body.toString('utf8') || '{}')
    } catch {
      throw badRequest('The body is not valid JSON.')
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw badRequest('Send a JSON object.')
    for (const [name, value] of Object.entries(parsed)) {
      const list = Array.isArray(value) ? value : [value]
      values.set(name, list.filter((item) => item !== null && item !== undefined).map(String))
    }
    return { values, files: [] }
  }
  if (/^application\/x-www-form-urlencoded/i.test(type)) {
    const body = await readSmallBody(req, Math.min(limits.total, 1024 * 1024))
    for (const [name, value] of new URLSearchParams(body.toString('utf8')))
      values.set(name, [...(values.get(name) ?? []), value])
    return { values, files: [] }
  }
  drain(req, limits.total)
  throw badRequest(
    'Send the form as multipart/form-data, application/x-www-form-urlencoded or JSON.',
    415,
  )
}

function readMultipart(req: IncomingMessage, limits: BodyLimits): Promise<FormInput> {
  return new Promise((resolve, reject) => {
    const values = new Map<string, string[]>()
    const files: Upload[] = []
    let parser: busboy.Busboy
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fileSize: limits.file ?? limits.total,
          files: limits.files ?? 0,
          fields: FIELDS,
          fieldSize: FIELD_BYTES,
          parts: FIELDS + (limits.files ?? 0),
        },
      })
    } catch {
      drain(req, limits.total)
      return reject(badRequest('The form could not be read: the multipart boundary is missing.'))
    }
    let settled = false
    let received = 0
    const fail = (error: Error) => {
      if (settled) return
      settled = true
      req.unpipe(parser)
      req.off('data', count)
      drain(req, limits.total)
      files.length = 0
      reject(error)
    }
    // The whole body, counted as it streams in: files, fields and boundaries together.
    const count = (chunk: Buffer) => {
      received += chunk.length
      if (received > limits.total) fail(new TooLarge())
    }
    req.on('data', count)
    req.on('error', () => fail(badRequest('The upload was interrupted.')))
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(new TooLarge())
      values.set(name, [...(values.get(name) ?? []), value])
    })
    parser.on('file', (name, stream, info) => {
      // A body cut off inside a file errors the file's stream too: unheard, that error would be
      // thrown outside the request and end the server process.
      stream.on('error', () => fail(badRequest('The upload was interrupted.')))
      if (!(FILE_FIELDS as readonly string[]).includes(name)) return void stream.resume()
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('limit', () => fail(new TooLarge()))
      stream.on('close', () => {
        if (settled) return
        files.push({
          data: Buffer.concat(chunks),
          name: info.filename ?? '',
          type: info.mimeType,
          field: name,
        })
        chunks.length = 0
      })
    })
    parser.on('fieldsLimit', () => fail(new TooLarge()))
    parser.on('partsLimit', () => fail(new TooLarge()))
    parser.on('error', () => fail(badRequest('The form could not be read.')))
    parser.on('close', () => {
      if (settled) return
      settled = true
      req.off('data', count)
      resolve({ values, files })
    })
    req.pipe(parser)
  })
}
