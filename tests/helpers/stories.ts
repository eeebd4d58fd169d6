import type { TestApp } from './app'
import { expectStatus } from './fixtures'

export const FULL_CHECKLIST = { identifyingDetailsRemoved: true, thirdPartiesProtected: true, locationCoarse: true, imagesChecked: true }

/**
 * A story written by `author`, consented with `scopes` and taken to `published` by `editor`,
 * all over HTTP, as people would do it. Returns its id.
 */
export async function publishedStory(
  app: TestApp,
  { author, editor, scopes, images = [], extra = {} }: { author: string; editor: string; scopes: string[]; images?: string[]; extra?: Record<string, unknown> },
): Promise<string> {
  const { api, people } = app
  const created = expectStatus(await api.post('/api/stories', { title: 'A story', language: 'en', ...extra }, { token: people[author].token }), 201)
  const id = created.body.doc.id as string
  expectStatus(
    await api.post('/api/consent-records', { subject: { relationTo: 'stories', value: id }, action: 'grant', scopes, consentText: app.textId }, { token: people[author].token }),
    201,
  )
  expectStatus(await api.patch(`/api/stories/${id}`, { images, safetyChecklist: FULL_CHECKLIST }, { token: people[editor].token }), 200)
  for (const status of ['in_review', 'approved', 'published']) {
    expectStatus(await api.patch(`/api/stories/${id}`, { status }, { token: people[editor].token }), 200)
  }
  return id
}

export const withdrawConsent = async (app: TestApp, kind: 'stories' | 'artworks', id: string, who: string) =>
  expectStatus(await app.api.post('/api/consent-records', { subject: { relationTo: kind, value: id }, action: 'withdraw' }, { token: app.people[who].token }), 201)
