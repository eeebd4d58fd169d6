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
  // The first account on an empty database becomes an admin whatever it asks for
  // (collections/Users/hooks/firstUserIsAdmin.ts): an admin comes first, so each account has its role.
  const first = Object.values(specs)[0]
  if (
    first &&
    first !== 'admin' &&
    (await payload.count({ collection: 'users' })).totalDocs === 0
  ) {
    await payload.create({
      collection: 'users',
      data: { email: 'first-admin@example.org', password: PASSWORD, role: 'admin' },
    })
  }
  for (const [name, role] of Object.entries(specs)) {
    const email = `${name}@example.org`
    const user = await payload.create({
      collection: 'users',
      data: { email, password: PASSWORD, role: role as 'admin' },
    })
    if (user.role !== role) throw new Error(`${name} was made ${user.role}, not ${role}`)
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
  if (res.status !== status)
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`)
  return res
}
