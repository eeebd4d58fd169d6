import type { TestApp } from './app'
import { expectStatus } from './fixtures'
import { secondEditor } from './stories'

export const DAY = 86_400_000

/** An ISO date `days` from now (a resource's `nextReviewAt`). */
export const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString()

/**
 * Takes a submitted resource to `published` (or only to `approved`, to publish it in the test
 * itself) over HTTP, through the four-eyes workflow: the app's `editor` sends it to review and
 * publishes it, a second editor approves it.
 */
export async function publishResource(
  app: TestApp,
  id: string,
  until: 'approved' | 'published' = 'published',
): Promise<void> {
  const { api, people } = app
  const second = await secondEditor(app)
  const moves = [
    ['in_review', people.editor.token],
    ['approved', second.token],
    ['published', people.editor.token],
  ]
  for (const [status, token] of moves.slice(0, until === 'approved' ? 2 : 3))
    expectStatus(await api.patch(`/api/resources/${id}`, { status }, { token }), 200)
}
