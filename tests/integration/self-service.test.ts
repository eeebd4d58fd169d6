import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'

import { QUICK_EXIT_URL } from '../../src/selfservice/quickExit'
import { SupportContacts } from '../../src/selfservice/pages/SupportContacts'
import { supportContactsFor } from '../../src/selfservice/support'

import { hashManagementToken } from '../../src/selfservice/token'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { jpegWithMetadata, readMetadata } from '../helpers/images'
import { filesOf, localDisk, upload } from '../helpers/media'
import {
  A_STORY,
  addSpanishConsentText,
  SPANISH_CONSENT,
  submitStory,
} from '../helpers/selfService'
import { publishSubmitted } from '../helpers/stories'

const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')

describeEachDatabase('storyteller self-service over HTTP', (database) => {
  const app = useTestApp(database, { editor: 'editor', editor2: 'editor' })
  const payload = () => app.instance.payload
  const count = async (collection: 'stories' | 'media' | 'consent-records') =>
    (await payload().count({ collection })).totalDocs

  const submit = async (
    fields: Record<string, string | string[]> = {},
    photos: Parameters<typeof submitStory>[2] = {},
  ) => {
    const answer = await submitStory(app.server, { ...A_STORY, ...fields }, photos)
    return answer
  }
  const mine = (token: string, path = '', init: RequestInit = {}) =>
    fetch(`${app.server.url}/api/public/my-story/${token}${path}`, init)
  const post = (token: string, action: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams()
    for (const [name, value] of Object.entries(fields))
      for (const item of [value].flat()) body.append(name, item)
    return mine(token, `/${action}`, { method: 'POST', body })
  }
  // Editors work on a Spanish story in Spanish (publishSubmitted).
  const publish = (id: string) => publishSubmitted(app, id)

  it('shows the form in Spanish with the active consent text, every scope unticked, and a honeypot', async () => {
    await addSpanishConsentText(app)
    const response = await fetch(`${app.server.url}/submit?lang=es`)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('<html lang="es"')
    expect(html).toContain(SPANISH_CONSENT)
    expect(html).toContain('Publicar en el sitio')
    expect(html).toContain('Mostrar mi foto')
    // Six boxes: the voice one (issue 18) says plainly that it lets us play their voice publicly.
    expect(html.match(/name="scopes"/g)).toHaveLength(6)
    expect(html).toContain('Pueden poner mi voz en público')
    expect(html).not.toMatch(/name="scopes"[^>]*checked/)
    expect(html).toMatch(/<input id="website"[^>]*tabindex="-1"/)
    expect(html).toContain('no se pueden recuperar')
    // Nothing loaded from another host; the one link out is the quick exit.
    expect(html).not.toMatch(/(src|action)="(https?:)?\/\//)
    expect(html.match(/href="(https?:)?\/\/[^"]*"/g)).toEqual([`href="${QUICK_EXIT_URL}"`])
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
  })

  it('saves the story as submitted with a web-form grant in one go, and keeps only the token’s hash', async () => {
    const before = await payload().count({ collection: 'audit-log' })
    const answer = await submit({
      title: '',
      pullQuote: 'Palabra por palabra.',
      expiry: '1y',
      contactEmail: 'luz@example.org',
    })
    expect(answer.status, answer.text).toBe(201)
    const { token, managementUrl, story } = answer.body
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/) // 256 bits
    expect(managementUrl).toBe(`${app.server.url}/my-story/${token}`)
    expect(answer.headers.get('cache-control')).toBe('no-store')

    const saved = await payload().findByID({
      collection: 'stories',
      id: story.id,
      locale: 'es',
      overrideAccess: true,
      depth: 0,
    })
    expect(saved.status).toBe('submitted')
    expect(saved.owner ?? null).toBeNull()
    expect(saved.title).toMatch(/^Llegué con mi hija en invierno\. Aprendimos .*…$/)
    expect(saved.title.length).toBeLessThanOrEqual(80)
    expect(saved.body).toEqual([
      { children: [{ text: 'Llegué con mi hija en invierno.' }] },
      { children: [{ text: 'Aprendimos el idioma juntas, palabra por palabra.' }] },
    ])
    expect(saved.managementTokenHash).toBe(hashManagementToken(token))
    expect(saved.contactEmail).toBe('luz@example.org')

    const { docs: records } = await payload().find({
      collection: 'consent-records',
      where: { subjectKey: { equals: `stories/${story.id}` } },
      overrideAccess: true,
    })
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({
      action: 'grant',
      method: 'web-form',
      language: 'es',
      scopes: ['gallery', 'partners'],
    })
    expect(
      String(
        typeof records[0].consentText === 'object'
          ? records[0].consentText?.id
          : records[0].consentText,
      ),
    ).toBe(app.textId)
    const years =
      (new Date(records[0].expiresAt!).getTime() - new Date(records[0].givenAt!).getTime()) /
      (365 * 24 * 3600 * 1000)
    expect(years).toBeCloseTo(1, 1)
    expect((await payload().count({ collection: 'audit-log' })).totalDocs).toBeGreaterThan(
      before.totalDocs,
    )

    // Neither the token nor the hash reaches anyone through Payload's APIs, staff included.
    const asEditor = await app.api.get(`/api/stories/${story.id}`, {
      token: app.people.editor.token,
    })
    expect(asEditor.body.managementTokenHash).toBeUndefined()
    expect((await app.api.get(`/api/stories/${story.id}`)).status).toBe(404)
    const filtered = await app.api.get(
      `/api/stories?where[managementTokenHash][equals]=${hashManagementToken(token)}`,
      { token: app.people.editor.token },
    )
    expect(filtered.body.docs ?? []).toHaveLength(0)
    if (database === 'sqlite') {
      const file = (
        await fs.readFile(app.instance.env.DATABASE_URI!.replace(/^file:/, ''))
      ).toString('latin1')
      expect(file).not.toContain(token)
      // The client's address is a rate-limit key in memory only.
      expect(file).not.toContain('127.0.0.1')
    }
  })

  it('cleans photos through the media pipeline and pixelates faces when asked', async () => {
    const face = await fs.readFile('tests/fixtures/face-astronaut.png')
    const answer = await submit(
      { pixelateFaces: 'on', photoDescription: 'Una persona con traje espacial.' },
      {
        photos: [
          { bytes: await jpegWithMetadata(), name: 'casa-de-luz.jpg', type: 'image/jpeg' },
          { bytes: face, name: 'yo.png', type: 'image/png' },
        ],
      },
    )
    expect(answer.status, answer.text).toBe(201)
    const story = await payload().findByID({
      collection: 'stories',
      id: answer.body.story.id,
      depth: 1,
      locale: 'es',
      overrideAccess: true,
    })
    const images = story.images as {
      id: string
      filename: string
      alt: string
      facesFound: number
      sizes: Record<string, { filename: string }>
    }[]
    expect(images).toHaveLength(2)
    expect(images.every((image) => image.alt === 'Una persona con traje espacial.')).toBe(true)
    expect(images.some((image) => image.filename.includes('casa'))).toBe(false)
    expect(images[1].facesFound).toBeGreaterThanOrEqual(1)
    for (const image of images)
      for (const name of filesOf(image))
        expect(await readMetadata(await localDisk.read(app.instance, undefined, name))).toBeNull()
  })

  it('lets the token holder change scopes, withdraw with one confirmation, and takes effect on every public surface at once', async () => {
    const photo = await jpegWithMetadata()
    const answer = await submit(
      { scopes: ['gallery', 'partners', 'photo'], photoDescription: 'Una cocina.' },
      { photos: [{ bytes: photo, name: 'a.jpg' }] },
    )
    const { token, story } = answer.body
    await publish(story.id)
    const gallery = async () =>
      (await app.api.get('/api/public/gallery?limit=50')).body.items.map(
        (item: { id: string }) => item.id,
      )
    expect(await gallery()).toContain(story.id)
    const state = await (await mine(token)).json()
    expect(state).toMatchObject({
      status: 'published',
      visible: { site: true, embed: true, social: false },
    })
    const imageUrl = (await app.api.get(`/api/public/stories/${story.id}`)).body.image.url as string
    expect((await fetch(imageUrl)).status).toBe(200)

    // Dropping `gallery`: gone from the site at once, still on partner sites? No: embed needs gallery too.
    const changed = await post(token, 'consent', { scopes: ['partners', 'social'], expiry: 'none' })
    expect(changed.status).toBe(200)
    const afterChange = await changed.json()
    expect(afterChange.consent.scopes).toEqual(['partners', 'social'])
    expect(afterChange.visible).toEqual({ site: false, embed: false, social: true })
    expect(afterChange.history).toHaveLength(2)
    expect(await gallery()).not.toContain(story.id)
    expect((await app.api.get(`/api/public/stories/${story.id}`)).status).toBe(404)

    expect((await post(token, 'withdraw', {})).status).toBe(400) // one confirmation is needed
    const withdrawn = await post(token, 'withdraw', { confirm: 'yes' })
    expect(withdrawn.status).toBe(200)
    expect(await withdrawn.json()).toMatchObject({
      status: 'withdrawn',
      consent: null,
      visible: { site: false, embed: false, social: false },
    })
    expect((await fetch(imageUrl)).status).toBe(404)
    expect(
      (await app.api.get(`/api/public/gallery?surface=embed`)).body.items.map(
        (item: { id: string }) => item.id,
      ),
    ).not.toContain(story.id)

    // Consenting again sends it back to the editors, never straight back to the public.
    const again = await (await post(token, 'consent', { scopes: ['gallery'] })).json()
    expect(again.status).toBe('submitted')
    expect(again.visible.site).toBe(false)
  })

  it('refuses a grant without a publishing scope, and unknown actions', async () => {
    const { token } = (await submit()).body
    const refused = await post(token, 'consent', { scopes: ['named'] })
    expect(refused.status).toBe(400)
    expect((await refused.json()).error.fields.scopes).toMatch(
      /al menos un lugar|at least one place/,
    )
    expect((await mine(token, '/consent')).status).toBe(405)
    expect((await mine(token, '/nothing')).status).toBe(404)
  })

  it('exports the story, every consent record with its receipt, and the photos as one JSON file', async () => {
    const answer = await submit(
      { contactPhone: '+1 (555) 010-0000', photoDescription: 'Una cocina.' },
      { photos: [{ bytes: await jpegWithMetadata(), name: 'a.jpg' }] },
    )
    const { token } = answer.body
    const changed = await post(token, 'consent', { scopes: ['gallery', 'social'], expiry: '2y' })
    expect(changed.status, await changed.clone().text()).toBe(200)
    const response = await mine(token, '/export')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="my-story-\d{4}-\d{2}-\d{2}\.json"$/,
    )
    const data = await response.json()
    expect(data.story).toMatchObject({
      id: answer.body.story.id,
      pseudonym: 'Luz',
      contactPhone: '+1 (555) 010-0000',
      language: 'es',
    })
    expect(data.story.body).toContain('palabra por palabra')
    expect(data.consentRecords).toHaveLength(2)
    for (const record of data.consentRecords) {
      expect(record.receipt).toMatchObject({
        version: 'KI-CR-v1.1.0',
        consentReceiptID: String(record.id),
        collectionMethod: 'web-form',
      })
      expect(record.consentText.body).toBe(SPANISH_CONSENT)
      expect(record).not.toHaveProperty('subjectOwner')
    }
    expect(data).not.toHaveProperty('story.reviewNotes')
    expect(data.photos).toHaveLength(1)
    const bytes = Buffer.from(data.photos[0].base64, 'base64')
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
    expect(await readMetadata(bytes)).toBeNull()
  })

  it('gives a receipt for each grant, and the photos only to the token holder', async () => {
    const answer = await submit(
      { photoDescription: 'Una cocina.' },
      { photos: [{ bytes: await jpegWithMetadata(), name: 'a.jpg' }] },
    )
    const state = await (await mine(answer.body.token)).json()
    const receipt = await mine(answer.body.token, `/receipts/${state.consent.recordId}`)
    expect(receipt.status).toBe(200)
    expect((await receipt.json()).piiPrincipalId).toBe(`stories/${answer.body.story.id}`)
    const image = await mine(answer.body.token, `/images/${state.images[0].id}`)
    expect(image.status).toBe(200)
    expect(image.headers.get('cache-control')).toBe('no-store')
    const other = (await submit()).body.token
    expect((await mine(other, `/images/${state.images[0].id}`)).status).toBe(404)
    expect((await mine(other, `/receipts/${state.consent.recordId}`)).status).toBe(404)
  })

  it('erases the story, its files, consent records and derived assets, keeping only a tombstone and an audit entry', async () => {
    const answer = await submit(
      {
        contactEmail: 'luz@example.org',
        displayName: 'Luz María Pérez',
        photoDescription: 'Una cocina.',
      },
      {
        photos: [
          { bytes: await jpegWithMetadata(), name: 'a.jpg' },
          { bytes: await jpegWithMetadata(320, 240), name: 'b.jpg' },
        ],
      },
    )
    const { token, story } = answer.body
    await publish(story.id)
    await post(token, 'consent', { scopes: ['gallery', 'social', 'named'] })
    const media = (
      await payload().findByID({
        collection: 'stories',
        id: story.id,
        depth: 1,
        overrideAccess: true,
      })
    ).images as { filename: string; sizes: Record<string, { filename: string }> }[]
    const files = media.flatMap(filesOf)
    expect(files.length).toBe(2 * 9)
    const stored = await localDisk.list(app.instance)
    for (const name of files) expect(stored).toContain(name)

    expect((await post(token, 'erase', {})).status).toBe(400)
    const erased = await post(token, 'erase', { confirm: 'yes' })
    expect(erased.status).toBe(200)

    const after = await localDisk.list(app.instance)
    for (const name of files) expect(after).not.toContain(name)
    expect(after).toEqual(stored.filter((name) => !files.includes(name)))
    expect(
      await payload().findByID({
        collection: 'stories',
        id: story.id,
        overrideAccess: true,
        disableErrors: true,
      }),
    ).toBeNull()
    expect(
      (
        await payload().find({
          collection: 'consent-records',
          where: { subjectKey: { equals: `stories/${story.id}` } },
          overrideAccess: true,
        })
      ).totalDocs,
    ).toBe(0)
    expect((await app.api.get(`/api/public/stories/${story.id}`)).status).toBe(404)
    expect(
      (await app.api.get('/api/public/gallery')).body.items.map((item: { id: string }) => item.id),
    ).not.toContain(story.id)

    const { docs: tombstones } = await payload().find({
      collection: 'consent-tombstones',
      where: { subject: { equals: `stories/${story.id}` } },
    })
    expect(tombstones).toHaveLength(1)
    expect(tombstones[0].erasedBy).toBe('storyteller')
    const events = tombstones[0].events as {
      action: string
      scopes: string[]
      consentText: { version: string }
    }[]
    expect(events.map((event) => event.action)).toEqual(['grant', 'grant'])
    expect(events[1].scopes).toEqual(['gallery', 'social', 'named'])
    expect(events[0].consentText.version).toBe('v1')
    const kept = JSON.stringify(tombstones[0])
    for (const secret of ['Luz', 'luz@example.org', 'invierno', 'Boyle'])
      expect(kept).not.toContain(secret)
    const { docs: audit } = await payload().find({
      collection: 'audit-log',
      where: {
        and: [{ subject: { equals: `stories/${story.id}` } }, { action: { equals: 'erased' } }],
      },
    })
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit[0])).not.toContain('Luz')

    // The erased token now answers exactly as one that never existed, and as a malformed one.
    const answers = await Promise.all(
      [token, 'A'.repeat(43), 'short'].map(async (candidate) => {
        const response = await fetch(`${app.server.url}/my-story/${candidate}?lang=es`)
        const headers = Object.fromEntries(
          [...response.headers].filter(([name]) => name !== 'date'),
        )
        return { status: response.status, headers, body: await response.text() }
      }),
    )
    expect(answers[0].status).toBe(404)
    expect(answers[1]).toEqual(answers[0])
    expect(answers[2]).toEqual(answers[0])
    expect((await mine(token)).status).toBe(404)
    expect((await post(token, 'withdraw', { confirm: 'yes' })).status).toBe(404)
  })

  it('marks the management page noindex and no-referrer, with no third-party requests', async () => {
    const { token } = (await submit()).body
    const response = await fetch(`${app.server.url}/my-story/${token}?new=1`)
    expect(response.status).toBe(200)
    expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await response.text()
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">')
    expect(html).toContain(`${app.server.url}/my-story/${token}`)
    expect(html).not.toMatch(/(src|action)="(https?:)?\/\//)
    expect(html.match(/href="(https?:)?\/\/[^"]*"/g)).toEqual([`href="${QUICK_EXIT_URL}"`])
  })

  it('shows the storyteller none of the private parts of a consent record an editor recorded', async () => {
    const { token, story } = (await submit()).body
    expectStatus(
      await app.api.post(
        '/api/consent-records',
        {
          subject: { relationTo: 'stories', value: story.id },
          action: 'grant',
          scopes: ['gallery'],
          consentText: app.textId,
          method: 'guardian',
          guardianName: 'GUARDIAN-CANARY',
          witness: 'WITNESS-CANARY',
          interpreter: 'INTERPRETER-CANARY',
          evidence: 'EVIDENCE-CANARY cabinet 3',
        },
        { token: app.people.editor.token },
      ),
      201,
    )
    const view = await (await mine(token)).text()
    const exported = await (await mine(token, '/export')).text()
    const page = await (await fetch(`${app.server.url}/my-story/${token}`)).text()
    for (const text of [view, exported, page]) {
      for (const canary of [
        'GUARDIAN-CANARY',
        'WITNESS-CANARY',
        'INTERPRETER-CANARY',
        'EVIDENCE-CANARY',
        app.people.editor.id,
      ])
        expect(text).not.toContain(canary)
    }
    const history = JSON.parse(view).history as Record<string, unknown>[]
    expect(Object.keys(history[1]).sort()).toEqual([
      'action',
      'consentText',
      'expiresAt',
      'givenAt',
      'id',
      'language',
      'method',
      'recordedAt',
      'scopes',
    ])
  })

  it('keeps working when an editor changes the story’s language', async () => {
    const { token, story } = (await submit()).body
    expectStatus(
      await app.api.patch(
        `/api/stories/${story.id}?locale=es`,
        { language: 'en' },
        { token: app.people.editor.token },
      ),
      200,
    )
    const view = await (await mine(token)).json()
    expect(view.title).toMatch(/^Llegué/)
    expect(view.body).toContain('palabra por palabra')
    expect((await post(token, 'withdraw', { confirm: 'yes' })).status).toBe(200)
  })

  it('answers a badly encoded link like any other that opens nothing', async () => {
    const expected = await fetch(`${app.server.url}/my-story/${'A'.repeat(43)}`)
    for (const path of [
      '/my-story/%E0%A4%A',
      '/api/public/my-story/%ZZ/export',
      '/api/public/my-story/%E0%A4%A',
    ]) {
      const response = await fetch(`${app.server.url}${path}`)
      expect(response.status, path).toBe(404)
    }
    expect((await fetch(`${app.server.url}/my-story/%E0%A4%A`)).headers.get('content-type')).toBe(
      expected.headers.get('content-type'),
    )
  })

  it('takes a browser that skipped the confirmation back to it', async () => {
    const { token } = (await submit()).body
    for (const action of ['withdraw', 'erase']) {
      const response = await fetch(`${app.server.url}/api/public/my-story/${token}/${action}`, {
        method: 'POST',
        body: new URLSearchParams({ lang: 'es' }),
        headers: { accept: 'text/html' },
        redirect: 'manual',
      })
      expect(response.status).toBe(303)
      expect(response.headers.get('location')).toBe(
        `/my-story/${token}?lang=es&confirm=${action}#confirm`,
      )
    }
    expect((await (await mine(token)).json()).status).toBe('submitted')
  })

  it('erases only the photos that came with the story; an editor’s image used elsewhere is detached', async () => {
    const editorImage = await upload(
      app.server,
      app.people.editor.token,
      await jpegWithMetadata(300, 200),
      'shared.jpg',
    )
    expect(editorImage.status).toBe(201)
    const answer = await submit(
      { photoDescription: 'Una cocina.' },
      { photos: [{ bytes: await jpegWithMetadata(), name: 'a.jpg' }] },
    )
    const own = (
      await payload().findByID({
        collection: 'stories',
        id: answer.body.story.id,
        depth: 0,
        overrideAccess: true,
      })
    ).images as string[]
    expectStatus(
      await app.api.patch(
        `/api/stories/${answer.body.story.id}?locale=es`,
        { images: [...own, editorImage.body.doc.id] },
        { token: app.people.editor.token },
      ),
      200,
    )
    expect((await post(answer.body.token, 'erase', { confirm: 'yes' })).status).toBe(200)
    expect(
      await payload().findByID({
        collection: 'media',
        id: own[0],
        overrideAccess: true,
        disableErrors: true,
      }),
    ).toBeNull()
    const kept = await payload().findByID({
      collection: 'media',
      id: editorImage.body.doc.id,
      overrideAccess: true,
    })
    for (const name of filesOf(kept)) expect(await localDisk.list(app.instance)).toContain(name)
  })

  it('lets a withdrawal through while someone else’s photos are being processed', async () => {
    const published = await submit()
    await publish(published.body.story.id)
    const photo = await jpegWithMetadata(1600, 1200)
    const finished: string[] = []
    const upload3 = submit(
      { photoDescription: 'Tres fotos.', pixelateFaces: 'on' },
      {
        photos: [
          { bytes: photo, name: '1.jpg' },
          { bytes: photo, name: '2.jpg' },
          { bytes: photo, name: '3.jpg' },
        ],
      },
    ).then((answer) => (finished.push('upload'), answer))
    await new Promise((resolve) => setTimeout(resolve, 300))
    const [withdrawn, uploaded] = await Promise.all([
      post(published.body.token, 'withdraw', { confirm: 'yes' }).then(
        (answer) => (finished.push('withdrawal'), answer),
      ),
      upload3,
    ])
    expect(withdrawn.status).toBe(200)
    expect(uploaded.status).toBe(201)
    // Sent while the photos were still being cleaned, and not queued behind them.
    expect(finished).toEqual(['withdrawal', 'upload'])
    expect((await app.api.get(`/api/public/stories/${published.body.story.id}`)).status).toBe(404)
  })

  describe('abuse and bad input: clear answers, nothing half-saved', () => {
    const nothingSaved = async (work: () => Promise<void>) => {
      const before = {
        stories: await count('stories'),
        media: await count('media'),
        records: await count('consent-records'),
        files: await localDisk.list(app.instance),
      }
      await work()
      expect({
        stories: await count('stories'),
        media: await count('media'),
        records: await count('consent-records'),
        files: await localDisk.list(app.instance),
      }).toEqual(before)
    }

    it('refuses a filled honeypot', () =>
      nothingSaved(async () => {
        const answer = await submit({ website: 'http://spam.example' })
        expect(answer.status).toBe(400)
        expect(answer.body.error.code).toBe('invalid_submission')
      }))

    it('refuses a story without consent, an empty story, an address and a long story, naming each field', () =>
      nothingSaved(async () => {
        const answer = await submit({
          scopes: [],
          story: '',
          location: '1234 Calle Olvera',
          contactEmail: 'not-an-email',
        })
        expect(answer.status).toBe(400)
        expect(Object.keys(answer.body.error.fields).sort()).toEqual([
          'contactEmail',
          'location',
          'scopes',
          'story',
        ])
        expect((await submit({ story: 'x'.repeat(20_001) })).body.error.fields.story).toMatch(
          /20[.,]000/,
        )
      }))

    it('rolls back a submission whose second photo is refused, deleting the first one’s files', () =>
      nothingSaved(async () => {
        const answer = await submit(
          { photoDescription: 'Dos fotos.' },
          {
            photos: [
              { bytes: await jpegWithMetadata(), name: 'ok.jpg' },
              { bytes: svg, name: 'bad.svg' },
            ],
          },
        )
        expect(answer.status).toBe(415)
        expect(answer.body.error.code).toBe('unsupported_media_type')
      }))

    it('refuses more than three photos, and photos without a description', () =>
      nothingSaved(async () => {
        const photo = { bytes: await jpegWithMetadata(64, 64), name: 'p.jpg' }
        expect(
          (await submit({ photoDescription: 'x' }, { photos: [photo, photo, photo, photo] })).body
            .error.fields.photos,
        ).toBeDefined()
        expect(
          (await submit({}, { photos: [photo] })).body.error.fields.photoDescription,
        ).toBeDefined()
      }))

    it('answers 413 to a body over the limit', () =>
      nothingSaved(async () => {
        const big = Buffer.alloc(3 * 25 * 1024 * 1024 + 2 * 1024 * 1024, 1)
        const answer = await submit(
          { photoDescription: 'x' },
          { photos: [{ bytes: big, name: 'big.jpg' }] },
        )
        expect(answer.status).toBe(413)
        expect(answer.body.error.code).toBe('too_large')
      }))

    it('answers 400 to broken JSON and 415 to other content types', async () => {
      const json = await fetch(`${app.server.url}/api/public/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"story":',
      })
      expect(json.status).toBe(400)
      const text = await fetch(`${app.server.url}/api/public/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hi',
      })
      expect(text.status).toBe(415)
      expect((await fetch(`${app.server.url}/api/public/submissions`)).status).toBe(405)
    })

    it('accepts JSON without photos', async () => {
      const response = await fetch(`${app.server.url}/api/public/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(A_STORY),
      })
      expect(response.status).toBe(201)
    })
  })

  it('shows the form again with the errors and the values kept, for a browser’s form post', async () => {
    const answer = await submitStory(
      app.server,
      { ...A_STORY, scopes: [] },
      { headers: { accept: 'text/html' } },
    )
    expect(answer.status).toBe(400)
    expect(answer.text).toContain('Elige al menos un lugar')
    expect(answer.text).toContain('Boyle Heights')
    const ok = await submitStory(app.server, A_STORY, { headers: { accept: 'text/html' } })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toMatch(/^\/my-story\/[A-Za-z0-9_-]{43}\?lang=es&new=1$/)
  })

  describe('a kinder form (issue 15)', () => {
    const page = async (path: string) => {
      const response = await fetch(`${app.server.url}${path}`)
      return { response, html: await response.text() }
    }

    it('says what happens next, marks every prompt but the story and one place optional, and has a quick exit allowed by the CSP', async () => {
      for (const lang of ['en', 'es'] as const) {
        const { response, html } = await page(`/submit?lang=${lang}`)
        expect(html).toContain(lang === 'es' ? 'Qué pasa después' : 'What happens next')
        expect(html).toContain(
          lang === 'es'
            ? 'los borramos 180 días después de que tu historia se publique o se retire'
            : 'we delete them 180 days after your story is published or withdrawn',
        )
        // The quick exit is the first link of the page, before the skip link.
        const firstLink = /<a [^>]*>/.exec(html)?.[0] ?? ''
        expect(firstLink).toContain(`href="${QUICK_EXIT_URL}"`)
        expect(firstLink).toContain('id="quick-exit"')
        // Its script runs under the CSP: the policy names exactly its hash, and nothing else runs.
        const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1])
        expect(scripts).toHaveLength(1)
        expect(scripts[0]).toContain('location.replace')
        const hash = createHash('sha256').update(scripts[0]).digest('base64')
        expect(response.headers.get('content-security-policy')).toContain(
          `script-src 'sha256-${hash}';`,
        )
        expect(html).not.toMatch(/<script[^>]*src=/)

        // Every labelled text, list and file prompt says it is optional, but the story's.
        const optional =
          lang === 'es'
            ? /\((opcional|solo si añades fotos)\)/
            : /\((optional|only if you add photos)\)/
        const labels = [...html.matchAll(/<label for="([^"]+)">([^<]*)<\/label>/g)]
        const prompts = [...html.matchAll(/<(?:input|textarea|select)\b[^>]*>/g)]
          .map((m) => m[0])
          .filter((tag) => !/type="(checkbox|radio|hidden)"/.test(tag))
          .map((tag) => /id="([^"]+)"/.exec(tag)?.[1] ?? '')
          .filter((id) => id !== 'website')
        expect(prompts.sort()).toEqual(
          [
            'contactEmail',
            'contactPhone',
            'displayName',
            'language',
            'location',
            'photoDescription',
            'photos',
            'pseudonym',
            'pullQuote',
            'recording',
            'story',
            'title',
          ].sort(),
        )
        for (const id of prompts) {
          const label = labels.find((m) => m[1] === id)?.[2] ?? ''
          if (id === 'story') expect(label).toMatch(/\((required|obligatorio)\)/)
          else if (id === 'photos')
            expect(html).toMatch(
              lang === 'es' ? /<legend>Fotos \(opcional\)/ : /<legend>Photos \(optional\)/,
            )
          else expect(label, id).toMatch(optional)
        }
        // The only other boxes that must be ticked: one place to appear, and the form says so.
        expect(html).toContain(
          lang === 'es'
            ? 'Obligatorio: marca al menos un lugar'
            : 'Required: tick at least one place',
        )
        expect(html).toContain(
          lang === 'es'
            ? '¿Tu historia habla de alguno de estos temas? (opcional)'
            : 'Does your story tell of any of these? (optional)',
        )
        expect(html.match(/name="contentNotes"/g)).toHaveLength(8)
        expect(html).toContain(lang === 'es' ? 'Separación familiar' : 'Family separation')
      }
      // The management page and the pages that say a link opens nothing have it too.
      const { token } = (await submit()).body
      for (const path of [`/my-story/${token}`, '/my-story/nothing-here']) {
        const { html } = await page(path)
        expect(html, path).toContain('id="quick-exit"')
      }
    })

    it('stores the content notes the storyteller ticked, and they reach the public API in both languages', async () => {
      const answer = await submit({ contentNotes: ['deportation', 'detention'] })
      expect(answer.status, answer.text).toBe(201)
      const { story, token } = answer.body
      const saved = await payload().findByID({
        collection: 'stories',
        id: story.id,
        depth: 0,
        overrideAccess: true,
      })
      expect(saved.contentNotes).toEqual(['detention', 'deportation'])
      const mineNow = await (await mine(token)).json()
      expect(mineNow.contentNotes).toEqual([
        { code: 'detention', label: 'Detención' },
        { code: 'deportation', label: 'Deportación' },
      ])
      await publish(story.id)
      const es = await app.api.get(`/api/public/stories/${story.id}?lang=es`)
      expect(es.body.contentNotes).toEqual([
        { code: 'detention', label: 'Detención' },
        { code: 'deportation', label: 'Deportación' },
      ])
      const en = await app.api.get(`/api/public/stories/${story.id}?lang=en`)
      expect(en.body.contentNotes).toEqual([
        { code: 'detention', label: 'Detention' },
        { code: 'deportation', label: 'Deportation' },
      ])
      // Without any ticked, there are none.
      const plain = (await submit()).body
      expect((await (await mine(plain.token)).json()).contentNotes).toEqual([])
    })

    it('refuses a content note that is not on the list, naming the field, and saves nothing', async () => {
      const before = await count('stories')
      const answer = await submit({ contentNotes: ['detention', 'gore'] })
      expect(answer.status).toBe(400)
      expect(answer.body.error.fields.contentNotes).toBe('Elige solo de la lista.')
      expect(await count('stories')).toBe(before)
      const asHtml = await submitStory(
        app.server,
        { ...A_STORY, contentNotes: ['gore', 'death'] },
        { headers: { accept: 'text/html' } },
      )
      expect(asHtml.status).toBe(400)
      expect(asHtml.text).toContain('<a href="#contentNotes">Elige solo de la lista.</a>')
      // What was ticked stays ticked.
      expect(asHtml.text).toMatch(
        /<input id="note-death" type="checkbox" name="contentNotes" checked="" value="death"\/>/,
      )
    })

    it('tells the storyteller when their contacts are deleted: the rule before, the date after publication, and an editor’s hold without its reason', async () => {
      const { token, story } = (await submit({ contactEmail: 'luz@example.org' })).body
      const before = await (await mine(token)).json()
      expect(before.retention).toEqual({ days: 180, held: true, deleteOn: null, keptUntil: null })
      expect((await page(`/my-story/${token}`)).html).toContain(
        'Borramos tus datos de contacto y tu nombre legal 180 días después de que tu historia se publique o se retire.',
      )

      await publish(story.id)
      const { docs: closing } = await payload().find({
        collection: 'audit-log',
        where: {
          subject: { equals: `stories/${story.id}` },
          action: { equals: 'status-changed' },
          to: { equals: 'published' },
        },
        overrideAccess: true,
      })
      const due = new Date(new Date(closing[0].at).getTime() + 180 * 24 * 3600 * 1000)
      const after = await (await mine(token)).json()
      expect(after.retention).toEqual({
        days: 180,
        held: true,
        deleteOn: due.toISOString(),
        keptUntil: null,
      })
      const dueEs = due.toLocaleDateString('es', {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        timeZone: 'UTC',
      })
      expect((await page(`/my-story/${token}`)).html).toContain(
        `Borraremos tus datos de contacto y tu nombre legal el ${dueEs}.`,
      )
      const dueEn = due.toLocaleDateString('en', {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        timeZone: 'UTC',
      })
      expect((await page(`/my-story/${token}?lang=en`)).html).toContain(
        `We will delete your contact details and legal name on ${dueEn}.`,
      )

      // An editor keeps them longer: the page gives the hold's end as the date, never the reason.
      const until = new Date(due.getTime() + 90 * 24 * 3600 * 1000).toISOString()
      expectStatus(
        await app.api.patch(
          `/api/stories/${story.id}?locale=es`,
          { contactRetention: { until, reason: 'Caso abierto con la abogada Ruiz' } },
          { token: app.people.editor.token },
        ),
        200,
      )
      const held = await (await mine(token)).json()
      expect(held.retention).toEqual({ days: 180, held: true, deleteOn: until, keptUntil: until })
      const heldPage = (await page(`/my-story/${token}`)).html
      const untilEs = new Date(until).toLocaleDateString('es', {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        timeZone: 'UTC',
      })
      expect(heldPage).toContain(
        `Borraremos tus datos de contacto y tu nombre legal el ${untilEs}.`,
      )
      expect(heldPage).toContain(`decidió guardarlos hasta el ${untilEs}`)
      expect(heldPage).not.toContain('Ruiz')
      expect(JSON.stringify(held)).not.toContain('Ruiz')

      // Without contacts, there is nothing to delete and the page says so.
      const bare = (await submit()).body.token
      expect((await (await mine(bare)).json()).retention.held).toBe(false)
      expect((await page(`/my-story/${bare}`)).html).toContain(
        'No guardamos datos de contacto ni tu nombre legal.',
      )
    })

    it('renders support contacts in the storyteller’s language, and has none while no resource is published', async () => {
      expect(supportContactsFor('es')).toEqual([])
      const { token } = (await submit()).body
      expect((await page(`/my-story/${token}?new=1`)).html).not.toContain('support-heading')

      const html = renderToStaticMarkup(
        SupportContacts({
          lang: 'es',
          contacts: [
            {
              kind: 'mental-health',
              name: 'Línea Calma',
              phone: '+1 (800) 555-0100',
              url: null,
              note: 'Todos los días, 24 horas',
            },
            {
              kind: 'legal-aid',
              name: 'Abogados del Barrio',
              phone: null,
              url: 'https://legal.example.org/ayuda',
              note: null,
            },
          ],
        }),
      )
      expect(html).toContain('<h2 id="support-heading">Si necesitas apoyo</h2>')
      expect(html).toContain('Línea Calma</strong> (Apoyo emocional)')
      expect(html).toContain('<a href="tel:+18005550100">+1 (800) 555-0100</a>')
      expect(html).toContain('Abogados del Barrio</strong> (Ayuda legal)')
      expect(html).toContain(
        '<a href="https://legal.example.org/ayuda" rel="noreferrer">legal.example.org</a>',
      )
      expect(renderToStaticMarkup(SupportContacts({ lang: 'en', contacts: [] }) ?? '')).toBe('')
    })
  })
})
