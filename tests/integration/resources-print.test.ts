import { afterEach, expect, it } from 'vitest'

import { advanceClockForTests, resetClockForTests } from '../../src/lib/clock'
import type { TestApp } from '../helpers/app'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { readPdf } from '../helpers/pdf'
import { DAY, inDays, publishResource } from '../helpers/resources'
import { secondEditor } from '../helpers/stories'

// GET /api/public/resources/:id/print.pdf (issue 16) over real HTTP, read back with pdf.js.

const ENGLISH = {
  title: 'Your rights at the door',
  card: {
    doThis: 'Do not open the door. Ask to see a warrant signed by a judge.',
    toAgent: 'I do not consent to your entry. I will remain silent.',
  },
}
const SPANISH = {
  title: 'Sus derechos en la puerta',
  card: {
    doThis: 'No abra la puerta. Pida ver una orden firmada por un juez.',
    toAgent: 'No doy mi consentimiento para que entren. Voy a guardar silencio.',
  },
}

async function created(app: TestApp, data: Record<string, unknown>): Promise<string> {
  const { api, people } = app
  return expectStatus(
    await api.post(
      '/api/resources?locale=en',
      { kind: 'know-your-rights', nextReviewAt: inDays(30), ...data },
      { token: people.editor.token },
    ),
    201,
  ).body.doc.id as string
}

/** A published card gets its Spanish side: archived, translated, published by the other editor. */
async function translate(app: TestApp, id: string) {
  const { api, people } = app
  const second = await secondEditor(app)
  const { token } = people.editor
  expectStatus(await api.patch(`/api/resources/${id}`, { status: 'archived' }, { token }), 200)
  expectStatus(await api.patch(`/api/resources/${id}?locale=es`, SPANISH, { token }), 200)
  expectStatus(
    await api.patch(`/api/resources/${id}`, { status: 'published' }, { token: second.token }),
    200,
  )
}

describeEachDatabase('resources: print PDF', (database) => {
  const app = useTestApp(database, { editor: 'editor', admin: 'admin' })
  afterEach(() => resetClockForTests())

  const pdf = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.server.url}${path}`, { headers })
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) }
  }
  const problem = async (path: string, status: number, code: string) => {
    const { response, bytes } = await pdf(path)
    expect(response.status, path).toBe(status)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const body = JSON.parse(Buffer.from(bytes).toString('utf8'))
    expect(body).toEqual({ error: { code, message: expect.any(String) } })
    return response
  }

  it('prints a public card at wallet size and as a Letter sheet, in the reader’s language, cached like the API', async () => {
    const id = await created(app, {
      ...ENGLISH,
      phones: [{ number: '(213) 555-0100', hours: '24/7', languages: ['en', 'es'] }],
    })
    // Not yet published: nothing public is here.
    await problem(`/api/public/resources/${id}/print.pdf`, 404, 'not_found')
    await publishResource(app, id)
    await translate(app, id)

    const wallet = await pdf(`/api/public/resources/${id}/print.pdf?lang=es&size=wallet`)
    expect(wallet.response.status).toBe(200)
    expect(wallet.response.headers.get('content-type')).toBe('application/pdf')
    expect(wallet.response.headers.get('cache-control')).toBe('public, max-age=30')
    expect(wallet.response.headers.get('surrogate-key')?.split(' ')).toEqual(
      expect.arrayContaining(['resources', `resources/${id}`]),
    )
    const pages = await readPdf(wallet.bytes)
    expect(pages.map((page) => page.view)).toEqual([
      [0, 0, 270, 162],
      [0, 0, 270, 162],
    ])
    expect(pages[0].text).toContain('Sus derechos en la puerta')
    // Hours are written per language; the Spanish side gave none.
    expect(pages[0].text).toMatch(/\(213\) 555-0100$/)
    expect(pages[1].text.replace(/\s+/g, ' ')).toContain(SPANISH.card.toAgent)
    const etag = wallet.response.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]{27}"$/)
    expect(
      (
        await pdf(`/api/public/resources/${id}/print.pdf?lang=es&size=wallet`, {
          'if-none-match': etag,
        })
      ).response.status,
    ).toBe(304)

    // The default is the US Letter sheet; English by default; any language tag reads the source.
    for (const lang of ['', '?lang=en', '?lang=zap']) {
      const sheet = await pdf(`/api/public/resources/${id}/print.pdf${lang}`)
      expect(sheet.response.status, lang).toBe(200)
      const letter = await readPdf(sheet.bytes)
      expect(letter.map((page) => page.view)).toEqual([
        [0, 0, 612, 792],
        [0, 0, 612, 792],
      ])
      expect(letter[0].text.split(ENGLISH.title)).toHaveLength(11)
      expect(letter[0].text.split('(213) 555-0100 · 24/7')).toHaveLength(11)
    }
    // HEAD answers the same headers without the body.
    const head = await fetch(`${app.server.url}/api/public/resources/${id}/print.pdf`, {
      method: 'HEAD',
    })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe('application/pdf')

    // Bad parameters: 400 with the error shape.
    await problem(`/api/public/resources/${id}/print.pdf?size=a4`, 400, 'invalid_size')
    await problem(
      `/api/public/resources/${id}/print.pdf?lang=%20not%20a%20tag`,
      400,
      'invalid_lang',
    )
    await problem(`/api/public/resources/nope/print.pdf`, 404, 'not_found')

    // Past its review date: gone in the very next request, with no job and no change event.
    advanceClockForTests(31 * DAY)
    const gone = await problem(
      `/api/public/resources/${id}/print.pdf?lang=es&size=wallet`,
      404,
      'not_found',
    )
    expect(gone.headers.get('surrogate-key')?.split(' ')).toContain(`resources/${id}`)
  })

  it('prints only know-your-rights cards with both sides', async () => {
    const hotline = await created(app, { kind: 'hotline', title: 'Rapid response line' })
    const oneSided = await created(app, {
      title: 'Half a card',
      card: { doThis: 'Stay calm.', toAgent: '' },
    })
    for (const id of [hotline, oneSided]) {
      await publishResource(app, id)
      expectStatus(await app.api.get(`/api/public/resources/${id}`), 200)
      await problem(`/api/public/resources/${id}/print.pdf`, 404, 'not_found')
    }
  })
})
