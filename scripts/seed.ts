/** `npm run seed`: fills the configured database with the demo organisation. */
import { getPayload } from 'payload'

import config from '../payload.config'
import { seed } from '../src/seed'

const payload = await getPayload({ config })
try {
  const report = await seed(payload)
  for (const line of report.created) console.log(`created  ${line}`)
  for (const line of report.existing) console.log(`exists   ${line}`)
  if (report.credentials.length) {
    console.log('\nSign-in details (shown only this once; change the passwords after signing in):')
    for (const { email, password } of report.credentials) console.log(`  ${email}  ${password}`)
  } else {
    console.log('\nNothing new was created; passwords of existing accounts are not shown again.')
  }
} finally {
  await payload.destroy()
}
process.exit(0)
