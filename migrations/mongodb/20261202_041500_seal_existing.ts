import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-mongodb'

import { resealAll } from '../../src/safety/reseal'

// MongoDB needs no schema migrations (collections and indexes follow the config); this one only
// seals the names and contacts that releases before encryption stored plain, as the SQLite
// migration 20261202_020251 does. It goes through the adapter (src/safety/reseal.ts), so it is the
// same code the SQLite migration test runs; safe to repeat (`npm run keys:rotate` does the same).
export async function up({ payload, req }: MigrateUpArgs): Promise<void> {
  await resealAll(payload, req)
}

// Sealed values stay sealed: opening them again would put names back in plain text.
export async function down(_args: MigrateDownArgs): Promise<void> {}
