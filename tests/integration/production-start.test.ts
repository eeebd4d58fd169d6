import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Env, freePort, run, startGroup, stopGroup, waitForHttp } from '../helpers/processes'

// `npm run build` then `npm start`, as an operator would, on an empty SQLite file: the committed
// migrations must create every table, since production never pushes the schema.
describe('production start on an empty database', () => {
  const buildEnv: Env = { NEXT_DIST_DIR: '.next-test' }
  let dir: string

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-prod-'))
    const build = await run('npm', ['run', 'build'], buildEnv, 600_000)
    expect(build.code, build.output).toBe(0)
  }, 660_000)
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true })
  })

  it('refuses to start without PAYLOAD_SECRET, with a clear message and no database touched', async () => {
    const port = await freePort()
    const result = await run('npm', ['start'], { ...buildEnv, PORT: String(port), DATABASE_URI: `file:${dir}/refused.db` })
    expect(result.code).not.toBe(0)
    expect(result.output).toContain('Relato cannot start: PAYLOAD_SECRET is not set')
    expect(result.output).not.toMatch(/^\s+at /m)
    await expect(fs.stat(`${dir}/refused.db`)).rejects.toThrow()
  })

  it('refuses an unsupported DATABASE_URI, naming the accepted forms', async () => {
    const result = await run('npm', ['start'], { ...buildEnv, PAYLOAD_SECRET: 'x', DATABASE_URI: 'postgres://db/relato' })
    expect(result.code).not.toBe(0)
    expect(result.output).toMatch(/Accepted forms: .*file:.*mongodb:\/\//)
  })

  it('applies the migrations and serves /admin and the REST API', async () => {
    const port = await freePort()
    const server = startGroup('npm', ['start'], {
      ...buildEnv,
      PORT: String(port),
      PAYLOAD_SECRET: 'production-test-secret',
      DATABASE_URI: `file:${dir}/relato.db`,
      MEDIA_DIR: `${dir}/media`,
    })
    try {
      const alive = () => server.child.exitCode === null
      const admin = await waitForHttp(`http://127.0.0.1:${port}/admin`, 120_000, alive)
      expect(admin.status, server.output()).toBe(200)
      expect(server.output()).toMatch(/Migrated:\s+\d{8}_\d{6}_initial/)

      // A table the migration made answers through the API (access denied, not a missing table).
      const users = await fetch(`http://127.0.0.1:${port}/api/users`)
      expect(users.status).toBe(403)
      const first = await fetch(`http://127.0.0.1:${port}/api/users/first-register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@example.org', password: 'a long enough password' }),
      })
      expect(first.status).toBe(200)
      expect(((await first.json()) as { user: { role: string } }).user.role).toBe('admin')
      const home = await fetch(`http://127.0.0.1:${port}/`)
      expect(home.status).toBe(200)

      // The built server runs the whole media pipeline, face detector included.
      const login = await fetch(`http://127.0.0.1:${port}/api/users/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@example.org', password: 'a long enough password' }),
      })
      const { token } = (await login.json()) as { token: string }
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(await fs.readFile('tests/fixtures/face-astronaut.png'))]), 'portrait.png')
      form.append('_payload', JSON.stringify({ alt: 'A portrait', pixelateFaces: true }))
      const uploaded = await fetch(`http://127.0.0.1:${port}/api/media`, { method: 'POST', headers: { authorization: `JWT ${token}` }, body: form })
      const body = (await uploaded.json()) as { doc?: { facesFound: number; url: string } }
      expect(uploaded.status, JSON.stringify(body)).toBe(201)
      expect(body.doc?.facesFound).toBeGreaterThanOrEqual(1)
      expect((await fetch(`http://127.0.0.1:${port}${body.doc?.url}`)).status).toBe(404)
    } finally {
      await stopGroup(server.child)
    }
  })
})
