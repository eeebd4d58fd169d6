// Module resolve hook (runs in Node's hooks thread): appends every resolved module URL to the file
// named by RELATO_IMPORT_LOG. Used by tests/unit/database.test.ts to see what a process loaded.
import { appendFileSync } from 'node:fs'

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context)
  appendFileSync(process.env.RELATO_IMPORT_LOG, `${resolved.url}\n`)
  return resolved
}
