import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

import { testTmpDir } from './tests/helpers/tmpdir'

const root = path.dirname(fileURLToPath(import.meta.url))
// Test databases and uploads on a memory file system when there is one (tests/helpers/tmpdir.ts).
const tmp = testTmpDir()

export default defineConfig({
  resolve: {
    alias: {
      '@payload-config': path.resolve(root, 'payload.config.ts'),
      '@': path.resolve(root, 'src'),
    },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/globalSetup.ts'],
    setupFiles: ['tests/helpers/setup.ts'],
    environment: 'node',
    pool: 'forks',
    // Payload boots are CPU-bound and the machines here have two cores.
    maxWorkers: 2,
    // Each worker loads Payload, drizzle and sharp once for all its files, not once per file
    // (about 2 s each, 85 files). So a test file must leave the process as it found it: close its
    // instance (tests/helpers/payload.ts refuses a second one), restore any process.env it sets.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    env: {
      NEXT_TELEMETRY_DISABLED: '1',
      // Importing payload.config.ts evaluates its default export; keep that away from data/.
      PAYLOAD_SECRET: 'vitest-only-secret',
      // Payload skips the schema push when the schema looks unchanged since the last push in this
      // process, even onto a new database file; every test instance has a new one.
      PAYLOAD_FORCE_DRIZZLE_PUSH: 'true',
      ...(tmp ? { TMPDIR: tmp } : {}),
    },
  },
})
