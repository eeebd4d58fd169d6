import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { MissingSecretError, resolveSecret } from '../../src/lib/secret'
import { run } from '../helpers/processes'

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'relato-secret-'))

describe('PAYLOAD_SECRET', () => {
  it('uses the given secret in every environment', () => {
    expect(resolveSecret({ PAYLOAD_SECRET: 'given', NODE_ENV: 'production' }, tempDir())).toBe(
      'given',
    )
  })

  it('stops production start-up with a clear message when missing', () => {
    const dir = tempDir()
    expect(() => resolveSecret({ NODE_ENV: 'production' }, dir)).toThrow(MissingSecretError)
    expect(() => resolveSecret({ NODE_ENV: 'production' }, dir)).toThrow(
      /PAYLOAD_SECRET is not set/,
    )
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('lets `next build` load the config without one (nothing is signed at build time)', () => {
    expect(
      resolveSecret({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' }, tempDir()),
    ).toBeTruthy()
  })

  it('generates a development secret once, keeps it in data/, readable only by its owner', () => {
    const dir = path.join(tempDir(), 'data')
    const first = resolveSecret({ NODE_ENV: 'development' }, dir)
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    expect(resolveSecret({ NODE_ENV: 'development' }, dir)).toBe(first)
    const file = path.join(dir, '.payload-secret')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })

  it('gives processes that start at once the same secret and data key, never a half-written file', async () => {
    const dir = path.join(tempDir(), 'data')
    // Each process waits for the same moment, then reads or makes both files.
    const at = Date.now() + 3_000
    const script = `
      import { resolveSecret } from './src/lib/secret.ts'
      import { resolveDataKeys } from './src/lib/dataKey.ts'
      while (Date.now() < ${at});
      const env = { NODE_ENV: 'development' }
      const key = resolveDataKeys(env, ${JSON.stringify(dir)}).current.toString('base64')
      console.log(JSON.stringify([resolveSecret(env, ${JSON.stringify(dir)}), key]))`
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        run('node', ['--import', 'tsx', '--input-type=module', '-e', script], {}),
      ),
    )
    for (const answer of answers) expect(answer.code, answer.output).toBe(0)
    const kept = answers.map((answer) => answer.output.trim().split('\n').at(-1))
    expect(new Set(kept).size).toBe(1)
    const [secret, key] = JSON.parse(kept[0]!) as [string, string]
    expect(secret).toBe(fs.readFileSync(path.join(dir, '.payload-secret'), 'utf8'))
    expect(Buffer.from(key, 'base64')).toHaveLength(32)
    // Only the two files: no partial copy left behind.
    expect(fs.readdirSync(dir).sort()).toEqual(['.payload-secret', '.relato-data-key'])
  })
})
