import type { Payload } from 'payload'

import type { ApiResponse } from './api'
import { apiClient } from './api'
import type { HttpTestServer } from './http'

export const PASSWORD = 'a long and careful test password'

export type Account = { id: string; email: string; token: string; role: string }

/** Creates accounts (as the system) and signs each one in over HTTP. */
export async function createAccounts(
  payload: Payload,
  server: HttpTestServer,
  specs: Record<string, string>,
): Promise<Record<string, Account>> {
  const api = apiClient(server)
  const accounts: Record<string, Account> = {}
  for (const [name, role] of Object.entries(specs)) {
    const email = `${name}@example.org`
    const user = await payload.create({ collection: 'users', data: { email, password: PASSWORD, role: role as 'admin' } })
    accounts[name] = { id: String(user.id), email, role, token: await api.login(email, PASSWORD) }
  }
  return accounts
}

/** An active consent text, as the system. */
export async function createConsentText(payload: Payload, version = 'v1') {
  return payload.create({
    collection: 'consent-texts',
    data: { version, body: `I agree to share my story (${version}).`, active: true },
    locale: 'en',
  })
}

export const expectStatus = (res: ApiResponse, status: number) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`)
  return res
}
