import type { HttpTestServer } from './http'

export type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are inspected loosely in tests

export type ApiResponse = { status: number; body: Json; headers: Headers }

/** A tiny JSON client for the REST API under test. */
export type ApiClient = ReturnType<typeof apiClient>

export function apiClient(server: HttpTestServer) {
  const call = async (
    method: string,
    path: string,
    {
      token,
      body,
      headers = {},
    }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `JWT ${token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
    const text = await response.text()
    let parsed: Json = {}
    try {
      parsed = text ? JSON.parse(text) : {}
    } catch {
      parsed = { text }
    }
    return { status: response.status, body: parsed, headers: response.headers }
  }
  return {
    call,
    get: (path: string, options?: Parameters<typeof call>[2]) => call('GET', path, options),
    post: (path: string, body: unknown, options?: Parameters<typeof call>[2]) =>
      call('POST', path, { ...options, body }),
    patch: (path: string, body: unknown, options?: Parameters<typeof call>[2]) =>
      call('PATCH', path, { ...options, body }),
    delete: (path: string, options?: Parameters<typeof call>[2]) => call('DELETE', path, options),
    login: async (email: string, password: string): Promise<string> => {
      const res = await call('POST', '/api/users/login', { body: { email, password } })
      if (res.status !== 200)
        throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`)
      return res.body.token as string
    },
  }
}
