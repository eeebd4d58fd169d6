// Runs in every test worker before its test file (vitest.config.ts setupFiles).
import { rememberPasswordHashes } from './passwordHashes'

// RELATO_TEST_SHORTCUTS=0 runs without the test-speed shortcuts (to measure what they save).
if (process.env.RELATO_TEST_SHORTCUTS !== '0') rememberPasswordHashes()
