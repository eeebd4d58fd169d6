/**
 * `npm run keys:rotate`: re-encrypts every sealed name and contact with RELATO_DATA_KEY, opening
 * values sealed with RELATO_DATA_KEY_PREVIOUS, and seals any value still stored plain. Run it
 * with both keys set; the server keeps reading both while it runs. Once it reports no
 * unreadable values, RELATO_DATA_KEY_PREVIOUS can be removed and the old key destroyed.
 */
import { getPayload } from 'payload'

import config from '../payload.config'
import { resealAll } from '../src/safety/reseal'

const payload = await getPayload({ config })
let code = 0
try {
  const report = await resealAll(payload)
  console.log(
    `documents changed: ${report.documents}; values rotated to the new key: ${report.rotated}; plain values sealed: ${report.sealed}; unreadable: ${report.unreadable}`,
  )
  if (report.unreadable) {
    console.error(
      'Some values open with neither key (see the log): keep RELATO_DATA_KEY_PREVIOUS and the old key until they are resolved.',
    )
    code = 1
  }
} finally {
  await payload.destroy()
}
process.exit(code)
