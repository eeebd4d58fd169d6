import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Env, run } from '../helpers/processes'
import { readMetadata } from '../helpers/images'
import { startPayload } from '../helpers/payload'

// The seed command runs as its own process, exactly as `npm run seed` does; the database it
// fills is then opened in-process to count what is there.
describe('npm run seed', () => {
  let dir: string
  let env: Env
  const outputs: string[] = []

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-seed-'))
    env = { DATABASE_URI: `file:${dir}/relato.db`, MEDIA_DIR: `${dir}/media`, PAYLOAD_SECRET: 'seed-test' }
    for (let i = 0; i < 2; i++) {
      const result = await run('npm', ['run', 'seed'], env)
      expect(result.code, result.output).toBe(0)
      outputs.push(result.output)
    }
  })
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true })
  })

  it('prints the generated passwords on the first run only', () => {
    expect(outputs[0]).toMatch(/admin@relato\.example\s+\S{12,}/)
    expect(outputs[0]).toMatch(/editor@relato\.example\s+\S{12,}/)
    expect(outputs[1]).not.toMatch(/Sign-in details/)
    expect(outputs[1]).toMatch(/Nothing new was created/)
  })

  it('creates nothing twice', async () => {
    const instance = await startPayload({ env: { ...env, MEDIA_DIR: `${dir}/media` } })
    try {
      const { payload } = instance
      const users = await payload.find({ collection: 'users', limit: 100 })
      expect(users.docs.map((user) => user.email).sort()).toEqual(['admin@relato.example', 'editor@relato.example'])
      expect(users.docs.find((user) => user.email === 'admin@relato.example')?.role).toBe('admin')
      const media = await payload.find({ collection: 'media', limit: 100 })
      expect(media.totalDocs).toBe(3)
      const files = await fs.readdir(`${dir}/media`)
      expect(files.sort()).toEqual(media.docs.map((doc) => doc.filename).sort())
      for (const file of files) expect(await readMetadata(await fs.readFile(`${dir}/media/${file}`))).toBeNull()
      const spanish = await payload.findByID({ collection: 'media', id: media.docs[0].id, locale: 'es' })
      expect(spanish.alt).not.toBe(media.docs[0].alt)
    } finally {
      await instance.close()
    }
  })
})
