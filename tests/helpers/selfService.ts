import type { TestApp } from './app'
import type { Json } from './api'
import type { HttpTestServer } from './http'

export type Photo = { bytes: Buffer; name: string; type?: string }

export const SPANISH_CONSENT = 'Acepto compartir mi historia (v1).'

/** Adds a Spanish wording to the active consent text (a translation is not a rewording). */
export const addSpanishConsentText = (app: TestApp) =>
  app.instance.payload.update({
    collection: 'consent-texts',
    id: app.textId,
    locale: 'es',
    data: { body: SPANISH_CONSENT },
  })

/** Posts the submission form as a browser or a script would: multipart, with photos. */
export async function submitStory(
  server: HttpTestServer,
  fields: Record<string, string | string[]>,
  { photos = [], headers = {} }: { photos?: Photo[]; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Json; headers: Headers; text: string }> {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields))
    for (const item of [value].flat()) form.append(name, item)
  for (const photo of photos)
    form.append(
      'photos',
      new Blob([new Uint8Array(photo.bytes)], { type: photo.type ?? 'application/octet-stream' }),
      photo.name,
    )
  const response = await fetch(`${server.url}/api/public/submissions`, {
    method: 'POST',
    body: form,
    headers,
    redirect: 'manual',
  })
  const text = await response.text()
  let body: Json = {}
  try {
    body = JSON.parse(text)
  } catch {
    body = {}
  }
  return { status: response.status, body, headers: response.headers, text }
}

export const A_STORY = {
  story: 'Llegué con mi hija en invierno.\n\nAprendimos el idioma juntas, palabra por palabra.',
  language: 'es',
  pseudonym: 'Luz',
  location: 'Boyle Heights',
  scopes: ['gallery', 'partners'],
  lang: 'es',
}
