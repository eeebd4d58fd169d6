import fs from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { PROJECT_ROOT } from '../helpers/processes'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { publishedStory } from '../helpers/stories'

const tag = Math.random().toString(36).slice(2, 8)
const CANARY = {
  storyName: `Canary Storyname ${tag}`,
  storyEmail: `canary.story.${tag}@example.org`,
  storyPhone: `+1 213 555 01${tag.replace(/\D/g, '').padEnd(2, '7').slice(0, 2)}`,
  artName: `Canary Artistname ${tag}`,
  artEmail: `canary.art.${tag}@example.org`,
  artPhone: `+52 55 5555 0${tag.replace(/\D/g, '').padEnd(3, '3').slice(0, 3)}`,
  guardian: `Canary Guardian ${tag}`,
  witness: `Canary Witness ${tag}`,
  interpreter: `Canary Interpreter ${tag}`,
  evidence: `Canary evidence: paper form in cabinet ${tag}`,
}

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
}

describeEachDatabase('names and contacts encrypted at rest', (database) => {
  const app = useTestApp(database, {
    editor: 'editor',
    teller: 'storyteller',
    artist: 'artist',
    partner: 'partner',
    other: 'storyteller',
  })
  const ids = { story: '', artwork: '', record: '' }

  it('stores no canary anywhere on disk while staff and owners still read the plain values', async () => {
    const { api, people } = app
    ids.story = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'partners'],
      extra: {
        legalName: CANARY.storyName,
        contactEmail: CANARY.storyEmail,
        contactPhone: CANARY.storyPhone,
      },
    })
    ids.artwork = expectStatus(
      await api.post(
        '/api/artworks',
        {
          title: 'Monarcas',
          licence: 'cc-by',
          legalName: CANARY.artName,
          contactEmail: CANARY.artEmail,
          contactPhone: CANARY.artPhone,
        },
        { token: people.artist.token },
      ),
      201,
    ).body.doc.id
    const record = expectStatus(
      await api.post(
        '/api/consent-records',
        {
          subject: { relationTo: 'stories', value: ids.story },
          action: 'grant',
          scopes: ['gallery', 'partners'],
          consentText: app.textId,
          method: 'guardian',
          guardianName: CANARY.guardian,
          witness: CANARY.witness,
          interpreter: CANARY.interpreter,
          evidence: CANARY.evidence,
        },
        { token: people.editor.token },
      ),
      201,
    )
    ids.record = record.body.doc.id
    expect(record.body.doc.guardianName).toBe(CANARY.guardian)

    // Staff and the owner read plain values.
    const staffStory = expectStatus(
      await api.get(`/api/stories/${ids.story}`, { token: people.editor.token }),
      200,
    ).body
    expect([staffStory.legalName, staffStory.contactEmail, staffStory.contactPhone]).toEqual([
      CANARY.storyName,
      CANARY.storyEmail,
      CANARY.storyPhone,
    ])
    const ownStory = expectStatus(
      await api.get(`/api/stories/${ids.story}`, { token: people.teller.token }),
      200,
    ).body
    expect([ownStory.legalName, ownStory.contactEmail, ownStory.contactPhone]).toEqual([
      CANARY.storyName,
      CANARY.storyEmail,
      CANARY.storyPhone,
    ])
    const ownArt = expectStatus(
      await api.get(`/api/artworks/${ids.artwork}`, { token: people.artist.token }),
      200,
    ).body
    expect([ownArt.legalName, ownArt.contactEmail, ownArt.contactPhone]).toEqual([
      CANARY.artName,
      CANARY.artEmail,
      CANARY.artPhone,
    ])
    const staffRecord = expectStatus(
      await api.get(`/api/consent-records/${ids.record}`, { token: people.editor.token }),
      200,
    ).body
    expect([
      staffRecord.guardianName,
      staffRecord.witness,
      staffRecord.interpreter,
      staffRecord.evidence,
    ]).toEqual([CANARY.guardian, CANARY.witness, CANARY.interpreter, CANARY.evidence])
    const graphql = await api.post(
      '/api/graphql',
      { query: `{ Story(id: "${ids.story}") { legalName contactEmail } }` },
      { token: people.editor.token },
    )
    expect(graphql.body.data.Story).toEqual({
      legalName: CANARY.storyName,
      contactEmail: CANARY.storyEmail,
    })
    expect(staffStory).not.toHaveProperty('sealId')

    // Anonymous visitors, partners and other storytellers never.
    const outsiders = [undefined, people.partner.token, people.other.token]
    const seen: unknown[] = []
    for (const token of outsiders) {
      seen.push(
        (await api.get(`/api/stories/${ids.story}`, { token })).body,
        (await api.get(`/api/artworks/${ids.artwork}`, { token })).body,
      )
      seen.push(
        (await api.get(`/api/consent-records/${ids.record}`, { token })).body,
        (await api.get('/api/public/gallery')).body,
      )
    }
    const outside = JSON.stringify(seen)
    for (const canary of Object.values(CANARY)) expect(outside).not.toContain(canary)

    // Nothing plain on disk: the database file (and its -wal/-shm), media/, and the project's data/.
    if (database === 'sqlite') {
      const files = [
        ...(await filesUnder(app.instance.dir)),
        ...(await filesUnder(path.join(PROJECT_ROOT, 'data'))),
        ...(await filesUnder(path.join(PROJECT_ROOT, 'media'))),
      ]
      expect(files.some((file) => file.endsWith('relato.db'))).toBe(true)
      for (const file of files) {
        const bytes = await fs.readFile(file)
        for (const [name, canary] of Object.entries(CANARY)) {
          for (const encoding of ['utf8', 'utf16le'] as const)
            expect(bytes.includes(Buffer.from(canary, encoding)), `${name} in ${file}`).toBe(false)
        }
      }
    } else {
      // MongoDB keeps its files on another machine: the stored documents are what we can read.
      const raw = JSON.stringify(
        await Promise.all(
          ['stories', 'artworks', 'consent-records', 'audit-log'].map((collection) =>
            app.instance.payload.db.find({ collection, limit: 0 } as never),
          ),
        ),
      )
      for (const canary of Object.values(CANARY)) expect(raw).not.toContain(canary)
    }
  })

  it('lets staff find an item by exact contact email or phone, and refuses every other query on sealed fields', async () => {
    const { api, people } = app
    const byEmail = expectStatus(
      await api.get(
        `/api/stories?where[contactEmail][equals]=${encodeURIComponent(` ${CANARY.storyEmail.toUpperCase()} `)}`,
        { token: people.editor.token },
      ),
      200,
    )
    expect(byEmail.body.docs.map((doc: { id: string }) => doc.id)).toEqual([ids.story])
    const phone = CANARY.artPhone.replace(/ /g, '-')
    const byPhone = expectStatus(
      await api.get(`/api/artworks?where[contactPhone][equals]=${encodeURIComponent(phone)}`, {
        token: people.editor.token,
      }),
      200,
    )
    expect(byPhone.body.docs.map((doc: { id: string }) => doc.id)).toEqual([ids.artwork])
    const graphql = await api.post(
      '/api/graphql',
      {
        query: `{ Stories(where: { contactEmail: { equals: "${CANARY.storyEmail}" } }) { docs { id } } }`,
      },
      { token: people.editor.token },
    )
    expect(graphql.body.data.Stories.docs).toEqual([{ id: ids.story }])
    const none = expectStatus(
      await api.get(`/api/stories?where[contactEmail][equals]=nobody@example.org`, {
        token: people.editor.token,
      }),
      200,
    )
    expect(none.body.docs).toEqual([])

    const refused = [
      ['editor', `/api/stories?where[legalName][equals]=${encodeURIComponent(CANARY.storyName)}`],
      ['editor', `/api/stories?where[contactEmail][like]=canary`],
      ['editor', `/api/stories?sort=contactEmail`],
      [
        'editor',
        `/api/consent-records?where[guardianName][equals]=${encodeURIComponent(CANARY.guardian)}`,
      ],
      ['editor', `/api/consent-records?where[witness][exists]=true`],
      [
        'teller',
        `/api/stories?where[contactEmail][equals]=${encodeURIComponent(CANARY.storyEmail)}`,
      ],
      ['teller', `/api/stories?where[contactEmailIndex][exists]=true`],
    ] as const
    for (const [who, url] of refused)
      expect((await api.get(url, { token: people[who].token })).status, `${who} ${url}`).toBe(400)
  })

  it('reports a value that cannot be decrypted instead of showing it', async () => {
    const { api, people, instance } = app
    const other = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Another', language: 'en', contactEmail: 'another@example.org' },
        { token: people.teller.token },
      ),
      201,
    ).body.doc.id
    // A sealed value moved into another document (a tampered backup, say) does not open there.
    const [source] = (
      await instance.payload.db.find({
        collection: 'stories',
        where: { id: { equals: ids.story } },
        limit: 1,
      } as never)
    ).docs as unknown as { contactEmail: string }[]
    expect(source.contactEmail.startsWith('rk1:')).toBe(true)
    await instance.payload.db.updateOne({
      collection: 'stories',
      id: other,
      data: { contactEmail: source.contactEmail },
    } as never)
    const doc = expectStatus(
      await api.get(`/api/stories/${other}`, { token: people.editor.token }),
      200,
    ).body
    expect(doc.contactEmail).toBeNull()
    expect(doc.unreadableFields).toEqual(['contactEmail'])
    expect(JSON.stringify(doc)).not.toContain('rk1:')
    // Nobody else learns that the item holds a sealed field at all.
    for (const token of [undefined, people.teller?.token, people.partner?.token]) {
      const seen = await api.get(`/api/stories/${other}`, token ? { token } : {})
      expect(JSON.stringify(seen.body)).not.toContain('unreadableFields')
    }
  })

  it('refuses an invalid value with the field’s own message and stores nothing', async () => {
    const res = await app.api.post(
      '/api/stories',
      { title: 'Bad', language: 'en', contactEmail: 'not an email' },
      { token: app.people.teller.token },
    )
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toMatch(/email/i)
    const long = await app.api.post(
      '/api/stories',
      { title: 'Bad', language: 'en', legalName: 'x'.repeat(201) },
      { token: app.people.teller.token },
    )
    expect(long.status).toBe(400)
  })
})

describe('sealed values, more', () => {
  it('keeps the canary list unique to this run', () => {
    expect(new Set(Object.values(CANARY)).size).toBe(Object.keys(CANARY).length)
  })
})
