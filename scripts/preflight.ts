/**
 * `npm start` runs this first: a production start-up with a missing secret, data key or an
 * unusable DATABASE_URI stops here with one clear line instead of a stack trace.
 */
import path from 'node:path'

import { DataKeyError, resolveDataKeys } from '../src/lib/dataKey'
import { chooseDatabase, DatabaseConfigError } from '../src/lib/database'
import { MissingSecretError, resolveSecret } from '../src/lib/secret'

try {
  resolveSecret({ ...process.env, NODE_ENV: 'production' }, path.resolve('data'))
  chooseDatabase(process.env.DATABASE_URI)
  resolveDataKeys({ ...process.env, NODE_ENV: 'production' }, path.resolve('data'))
} catch (error) {
  if (
    error instanceof MissingSecretError ||
    error instanceof DatabaseConfigError ||
    error instanceof DataKeyError
  ) {
    console.error(`Relato cannot start: ${error.message}`)
    process.exit(1)
  }
  throw error
}
