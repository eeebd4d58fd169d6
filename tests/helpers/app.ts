import type { Plugin } from 'payload'
import { afterAll, beforeAll } from 'vitest'

import { resetClockForTests } from '../../src/lib/clock'
import { type ApiClient, apiClient } from './api'
import type { DatabaseKind } from './databases'
import { type Account, createAccounts, createConsentText } from './fixtures'
import type { SelfServiceOptions } from '../../src/selfservice'
import { type HttpTestServer, startHttp } from './http'
import { type TestInstance, startPayload } from './payload'
import { type S3TestServer, startS3 } from './s3'

export type TestApp = {
  instance: TestInstance
  server: HttpTestServer
  api: ApiClient
  /** Signed-in accounts, by the names given. */
  people: Record<string, Account>
  /** An active consent text to cite in grants. */
  textId: string
  /** The S3 server uploads go to, when asked for. */
  s3?: S3TestServer
}

/** Suites submit many stories from one address; the limits themselves have their own test. */
const GENEROUS_LIMITS = {
  limits: {
    submissions: { points: 10_000, seconds: 60 },
    management: { points: 10_000, seconds: 60 },
  },
}

/**
 * Boots Payload and its HTTP API for the enclosing `describe`, with the given accounts
 * (name → role) and an active consent text, and closes everything afterwards.
 */
export function useTestApp(
  database: DatabaseKind,
  accounts: Record<string, string> = {},
  {
    s3 = false,
    selfService = GENEROUS_LIMITS,
    plugins = [],
  }: { s3?: boolean; selfService?: Omit<SelfServiceOptions, 'baseUrl'>; plugins?: Plugin[] } = {},
): TestApp {
  const app = {} as TestApp
  beforeAll(async () => {
    if (s3) app.s3 = await startS3()
    app.instance = await startPayload({ database, s3: app.s3, plugins })
    app.server = await startHttp(app.instance, selfService)
    app.api = apiClient(app.server)
    app.people = await createAccounts(app.instance.payload, app.server, accounts)
    app.textId = String((await createConsentText(app.instance.payload)).id)
  })
  afterAll(async () => {
    resetClockForTests()
    await app.server?.close()
    await app.instance?.close()
    await app.s3?.close()
  })
  return app
}
