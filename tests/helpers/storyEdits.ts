import type { ApiResponse } from './api'
import type { TestApp } from './app'
import { expectStatus } from './fixtures'

/**
 * Saves `data` onto story `id` over HTTP as the holder of `token` (in `locale` when given) and
 * fails unless the answer is `status` (200 by default). Returns the answer.
 */
export async function editStory(
  app: TestApp,
  token: string,
  id: string,
  data: Record<string, unknown>,
  { locale, status = 200 }: { locale?: string; status?: number } = {},
): Promise<ApiResponse> {
  const query = locale ? `?locale=${locale}` : ''
  return expectStatus(await app.api.patch(`/api/stories/${id}${query}`, data, { token }), status)
}
