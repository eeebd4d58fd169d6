import { describe, expect, it } from 'vitest'

import { run } from '../helpers/processes'

// `npm start` runs scripts/preflight.ts before anything touches the database.
const preflight = (env: Record<string, string>) =>
  run(
    'npx',
    ['tsx', 'scripts/preflight.ts'],
    {
      PAYLOAD_SECRET: 'preflight-test-secret',
      DATABASE_URI: 'file:/nonexistent/relato.db',
      ...env,
    },
    60_000,
  )

describe('production start-up and the data key', () => {
  it('stops with one clear line when RELATO_DATA_KEY is missing or not 32 bytes of base64', async () => {
    for (const [env, message] of [
      [{}, 'Relato cannot start: RELATO_DATA_KEY is not set.'],
      [
        { RELATO_DATA_KEY: 'c2hvcnQ=' },
        'Relato cannot start: RELATO_DATA_KEY must be 32 bytes written in base64',
      ],
      [
        {
          RELATO_DATA_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
          RELATO_DATA_KEY_PREVIOUS: 'nope',
        },
        'Relato cannot start: RELATO_DATA_KEY_PREVIOUS must be 32 bytes',
      ],
    ] as const) {
      const result = await preflight(env)
      expect(result.code, JSON.stringify(env)).toBe(1)
      expect(result.output).toContain(message)
      expect(result.output.trim().split('\n')).toHaveLength(1)
      expect(result.output).not.toMatch(/^\s+at /m)
    }
  })

  it('passes with a valid key', async () => {
    const result = await preflight({
      RELATO_DATA_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
    })
    expect(result).toEqual({ code: 0, output: '' })
  })
})
