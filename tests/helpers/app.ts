import { afterAll, beforeAll } from 'vitest'

import { resetClockForTests } from '../../src/lib/clock'
import { type ApiClient, apiClient } from './api'
import type { DatabaseKind } from './databases'
import { type Account, createAccounts, createConsentText } from './fixtures'
import { type HttpTestServer, startHttp } from './http'
import { type TestInstance, startPayload } from './payload'

export type TestApp = {
  instance: TestInstance
  server: HttpTestServer
  api: ApiClient
  /** Signed-in accounts, by the names given. */
  people: Record<string, Account>
  /** An active consent text to cite in grants. */
  textId: string
}

/**
 * Boots Payload and its HTTP API for the enclosing `describe`, with the given accounts
 * (name → role) and an active consent text, and closes everything afterwards.
 */
export function useTestApp(database: DatabaseKind, accounts: Record<string, string> = {}): TestApp {
  const app = {} as TestApp
  beforeAll(async () => {
    app.instance = await startPayload({ database })
    app.server = await startHttp(app.instance)
    app.api = apiClient(app.server)
    app.people = await createAccounts(app.instance.payload, app.server, accounts)
    app.textId = String((await createConsentText(app.instance.payload)).id)
  })
  afterAll(async () => {
    resetClockForTests()
    await app.server?.close()
    await app.instance?.close()
  })
  return app
}
