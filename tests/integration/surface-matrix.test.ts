import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { formatNames } from 'payload'
import { beforeAll, expect, it } from 'vitest'

import { QUERY_POLICY } from '../../src/policy/queries'
import type { ApiResponse } from '../helpers/api'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus, PASSWORD } from '../helpers/fixtures'
import { pattern } from '../helpers/images'
import { Canaries, graphqlOutcome, matches, type Outcome } from '../helpers/matrix'
import { upload } from '../helpers/media'
import { toneWav, uploadRecording } from '../helpers/audio'
import { A_STORY, submitStory } from '../helpers/selfService'
import { publishedStory, withdrawConsent } from '../helpers/stories'
import {
  COLLECTIONS,
  GLOBALS,
  NOT_SERVED,
  OPERATIONS,
  OTHER_ENDPOINTS,
  PUBLIC_QUERYABLE,
  type Role,
  ROLES,
} from './surface-matrix.table'

// The surface matrix (issue 11): every collection and global of the running config × every
// operation Payload serves over REST and GraphQL × every role, with the answer each role must
// get, and a search of every body for canaries planted in private fields. The expectations are
// in surface-matrix.table.ts; anything the config has that the table does not name fails.
// Size (printed by the last test; 3,616 cells on SQLite): 15 served collections × 14 REST
// operations × 7 roles (1,470), plus auth, custom and global endpoints × 7 roles, plus filters
// and sorts on every field of the 4 public collections × 3 forms × 5 non-staff roles, plus every
// GraphQL query (and every refused mutation) × 7 roles.

const STAFF: Role[] = ['editor', 'admin']
const OWNER_SIDE: Role[] = ['owner', ...STAFF]

type Cell = { name: string; role: Role; outcome: Outcome; status: number; text: string }

