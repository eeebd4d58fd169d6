import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { MissingSecretError, resolveSecret } from '../../src/lib/secret'

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
})
