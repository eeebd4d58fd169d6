import { afterAll, beforeAll, expect, it } from 'vitest'

import { apiClient } from '../helpers/api'
import { describeEachDatabase } from '../helpers/databases'
import { type HttpTestServer, startHttp } from '../helpers/http'
import { type TestInstance, startPayload } from '../helpers/payload'

const PASSWORD = 'correct horse battery staple'

describeEachDatabase('users, roles and account access', (database) => {
  let instance: TestInstance
  let server: HttpTestServer
  let api: ReturnType<typeof apiClient>
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    instance = await startPayload({ database })
    server = await startHttp(instance)
    api = apiClient(server)
  })
  afterAll(async () => {
    await server?.close()
    await instance?.close()
  })

  it('makes the first registered user an admin, whatever role was asked for', async () => {
    const res = await api.post('/api/users/first-register', {
      email: 'first@example.org',
      password: PASSWORD,
      role: 'partner',
    })
    expect(res.status).toBe(200)
    expect(res.body.user.role).toBe('admin')
    ids.admin = res.body.user.id
    expect(typeof ids.admin).toBe('string')
  })

  it('refuses a second first-register once a user exists', async () => {
    const res = await api.post('/api/users/first-register', {
      email: 'second@example.org',
      password: PASSWORD,
    })
    expect(res.status).toBe(403)
    const { totalDocs } = await instance.payload.count({
      collection: 'users',
      where: { email: { equals: 'second@example.org' } },
    })
    expect(totalDocs).toBe(0)
  })

  it('lets only admins create users and set roles', async () => {
    const adminToken = await api.login('first@example.org', PASSWORD)
    for (const role of ['editor', 'storyteller', 'artist', 'partner'] as const) {
      const res = await api.post(
        '/api/users',
        { email: `${role}@example.org`, password: PASSWORD, role },
        { token: adminToken },
      )
      expect(res.status).toBe(201)
      expect(res.body.doc.role).toBe(role)
      ids[role] = res.body.doc.id
    }
    const editorToken = await api.login('editor@example.org', PASSWORD)
    const byEditor = await api.post(
      '/api/users',
      { email: 'sneaky@example.org', password: PASSWORD, role: 'admin' },
      { token: editorToken },
    )
    expect(byEditor.status).toBe(403)
    const anonymous = await api.post('/api/users', {
      email: 'anon@example.org',
      password: PASSWORD,
    })
    expect(anonymous.status).toBe(403)
  })

  it('never lets a non-admin change a role, their own included', async () => {
    for (const role of ['editor', 'storyteller', 'artist', 'partner'] as const) {
      const token = await api.login(`${role}@example.org`, PASSWORD)
      await api.patch(`/api/users/${ids[role]}`, { role: 'admin' }, { token })
      const after = await instance.payload.findByID({ collection: 'users', id: ids[role] })
      expect(after.role).toBe(role)
    }
    const adminToken = await api.login('first@example.org', PASSWORD)
    const promoted = await api.patch(
      `/api/users/${ids.artist}`,
      { role: 'editor' },
      { token: adminToken },
    )
    expect(promoted.status).toBe(200)
    expect(promoted.body.doc.role).toBe('editor')
    await api.patch(`/api/users/${ids.artist}`, { role: 'artist' }, { token: adminToken })
  })

  it('shows non-admins only their own account', async () => {
    const token = await api.login('editor@example.org', PASSWORD)
    const list = await api.get('/api/users', { token })
    expect(list.status).toBe(200)
    expect(list.body.docs.map((user: { id: string }) => user.id)).toEqual([ids.editor])
    const other = await api.get(`/api/users/${ids.storyteller}`, { token })
    expect([403, 404]).toContain(other.status)
    expect(JSON.stringify(other.body)).not.toContain('storyteller@example.org')
    const anonymous = await api.get('/api/users')
    expect(anonymous.status).toBe(403)
    const adminToken = await api.login('first@example.org', PASSWORD)
    const all = await api.get('/api/users?limit=50', { token: adminToken })
    expect(all.body.totalDocs).toBe(5)
  })

  it('hides other users from GraphQL too', async () => {
    const token = await api.login('storyteller@example.org', PASSWORD)
    const res = await api.post(
      '/api/graphql',
      { query: '{ Users(limit: 50) { docs { id email } } }' },
      { token },
    )
    expect(res.status).toBe(200)
    expect(res.body.data.Users.docs).toEqual([
      { id: ids.storyteller, email: 'storyteller@example.org' },
    ])
  })

  it('locks an account after 5 failed logins; only an admin can unlock it', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await api.post('/api/users/login', {
        email: 'storyteller@example.org',
        password: 'wrong password',
      })
      expect(res.status).toBe(401)
    }
    const locked = await api.post('/api/users/login', {
      email: 'storyteller@example.org',
      password: PASSWORD,
    })
    expect(locked.status).toBe(401)
    expect(JSON.stringify(locked.body)).toMatch(/locked/i)

    const editorToken = await api.login('editor@example.org', PASSWORD)
    const byEditor = await api.post(
      '/api/users/unlock',
      { email: 'storyteller@example.org' },
      { token: editorToken },
    )
    expect(byEditor.status).toBe(403)
    const byAnonymous = await api.post('/api/users/unlock', { email: 'storyteller@example.org' })
    expect(byAnonymous.status).toBe(403)
    const stillLocked = await api.post('/api/users/login', {
      email: 'storyteller@example.org',
      password: PASSWORD,
    })
    expect(stillLocked.status).toBe(401)

    const adminToken = await api.login('first@example.org', PASSWORD)
    const byAdmin = await api.post(
      '/api/users/unlock',
      { email: 'storyteller@example.org' },
      { token: adminToken },
    )
    expect(byAdmin.status).toBe(200)
    expect(await api.login('storyteller@example.org', PASSWORD)).toBeTruthy()
  })

  it('gives API keys to partner accounts only, handed out by an admin', async () => {
    const adminToken = await api.login('first@example.org', PASSWORD)
    const apiKey = 'partner-key-0123456789abcdef0123456789abcdef'
    const forPartner = await api.patch(
      `/api/users/${ids.partner}`,
      { enableAPIKey: true, apiKey },
      { token: adminToken },
    )
    expect(forPartner.status).toBe(200)
    const me = await api.get('/api/users/me', {
      headers: { authorization: `users API-Key ${apiKey}` },
    })
    expect(me.body.user?.email).toBe('partner@example.org')

    const forEditor = await api.patch(
      `/api/users/${ids.editor}`,
      { enableAPIKey: true, apiKey: 'editor-key-0123456789abcdef0123456789ab' },
      { token: adminToken },
    )
    expect(forEditor.status).toBe(400)
    expect(JSON.stringify(forEditor.body)).toMatch(/partner/i)

    const storytellerToken = await api.login('storyteller@example.org', PASSWORD)
    const ownKey = await api.patch(
      `/api/users/${ids.storyteller}`,
      { enableAPIKey: true, apiKey: 'storyteller-key-0123456789abcdef01234' },
      { token: storytellerToken },
    )
    expect(ownKey.status).toBe(403)

    // A partner cannot replace its own key: Payload drops the field, the old key keeps working.
    const partnerToken = await api.login('partner@example.org', PASSWORD)
    const chosen = 'partner-chosen-key-0123456789abcdef0123'
    await api.patch(`/api/users/${ids.partner}`, { apiKey: chosen }, { token: partnerToken })
    const withChosen = await api.get('/api/users/me', {
      headers: { authorization: `users API-Key ${chosen}` },
    })
    expect(withChosen.body.user ?? null).toBeNull()
    const stillOld = await api.get('/api/users/me', {
      headers: { authorization: `users API-Key ${apiKey}` },
    })
    expect(stillOld.body.user?.email).toBe('partner@example.org')

    const demoted = await api.patch(
      `/api/users/${ids.partner}`,
      { role: 'storyteller' },
      { token: adminToken },
    )
    expect(demoted.status).toBe(400)
  })

  it('keeps partners out of the admin panel', async () => {
    const partnerToken = await api.login('partner@example.org', PASSWORD)
    const access = await api.get('/api/access', { token: partnerToken })
    // Payload drops false permissions from this answer.
    expect(access.body.canAccessAdmin ?? false).toBe(false)
    const editorToken = await api.login('editor@example.org', PASSWORD)
    expect((await api.get('/api/access', { token: editorToken })).body.canAccessAdmin).toBe(true)
  })
})
