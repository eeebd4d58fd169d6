/**
 * `npm start` runs this first: a production start-up with a missing secret or an unusable
 * DATABASE_URI stops here with one clear line instead of a stack trace.
 */
import path from 'node:path'

import { chooseDatabase, DatabaseConfigError } from '../src/lib/database'
import { MissingSecretError, resolveSecret } from '../src/lib/secret'

try {
  resolveSecret({ ...process.env, NODE_ENV: 'production' }, path.resolve('data'))
  chooseDatabase(process.env.DATABASE_URI)
} catch (error) {
  if (error instanceof MissingSecretError || error instanceof DatabaseConfigError) {
    console.error(`Relato cannot start: ${error.message}`)
    process.exit(1)
  }
  throw error
}