describeEachDatabase('surface matrix', (database) => {
  // The first account made on an empty database becomes its admin (firstUserIsAdmin).
  const app = useTestApp(database, {
    admin: 'admin',
    owner: 'storyteller',
    other: 'storyteller',
    artist: 'artist',
    partner: 'partner',
    editor: 'editor',
    editor2: 'editor',
  })
  const canaries = new Canaries()
  const cells: Cell[] = []
  const target: Record<string, string> = {}
  let partnerKey = ''
  let campaignId = ''
  let mediaFilename = ''
  let recordingFiles: string[] = []
  let namedStory = ''
  let unnamedStory = ''

  const headersFor = (role: Role): Record<string, string> => {
    if (role === 'anonymous') return {}
    if (role === 'partner') return { authorization: `users API-Key ${partnerKey}` }
    return { authorization: `JWT ${app.people[role].token}` }
  }

  /** One cell: a request as `role`, its expected outcome, the body kept for the canary search. */
  async function cell(
    name: string,
    role: Role,
    outcome: Outcome,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResponse> {
    const res = await app.api.call(method, path, { body, headers: headersFor(role) })
    // A 404 names the path asked for: that is the caller's own text, not a leak.
    cells.push({
      name,
      role,
      outcome,
      status: res.status,
      text: JSON.stringify(res.body).split(path.split('?')[0]).join('<path>'),
    })
    return res
  }

  const marker = (kind: string, slug: string, role: Role) => `${kind}-${slug}-${role}`

  /** A valid new document of each collection, carrying `mark` in a text field. */
  const createBody = (slug: string, mark: string, role: Role): unknown => {
    const bodies: Record<string, unknown> = {
      stories: { title: mark, language: 'en' },
      artworks: { title: mark },
      campaigns: { slug: mark.toLowerCase().replace(/[^a-z0-9]+/g, '-'), title: mark },
      'consent-records': {
        subject: { relationTo: 'stories', value: target.stories },
        action: 'grant',
        scopes: ['gallery'],
        consentText: app.textId,
        witness: mark,
      },
      'consent-texts': { version: mark.slice(0, 40), body: mark },
      users: {
        email: `${mark.toLowerCase()}@example.org`,
        password: PASSWORD,
        role: 'storyteller',
      },
      partners: { organisation: mark },
      'audit-log': { at: new Date().toISOString(), action: mark, subject: mark },
      'consent-tombstones': {
        subject: mark,
        erasedAt: new Date().toISOString(),
        erasedBy: 'staff',
      },
      'kit-assets': kitAsset(mark),
      // Naming someone as the lock's holder, as Payload's own lock form does (the admin's id: Relato ignores it).
      'payload-locked-documents': {
        document: { relationTo: 'campaigns', value: campaignId },
        globalSlug: role === 'admin' ? undefined : mark,
        user: { relationTo: 'users', value: app.people.admin.id },
      },
      'payload-preferences': { key: mark, value: {} },
      'payload-jobs': { input: {}, taskSlug: 'buildKit', queue: mark },
      'payload-kv': { key: mark, data: {} },
      'public-changes': { keys: [mark], origin: mark },
      resources: {
        kind: 'hotline',
        title: mark,
        nextReviewAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    }
    return bodies[slug]
  }

  const kitAsset = (mark: string) => ({
    key: mark,
    campaign: campaignId,
    subject: 'stories/none',
    card: 'quote',
    format: 'x',
    lang: 'en',
    hash: 'h',
    filename: 'f.png',
    mimeType: 'image/png',
    bytes: 1,
    crc32: 1,
    width: 1,
    height: 1,
    alt: mark,
  })

  /** The text field each collection's refused writes try to change. */
  const TAMPER_FIELD: Record<string, string> = {
    stories: 'title',
    artworks: 'title',
    campaigns: 'title',
    'consent-records': 'witness',
    'consent-texts': 'body',
    media: 'alt',
    recordings: 'opusFilename',
    users: 'displayName',
    partners: 'organisation',
    'audit-log': 'action',
    'consent-tombstones': 'subject',
    'kit-assets': 'alt',
    'payload-locked-documents': 'globalSlug',
    'payload-preferences': 'key',
    'payload-jobs': 'queue',
    'payload-kv': 'key',
    'public-changes': 'origin',
    resources: 'title',
  }

  /** A document made by the system for an allowed delete, so that the seeded one stays. */
  async function throwaway(slug: string): Promise<string> {
    const { payload } = app.instance
    if (slug === 'media') {
      const res = await upload(
        app.server,
        app.people.editor.token,
        await pattern(32, 32),
        'throwaway.png',
        { alt: 'throwaway' },
        'image/png',
      )
      return String(res.body.doc.id)
    }
    if (slug === 'recordings') {
      const res = await uploadRecording(app.server, app.people.editor.token, toneWav(), 't.wav')
      return String(res.body.doc.id)
    }
    if (slug === 'payload-locked-documents') {
      return String(
        (
          await payload.create({
            collection: slug,
            data: {
              document: { relationTo: 'campaigns', value: campaignId },
              user: { relationTo: 'users', value: app.people.editor.id },
            },
          })
        ).id,
      )
    }
    if (slug === 'payload-preferences') {
      const owner = await payload.findByID({ collection: 'users', id: app.people.owner.id })
      return String(
        (
          await payload.create({
            collection: slug,
            data: {
              key: `throwaway-${Math.random()}`,
              value: {},
              user: { relationTo: 'users', value: owner.id },
            },
            user: { ...owner, collection: 'users' },
          })
        ).id,
      )
    }
    const data = createBody(
      slug,
      `throwaway-${Math.random().toString(36).slice(2)}`,
      'admin',
    ) as Record<string, unknown>
    return String(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one factory for every collection's shape
      (await payload.create({ collection: slug as any, data: data as any, locale: 'en' })).id,
    )
  }

  async function seed(): Promise<void> {
    const { api, people, instance } = app
    const { payload } = instance
    partnerKey = `partner-key-${'p'.repeat(24)}`
    await payload.update({
      collection: 'users',
      id: people.partner.id,
      data: { enableAPIKey: true, apiKey: partnerKey },
    })
    canaries.add(partnerKey, 'partner api key', ['partner', 'admin'])
    canaries.add(people.owner.email, 'owner email', ['owner', 'admin'])
    canaries.add(people.owner.id, 'owner id', OWNER_SIDE)
    const token = people.owner.token

    // The owner's image, on a story without `photo`: private.
    const alt = canaries.make('media-alt', OWNER_SIDE)
    const image = expectStatus(
      (await upload(
        app.server,
        token,
        await pattern(48, 48),
        'CANARY-upload-name.png',
        { alt },
        'image/png',
      )) as ApiResponse,
      201,
    )
    target.media = String(image.body.doc.id)
    mediaFilename = image.body.doc.filename
    canaries.add(target.media, 'media id', OWNER_SIDE)
    canaries.add(mediaFilename, 'media filename', OWNER_SIDE)

    // The owner's recording, on no public item: private.
    const recording = expectStatus(
      (await uploadRecording(app.server, token, toneWav(), 'CANARY-voice.wav')) as ApiResponse,
      201,
    ).body.doc
    target.recordings = String(recording.id)
    recordingFiles = [recording.filename, recording.opusFilename]
    canaries.add(target.recordings, 'recording id', OWNER_SIDE)
    for (const name of recordingFiles) canaries.add(name, 'recording filename', OWNER_SIDE)

    const publicId = await publishedStory(app, {
      author: 'owner',
      editor: 'editor',
      scopes: ['gallery', 'partners'],
      images: [target.media],
      extra: {
        legalName: canaries.make('legal-name', OWNER_SIDE),
        contactEmail: canaries.make('contact-email', OWNER_SIDE).toLowerCase() + '@example.org',
        contactPhone: canaries.make('phone', OWNER_SIDE),
        displayName: canaries.make('display-name-unnamed', OWNER_SIDE),
        pseudonym: 'Public pseudonym',
      },
    })
    unnamedStory = publicId
    namedStory = await publishedStory(app, {
      author: 'other',
      editor: 'editor',
      scopes: ['gallery', 'partners', 'named', 'photo'],
      extra: { displayName: 'A public name' },
    })
    // The email canary as stored (lower case, with its domain).
    const stored = await payload.findByID({ collection: 'stories', id: publicId, depth: 0 })
    canaries.add(stored.contactEmail!, 'contact email', OWNER_SIDE)
    expectStatus(
      await api.patch(
        `/api/stories/${publicId}`,
        { reviewNotes: canaries.make('review-notes', STAFF) },
        { token: people.editor.token },
      ),
      200,
    )
    const record = expectStatus(
      await api.post(
        '/api/consent-records',
        {
          subject: { relationTo: 'stories', value: publicId },
          action: 'grant',
          scopes: ['gallery', 'partners'],
          consentText: app.textId,
          method: 'guardian',
          guardianName: canaries.make('guardian', OWNER_SIDE),
          witness: canaries.make('witness', OWNER_SIDE),
          interpreter: canaries.make('interpreter', OWNER_SIDE),
          evidence: canaries.make('evidence', OWNER_SIDE),
        },
        { token: people.editor.token },
      ),
      201,
    )
    target['consent-records'] = String(record.body.doc.id)
    // Everyone else in the public story (issue 15): staff and the owner only. Not public
    // content, so an editor may set it on a published story.
    expectStatus(
      await api.patch(
        `/api/stories/${publicId}`,
        {
          people: [
            {
              role: canaries.make('person-role', OWNER_SIDE),
              note: canaries.make('person-note', OWNER_SIDE),
              status: 'obscured',
            },
          ],
        },
        { token: people.editor.token },
      ),
      200,
    )

    // The owner's draft, and a story published then withdrawn.
    const hidden = expectStatus(
      await api.post(
        '/api/stories',
        {
          title: canaries.make('hidden-title', OWNER_SIDE),
          language: 'en',
          legalName: canaries.make('hidden-legal', OWNER_SIDE),
        },
        { token },
      ),
      201,
    )
    target.stories = canaries.add(String(hidden.body.doc.id), 'hidden story id', OWNER_SIDE)
    const withdrawn = await publishedStory(app, {
      author: 'owner',
      editor: 'editor',
      scopes: ['gallery', 'partners'],
      extra: { title: canaries.make('withdrawn-title', OWNER_SIDE) },
    })
    await withdrawConsent(app, 'stories', withdrawn, 'owner')

    // A story `other` wrote, with a guardian on record, then given to `owner` by an admin: the
    // consent record's private fields follow the current owner.
    const moved = expectStatus(
      await api.post(
        '/api/stories',
        { title: canaries.make('moved-title', OWNER_SIDE), language: 'en' },
        { token: people.other.token },
      ),
      201,
    )
    expectStatus(
      await api.post(
        '/api/consent-records',
        {
          subject: { relationTo: 'stories', value: moved.body.doc.id },
          action: 'grant',
          scopes: ['gallery'],
          consentText: app.textId,
          method: 'guardian',
          guardianName: canaries.make('moved-guardian', OWNER_SIDE),
        },
        { token: people.other.token },
      ),
      201,
    )
    expectStatus(
      await api.patch(
        `/api/stories/${moved.body.doc.id}`,
        { owner: people.owner.id },
        { token: people.admin.token },
      ),
      200,
    )

    // A storyteller without an account: the management token's hash is for no one.
    const submitted = await submitStory(app.server, {
      ...A_STORY,
      contactEmail: 'selfservice-canary@example.org',
    })
    expect(submitted.status).toBe(201)
    canaries.add('selfservice-canary@example.org', 'self-service email', STAFF)
    canaries.add(
      createHash('sha256').update(submitted.body.token).digest('hex'),
      'management token hash',
      [],
    )

    const artwork = expectStatus(
      await api.post(
        '/api/artworks',
        {
          title: canaries.make('artwork-title', ['artist', ...STAFF]),
          creditLine: canaries.make('credit', ['artist', ...STAFF]),
        },
        { token: people.artist.token },
      ),
      201,
    )
    target.artworks = String(artwork.body.doc.id)

    const campaign = expectStatus(
      await api.post(
        '/api/campaigns',
        { slug: 'matrix-draft', title: canaries.make('draft-campaign', STAFF) },
        { token: people.editor.token },
      ),
      201,
    )
    target.campaigns = canaries.add(String(campaign.body.doc.id), 'draft campaign id', STAFF)
    // Locks and kit assets hang on a campaign of their own: saving a campaign drops both.
    const quiet = expectStatus(
      await api.post(
        '/api/campaigns',
        { slug: 'matrix-quiet', title: 'Quiet' },
        { token: people.editor.token },
      ),
      201,
    )
    campaignId = canaries.add(String(quiet.body.doc.id), 'quiet campaign id', STAFF)
    const text = expectStatus(
      await api.post(
        '/api/consent-texts',
        {
          version: 'matrix-draft',
          body: canaries.make('draft-consent-text', STAFF),
          active: false,
        },
        { token: people.editor.token },
      ),
      201,
    )
    target['consent-texts'] = String(text.body.doc.id)
    // A draft resource: staff only (the public reads resources through /api/public/resources).
    const resource = expectStatus(
      await api.post(
        '/api/resources',
        {
          kind: 'hotline',
          title: canaries.make('resource-title', STAFF),
          nextReviewAt: new Date(Date.now() + 86_400_000).toISOString(),
          reviewedBy: canaries.make('resource-reviewer', STAFF),
        },
        { token: people.editor.token },
      ),
      201,
    )
    target.resources = String(resource.body.doc.id)

    const partner = expectStatus(
      await api.post(
        '/api/partners',
        { organisation: canaries.make('partner-org', STAFF) },
        { token: people.admin.token },
      ),
      201,
    )
    target.partners = String(partner.body.doc.id)
    const withHash = await payload.findByID({
      collection: 'partners',
      id: target.partners,
      showHiddenFields: true,
    })
    canaries.add(String(withHash.apiKeyHash), 'partner key hash', [])

    target['audit-log'] = String(
      (
        await payload.create({
          collection: 'audit-log',
          data: {
            at: new Date().toISOString(),
            action: 'matrix',
            subject: canaries.make('audit-subject', ['admin']),
          },
        })
      ).id,
    )
    target['consent-tombstones'] = String(
      (
        await payload.create({
          collection: 'consent-tombstones',
          data: {
            subject: canaries.make('tombstone', ['admin']),
            erasedAt: new Date().toISOString(),
            erasedBy: 'staff',
          },
        })
      ).id,
    )
    target['kit-assets'] = String(
      (
        await payload.create({
          collection: 'kit-assets',
          data: kitAsset(canaries.make('kit-alt', STAFF)) as never,
        })
      ).id,
    )
    target['public-changes'] = String(
      (
        await payload.create({
          collection: 'public-changes',
          data: { keys: [canaries.make('change-key', [])], origin: 'matrix' },
        })
      ).id,
    )
    target.users = people.owner.id

    expectStatus(
      await api.post(
        '/api/payload-preferences/matrix-pref',
        { value: { note: canaries.make('preference', ['owner']) } },
        { token },
      ),
      200,
    )
    const pref = await payload.find({
      collection: 'payload-preferences',
      where: { key: { equals: 'matrix-pref' } },
    })
    target['payload-preferences'] = String(pref.docs[0].id)
    const lock = expectStatus(
      await api.post(
        '/api/payload-locked-documents',
        {
          document: { relationTo: 'campaigns', value: campaignId },
          user: { relationTo: 'users', value: people.editor.id },
        },
        { token: people.editor.token },
      ),
      201,
    )
    target['payload-locked-documents'] = String(lock.body.doc.id)
    // Nothing to seed (no one may read them): an id of the database's shape that matches nothing.
    target['payload-jobs'] = target['payload-kv'] =
      database === 'mongodb' ? '0'.repeat(24) : '00000000-0000-4000-8000-000000000000'
  }

  beforeAll(seed)

  it('names every collection, field, global and endpoint of the config (default deny)', () => {
    const { config } = app.instance
    expect(config.collections.map((c) => c.slug).sort()).toEqual(Object.keys(COLLECTIONS).sort())
    expect(Object.keys(QUERY_POLICY).sort()).toEqual(Object.keys(COLLECTIONS).sort())
    for (const collection of config.collections) {
      expect(collection.flattenedFields.map((f) => f.name).sort(), collection.slug).toEqual(
        [...COLLECTIONS[collection.slug].fields].sort(),
      )
      if (collection.endpoints === false) {
        expect(NOT_SERVED, collection.slug).toContain(collection.slug)
        continue
      }
      for (const endpoint of collection.endpoints) {
        const key = `${endpoint.method.toUpperCase()} ${endpoint.path}`
        if (!(OPERATIONS as readonly string[]).includes(key))
          expect(OTHER_ENDPOINTS, `${collection.slug} ${key}`).toHaveProperty([
            `${collection.slug} ${key}`,
          ])
      }
    }
    expect(config.globals.map((g) => g.slug).sort()).toEqual(Object.keys(GLOBALS).sort())
    for (const global of config.globals) {
      expect(global.flattenedFields.map((f) => f.name).sort()).toEqual(
        [...GLOBALS[global.slug].fields].sort(),
      )
      for (const endpoint of global.endpoints || [])
        expect(OTHER_ENDPOINTS).toHaveProperty([
          `${global.slug} ${endpoint.method.toUpperCase()} ${endpoint.path}`,
        ])
    }
    for (const endpoint of config.endpoints)
      expect(OTHER_ENDPOINTS).toHaveProperty([
        `root ${endpoint.method.toUpperCase()} ${endpoint.path}`,
      ])
  })

  it('answers every REST operation of every collection as the table says, for every role', async () => {
    await Promise.all(
      Object.entries(COLLECTIONS).map(async ([slug, rule]) => {
        if (NOT_SERVED.includes(slug)) return
        const base = `/api/${slug}`
        const id = target[slug]
        const may = (list: Role[], role: Role) => list.includes(role)
        // Payload answers GET/DELETE /payload-preferences/<anything> with its by-key handlers, and
        // its delete-by-key fails with a 500 on SQLite (a query on `user.value`): leaks only.
        const prefs = slug === 'payload-preferences'
        const byKey = (outcome: Outcome): Outcome => (prefs ? 'noop' : outcome)
        const deleteOutcome = (outcome: Outcome): Outcome => (prefs ? 'payload-bug' : outcome)
        await Promise.all(
          ROLES.map(async (role) => {
            const at = (op: string) => `${slug} ${op}`
            await cell(
              at('find'),
              role,
              may(rule.list, role) ? 'ok' : 'no',
              'GET',
              `${base}?depth=2&limit=100`,
            )
            await cell(
              at('count'),
              role,
              byKey(may(rule.list, role) ? 'ok' : 'no'),
              'GET',
              `${base}/count`,
            )
            await cell(
              at('findByID'),
              role,
              byKey(may(rule.read, role) ? 'ok' : 'no'),
              'GET',
              `${base}/${id}?depth=2`,
            )
            // What each may do: Payload answers 401/404 for some callers; the canary search is what matters.
            await cell(at('access'), role, 'noop', 'POST', `${base}/access`)
            await cell(at('access/:id'), role, 'noop', 'POST', `${base}/access/${id}`)
            await cell(at('versions'), role, byKey('no'), 'GET', `${base}/versions`)
            await cell(at('versions/:id'), role, byKey('no'), 'GET', `${base}/versions/${id}`)
            await cell(at('restoreVersion'), role, 'no', 'POST', `${base}/versions/${id}`)
            // Turned off everywhere (disableDuplicate), Payload's own collections included.
            await cell(at('duplicate'), role, 'no', 'POST', `${base}/${id}/duplicate`)
            const allowedCreate = may(rule.create, role)
            const createMark = marker(allowedCreate ? 'ALLOWED' : 'REFUSED', slug, role)
            if (slug === 'media') {
              const res = await upload(
                app.server,
                role === 'anonymous' || role === 'partner' ? undefined : app.people[role].token,
                await pattern(16, 16),
                'm.png',
                { alt: createMark },
                'image/png',
              )
              cells.push({
                name: at('create'),
                role,
                outcome: allowedCreate && role !== 'partner' ? 'ok' : 'no',
                status: res.status,
                text: JSON.stringify(res.body),
              })
            } else if (slug === 'recordings') {
              const res = await uploadRecording(
                app.server,
                role === 'anonymous' || role === 'partner' ? undefined : app.people[role].token,
                // Small: a refusal answers before the body is read, and a large unread body resets the
                // connection the next request reuses.
                toneWav(0.05),
                `${createMark}.wav`,
              )
              cells.push({
                name: at('create'),
                role,
                outcome: allowedCreate && role !== 'partner' ? 'ok' : 'no',
                status: res.status,
                text: JSON.stringify(res.body),
              })
            } else
              await cell(
                at('create'),
                role,
                allowedCreate ? 'ok' : 'no',
                'POST',
                base,
                createBody(slug, createMark, role),
              )
            const allowedUpdate = may(rule.update, role)
            const tamper = { [TAMPER_FIELD[slug]]: marker('TAMPERED', slug, role) }
            await cell(
              at('update'),
              role,
              allowedUpdate ? 'ok' : 'no',
              'PATCH',
              `${base}/${id}`,
              allowedUpdate ? {} : tamper,
            )
            await cell(
              at('updateMany'),
              role,
              allowedUpdate && !rule.noBulkUpdate ? 'ok' : 'noop',
              'PATCH',
              `${base}?where[id][equals]=${id}`,
              allowedUpdate ? {} : tamper,
            )
            const allowedDelete = may(rule.delete, role)
            await cell(
              at('delete'),
              role,
              deleteOutcome(allowedDelete ? 'ok' : 'no'),
              'DELETE',
              `${base}/${allowedDelete ? await throwaway(slug) : id}`,
            )
            await cell(
              at('deleteMany'),
              role,
              allowedDelete ? 'ok' : 'noop',
              'DELETE',
              `${base}?where[id][equals]=${allowedDelete ? await throwaway(slug) : id}`,
            )
          }),
        )
      }),
    )
    for (const role of ROLES) {
      const signedIn = role !== 'anonymous'
      await cell('users me', role, 'ok', 'GET', '/api/users/me')
      await cell('users init', role, 'ok', 'GET', '/api/users/init')
      await cell('root access', role, 'ok', 'GET', '/api/access')
      await cell(
        'users refresh',
        role,
        signedIn && role !== 'partner' ? 'ok' : 'no',
        'POST',
        '/api/users/refresh-token',
      )
      await cell('users login (unknown)', role, 'no', 'POST', '/api/users/login', {
        email: 'nobody@example.org',
        password: 'wrong password here',
      })
      await cell('users forgot', role, 'ok', 'POST', '/api/users/forgot-password', {
        email: app.people.owner.email,
      })
      await cell('users reset', role, 'no', 'POST', '/api/users/reset-password', {
        token: 'not-a-token',
        password: PASSWORD,
      })
      await cell('users verify', role, 'no', 'POST', '/api/users/verify/not-a-token')
      await cell(
        'users unlock',
        role,
        role === 'admin' ? 'ok' : 'no',
        'POST',
        '/api/users/unlock',
        { email: app.people.other.email },
      )
      await cell('users first-register', role, 'no', 'POST', '/api/users/first-register', {
        email: `first-${role}@example.org`,
        password: PASSWORD,
      })
      await cell(
        'consent-records receipt',
        role,
        OWNER_SIDE.includes(role) ? 'ok' : 'no',
        'GET',
        `/api/consent-records/${target['consent-records']}/receipt`,
      )
      await cell(
        'stories moves',
        role,
        ['owner', ...STAFF].includes(role) ? 'ok' : 'no',
        'GET',
        `/api/stories/${target.stories}/moves`,
      )
      await cell(
        'artworks moves',
        role,
        ['artist', ...STAFF].includes(role) ? 'ok' : 'no',
        'GET',
        `/api/artworks/${target.artworks}/moves`,
      )
      await cell(
        'partners rotate-key',
        role,
        role === 'admin' ? 'ok' : 'no',
        'POST',
        `/api/partners/${target.partners}/rotate-key`,
      )
      await cell(
        'media file',
        role,
        OWNER_SIDE.includes(role) ? 'ok' : 'no',
        'GET',
        `/api/media/file/${mediaFilename}`,
      )
      // Payload's own file route knows the record's file (M4A) only; /audio/ serves both.
      for (const [route, name] of [
        ['audio', recordingFiles[0]],
        ['audio', recordingFiles[1]],
        ['file', recordingFiles[0]],
      ])
        await cell(
          `recordings ${route}`,
          role,
          OWNER_SIDE.includes(role) ? 'ok' : 'no',
          'GET',
          `/api/recordings/${route}/${name}`,
        )
      await cell(
        'media paste-url',
        role,
        'no',
        'GET',
        `/api/media/paste-url/${target.media}?src=${encodeURIComponent('http://127.0.0.1:9/x.png')}`,
      )
      await cell(
        'payload-jobs run',
        role,
        role === 'admin' ? 'ok' : 'no',
        'GET',
        '/api/payload-jobs/run?queue=matrix-none',
      )
      await cell(
        'payload-jobs handle-schedules',
        role,
        'no',
        'GET',
        '/api/payload-jobs/handle-schedules',
      )
      for (const [slug, rule] of Object.entries(GLOBALS)) {
        await cell(
          `global ${slug} read`,
          role,
          rule.read.includes(role) ? 'ok' : 'no',
          'GET',
          `/api/globals/${slug}`,
        )
        if (!rule.update.includes(role))
          await cell(`global ${slug} update`, role, 'no', 'POST', `/api/globals/${slug}`, {})
      }
      await cell(
        'payload-preferences get',
        role,
        signedIn ? 'ok' : 'noop',
        'GET',
        '/api/payload-preferences/matrix-pref',
      )
      if (role !== 'owner') {
        // Others writing the same key write their own preference, never the owner's.
        await cell(
          'payload-preferences post',
          role,
          signedIn ? 'ok' : 'no',
          'POST',
          '/api/payload-preferences/matrix-pref',
          { value: { mine: marker('OWN', 'pref', role) } },
        )
        await cell(
          'payload-preferences delete',
          role,
          signedIn ? 'ok' : 'no',
          'DELETE',
          '/api/payload-preferences/matrix-pref',
        )
      }
    }
    // Only partners hold API keys, issued by admins: a key a storyteller gives itself is refused
    // and signs no one in.
    const selfKey = `self-issued-${'s'.repeat(24)}`
    await cell(
      'users self-issued api key',
      'owner',
      'no',
      'PATCH',
      `/api/users/${app.people.owner.id}`,
      { enableAPIKey: true, apiKey: selfKey },
    )
    await cell(
      'users self-issued api key (key only)',
      'owner',
      'no',
      'PATCH',
      `/api/users/${app.people.owner.id}`,
      { apiKey: selfKey },
    )
    const asSelfKey = await app.api.get('/api/users/me', {
      headers: { authorization: `users API-Key ${selfKey}` },
    })
    cells.push({
      name: 'users me with a self-issued key',
      role: 'anonymous',
      outcome: 'no',
      status: asSelfKey.body.user ? 200 : 401,
      text: '',
    })
    // What Payload's access endpoint says about a public story's fields must not tell whether
    // its storyteller granted `named` or `photo`. (Asked by people who own neither: `other` owns the named one.)
    for (const role of ['anonymous', 'artist', 'partner'] as const) {
      // The read rule names the time of the request (consent not yet expired): not a fact about the story.
      const access = async (id: string) =>
        JSON.stringify(
          (
            await app.api.post(`/api/stories/access/${id}`, undefined, {
              headers: headersFor(role),
            })
          ).body,
        ).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<now>')
      const [named, unnamed] = [await access(namedStory), await access(unnamedStory)]
      cells.push({
        name: 'stories access/:id tells consent',
        role,
        outcome: 'no',
        status: named === unnamed ? 404 : 200,
        text: named,
      })
    }
    checkCells()
  }, 300_000)

  it('answers every GraphQL query and mutation as the table says, for every role', async () => {
    const from = cells.length
    const introspection = await app.api.post(
      '/api/graphql',
      {
        query:
          '{ __schema { queryType { fields { name args { name } type { kind name ofType { kind name } } } } mutationType { fields { name } } } }',
      },
      { token: app.people.admin.token },
    )
    const queries = introspection.body.data.__schema.queryType.fields as {
      name: string
      type: { kind: string; name: string | null; ofType: { name: string | null } | null }
    }[]
    const mutations = (
      introspection.body.data.__schema.mutationType.fields as { name: string }[]
    ).map((f) => f.name)
    const scalarsOf = async (typeName: string): Promise<string[]> => {
      const res = await app.api.post(
        '/api/graphql',
        {
          query: `{ __type(name: ${JSON.stringify(typeName)}) { fields { name args { name } type { kind ofType { kind ofType { kind } } } } } }`,
        },
        { token: app.people.admin.token },
      )
      const fields = (res.body.data.__type?.fields ?? []) as {
        name: string
        args: unknown[]
        type: { kind: string; ofType: { kind: string; ofType: { kind: string } | null } | null }
      }[]
      const leaf = (t: { kind: string; ofType?: unknown } | null): boolean =>
        !t ||
        ['SCALAR', 'ENUM'].includes(t.kind) ||
        (['NON_NULL', 'LIST'].includes(t.kind) && leaf(t.ofType as never))
      return fields.filter((f) => f.args.length === 0 && leaf(f.type)).map((f) => f.name)
    }

    // Every query and mutation, mapped to the collection or global it serves.
    const entities = [
      ...app.instance.config.collections
        .filter((c) => !NOT_SERVED.includes(c.slug))
        .map((c) => {
          const names = formatNames(c.slug)
          return {
            slug: c.slug,
            singular: names.singular,
            plural: names.singular === names.plural ? `all${names.singular}` : names.plural,
            global: false,
          }
        }),
      ...app.instance.config.globals.map((g) => ({
        slug: g.slug,
        singular: formatNames(g.slug).singular,
        plural: '',
        global: true,
      })),
    ]
    const known = new Map<string, { slug: string; op: string }>()
    for (const e of entities) {
      const ops = e.global
        ? {
            [e.singular]: 'find',
            [`docAccess${e.singular}`]: 'access',
            [`versions${e.singular}`]: 'versions',
            [`version${e.singular}`]: 'version',
            [`update${e.singular}`]: 'update',
            [`restoreVersion${e.singular}`]: 'restore',
          }
        : {
            [e.singular]: 'findByID',
            [e.plural]: 'find',
            [`count${e.plural}`]: 'count',
            [`docAccess${e.singular}`]: 'access',
            [`versions${e.singular}`]: 'versions',
            [`version${e.singular}`]: 'version',
            [`create${e.singular}`]: 'create',
            [`update${e.singular}`]: 'update',
            [`delete${e.singular}`]: 'delete',
            [`duplicate${e.singular}`]: 'duplicate',
            [`restoreVersion${e.singular}`]: 'restore',
            [`me${e.singular}`]: 'me',
            [`initialized${e.singular}`]: 'init',
            [`login${e.singular}`]: 'login',
            [`logout${e.singular}`]: 'logout',
            [`refreshToken${e.singular}`]: 'refresh',
            [`forgotPassword${e.singular}`]: 'forgot',
            [`resetPassword${e.singular}`]: 'reset',
            [`verifyEmail${e.singular}`]: 'verify',
            [`unlock${e.singular}`]: 'unlock',
          }
      for (const [name, op] of Object.entries(ops)) known.set(name, { slug: e.slug, op })
    }
    known.set('Access', { slug: 'root', op: 'access' })
    const unknown = [...queries.map((q) => q.name), ...mutations].filter((name) => !known.has(name))
    expect(unknown, 'GraphQL operations the matrix does not know').toEqual([])
    // No duplicate mutation anywhere; versions exist nowhere.
    expect(
      mutations.filter((name) => ['duplicate', 'restore'].includes(known.get(name)!.op)),
    ).toEqual([])

    const gql = async (name: string, role: Role, outcome: Outcome, query: string) => {
      const res = await app.api.post('/api/graphql', { query }, { headers: headersFor(role) })
      cells.push({
        name: `graphql ${name}`,
        role,
        outcome,
        status: graphqlOutcome(res.status, res.body),
        text: JSON.stringify(res.body),
      })
    }
    for (const q of queries) {
      const { slug, op } = known.get(q.name)!
      const rule = COLLECTIONS[slug]
      const typeName = q.type.name ?? q.type.ofType?.name ?? ''
      let selection = ''
      if (op === 'find') {
        if (GLOBALS[slug]) selection = `{ ${(await scalarsOf(typeName)).join(' ')} }`
        else {
          const docType = `${known.get(q.name) && formatNames(slug).singular}`
          selection = `{ totalDocs docs { ${(await scalarsOf(docType)).join(' ')} } }`
        }
      } else if (op === 'findByID' || op === 'me') {
        const fields =
          op === 'me' ? 'user { id email role }' : (await scalarsOf(typeName)).join(' ')
        selection = `{ ${op === 'me' ? fields : fields} }`
        if (op === 'findByID') selection = `{ ${fields} }`
      } else if (op === 'count') selection = '{ totalDocs }'
      // Payload's doc-access types fail on `permission` (null for where-rules): take the JSON.
      else if (op === 'access' && slug !== 'root') selection = '{ fields }'
      else if (op === 'access') selection = '{ __typename }'
      else if (op === 'init') selection = ''
      else if (op === 'versions' || op === 'version') selection = '{ __typename }'
      const args =
        op === 'findByID' ||
        op === 'version' ||
        (op === 'access' && !GLOBALS[slug] && slug !== 'root')
          ? `(id: ${JSON.stringify(target[slug] ?? 'x')})`
          : op === 'find' && !GLOBALS[slug]
            ? '(limit: 100)'
            : ''
      await Promise.all(
        ROLES.map(async (role) => {
          let outcome: Outcome = 'ok'
          if (GLOBALS[slug])
            outcome = op === 'access' ? 'noop' : GLOBALS[slug].read.includes(role) ? 'ok' : 'no'
          else if (op === 'find' || op === 'count') outcome = rule.list.includes(role) ? 'ok' : 'no'
          else if (op === 'findByID') outcome = rule.read.includes(role) ? 'ok' : 'no'
          else if (op === 'versions' || op === 'version') outcome = 'no'
          // Payload answers NotFound for documents the caller cannot read; the canary search is what matters.
          else if (op === 'access' && slug !== 'root') outcome = 'noop'
          await gql(`${q.name}`, role, outcome, `{ ${q.name}${args} ${selection} }`)
        }),
      )
    }
    // Refused writes through GraphQL change nothing (checked with the REST ones below).
    for (const name of mutations) {
      const { slug, op } = known.get(name)!
      if (!['create', 'update', 'delete'].includes(op) || GLOBALS[slug]) continue
      const rule = COLLECTIONS[slug]
      const field = TAMPER_FIELD[slug]
      for (const role of ROLES) {
        const allowed = rule[op as 'create' | 'update' | 'delete'].includes(role)
        if (allowed) continue
        const mark = JSON.stringify(marker(op === 'create' ? 'REFUSED' : 'TAMPERED', slug, role))
        const id = JSON.stringify(target[slug])
        const query =
          op === 'create'
            ? `mutation { ${name}(data: { ${field}: ${mark} }) { id } }`
            : op === 'update'
              ? `mutation { ${name}(id: ${id}, data: { ${field}: ${mark} }) { id } }`
              : `mutation { ${name}(id: ${id}) { id } }`
        await gql(name, role, 'no', query)
      }
    }
    checkCells(from)
  }, 300_000)

  it('refuses filters and sorts on what the caller cannot read exactly as on fields that do not exist', async () => {
    const from = cells.length
    const refusal = (body: string, path: string) => body.split(path).join('<field>')
    const NON_STAFF: Role[] = ['anonymous', 'owner', 'other', 'artist', 'partner']
    for (const [slug, allowed] of Object.entries(PUBLIC_QUERYABLE)) {
      const fields = [
        'id',
        ...app.instance.config.collections
          .find((c) => c.slug === slug)!
          .flattenedFields.map((f) => f.name),
      ]
      await Promise.all(
        NON_STAFF.map(async (role) => {
          const ask = async (query: string) => {
            const res = await app.api.get(`/api/${slug}?${query}`, { headers: headersFor(role) })
            return { status: res.status, text: JSON.stringify(res.body) }
          }
          const missing = {
            where: await ask('where[noSuchField][exists]=true'),
            sort: await ask('sort=-noSuchField'),
          }
          expect(missing.where.status, `${slug} where on a missing field as ${role}`).toBe(400)
          expect(missing.sort.status, `${slug} sort on a missing field as ${role}`).toBe(400)
          for (const field of [
            ...fields,
            'consent.state',
            'owner.email',
            'images.uploadedBy',
            'campaigns.status',
            'people.role',
            'people.status',
          ]) {
            if (field.includes('.') && !fields.includes(field.split('.')[0])) continue
            const queries = {
              where: `where[${field}][exists]=true`,
              nested: `where[or][0][and][0][${field}][exists]=true`,
              sort: `sort=-${field}`,
            }
            for (const [kind, query] of Object.entries(queries)) {
              const res = await ask(query)
              const mayQuery = allowed.includes(field)
              const same =
                res.status === 400 &&
                refusal(res.text, field) ===
                  refusal(missing[kind === 'sort' ? 'sort' : 'where'].text, 'noSuchField')
              cells.push({
                name: `${slug} ${kind} on ${field}`,
                role,
                outcome: mayQuery ? 'ok' : 'no',
                status: mayQuery ? res.status : same ? 400 : 200,
                text: res.text,
              })
            }
          }
        }),
      )
    }
    // The oracle of issue 11 (item 4), and the same through GraphQL.
    const at = new Date().toISOString()
    const oracle = await app.api.get(
      `/api/stories?where[id][equals]=${unnamedStory}&where[createdAt][less_than]=${at}`,
    )
    expect(oracle.status).toBe(400)
    for (const role of NON_STAFF) {
      for (const args of [
        `where: { createdAt: { less_than: "${at}" } }`,
        'sort: "createdAt"',
        'where: { legalName: { like: "a" } }',
        'where: { OR: [{ AND: [{ updatedAt: { exists: true } }] }] }',
      ]) {
        const res = await app.api.post(
          '/api/graphql',
          { query: `{ Stories(${args}) { docs { id } } }` },
          { headers: headersFor(role) },
        )
        cells.push({
          name: `graphql Stories(${args})`,
          role,
          outcome: 'no',
          status: graphqlOutcome(res.status, res.body),
          text: JSON.stringify(res.body),
        })
      }
      const media = await app.api.post(
        '/api/graphql',
        {
          query: `{ allMedia(where: { uploadedBy: { equals: "${app.people.owner.id}" } }) { docs { id } } }`,
        },
        { headers: headersFor(role) },
      )
      cells.push({
        name: 'graphql allMedia(where uploadedBy)',
        role,
        outcome: 'no',
        status: graphqlOutcome(media.status, media.body),
        text: JSON.stringify(media.body),
      })
    }
    // Staff keep every filter the admin uses; names and contacts are sealed at rest, so only an
    // exact contact search (through its keyed index) is answered on them.
    expectStatus(
      await app.api.get('/api/stories?where[contactEmail][equals]=a@example.org&sort=-createdAt', {
        token: app.people.editor.token,
      }),
      200,
    )
    expectStatus(
      await app.api.get('/api/stories?where[legalName][like]=a', {
        token: app.people.editor.token,
      }),
      400,
    )
    checkCells(from)
  }, 300_000)

  it('finds no canary where its role may not see it, and nothing changed by a refused write', async () => {
    const { payload } = app.instance
    const leaks = cells.flatMap((c) =>
      canaries.leaks(c.role, c.text).map((canary) => `${c.name} as ${c.role}: ${canary}`),
    )
    const size = {
      collections: Object.keys(COLLECTIONS).length - NOT_SERVED.length,
      globals: Object.keys(GLOBALS).length,
      roles: ROLES.length,
      cells: cells.length,
    }
    console.log(`surface matrix [${database}]: ${JSON.stringify(size)}`)
    for (const [slug, id] of Object.entries(target)) {
      if (['payload-jobs', 'payload-kv'].includes(slug)) continue
      const doc = await payload.findByID({
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every collection
        collection: slug as any,
        id,
        depth: 0,
        disableErrors: true,
      })
      expect(doc, `${slug}/${id} was deleted by a refused request`).toBeTruthy()
    }
    const dump: string[] = []
    for (const collection of app.instance.config.collections) {
      const { docs } = await payload.find({
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every collection
        collection: collection.slug as any,
        pagination: false,
        depth: 0,
        locale: 'all',
        showHiddenFields: true,
      })
      dump.push(JSON.stringify(docs))
    }
    const everything = dump.join('\n')
    expect(everything.match(/(REFUSED|TAMPERED)-[a-z-]+-[a-z]+/gi) ?? []).toEqual([])
    expect(leaks).toEqual([])
  })

  function checkCells(from = 0): void {
    if (process.env.MATRIX_DUMP)
      fs.writeFileSync(
        process.env.MATRIX_DUMP,
        JSON.stringify(
          cells.map(({ text, ...c }) => ({ ...c, text: text.slice(0, 300) })),
          null,
          1,
        ),
      )
    const wrong = cells
      .slice(from)
      .filter((c) => !matches(c.outcome, c.status))
      .map(
        (c) =>
          `${c.name} as ${c.role}: expected ${c.outcome}, got ${c.status} ${c.text.slice(0, 160)}`,
      )
    expect(wrong).toEqual([])
  }
})
